# Breaks one constraint: a recommendation has a source document.
# expect: mbxsh:Recommendation-statedIn mbx:statedIn violation
DELETE DATA { mylab:rec-01 mbx:statedIn mylab:notes-2025 }
