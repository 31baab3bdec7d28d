# Breaks one constraint: dcterms:created of a claim is an xsd:date.
# expect: mbxsh:Claim-created dcterms:created violation
DELETE DATA { mylab:claim-01 dcterms:created "2025-06-01"^^xsd:date } ;
INSERT DATA { mylab:claim-01 dcterms:created "June 2025" }
