# Breaks one constraint: a class has one definition.
# expect: mbxsh:Term-oneDefinition IAO:0000115 violation
INSERT DATA { mylab:Exerkine IAO:0000115 "A second definition." }
