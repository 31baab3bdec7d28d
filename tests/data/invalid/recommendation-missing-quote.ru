# Breaks one constraint: a recommendation has a quote.
# expect: mbxsh:Recommendation-quote mbx:quote violation
DELETE WHERE { mylab:rec-01 mbx:quote ?quote }
