# Breaks one constraint: the lab's class has no definition (a warning).
# expect: mbxsh:Term-definition IAO:0000115 warning
DELETE WHERE { lab:Exerkine IAO:0000115 ?definition }
