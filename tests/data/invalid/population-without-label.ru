# Breaks one constraint: a population has a label.
# expect: mbxsh:Population-label rdfs:label warning
DELETE WHERE { mylab:adults rdfs:label ?label }
