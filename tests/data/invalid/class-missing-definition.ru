# Breaks one constraint: a class has a definition.
# expect: mbxsh:Term-definition IAO:0000115 warning
DELETE WHERE { mylab:Exerkine IAO:0000115 ?definition }
