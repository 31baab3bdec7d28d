# Breaks one constraint: mbx:targetPopulation takes a population.
# expect: mbxsh:Recommendation-targetPopulation mbx:targetPopulation violation
INSERT DATA { mylab:rec-01 mbx:targetPopulation mylab:notes-2025 }
