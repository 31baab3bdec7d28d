# Breaks one constraint: a publication's year is an xsd:gYear.
# expect: mbxsh:Publication-issued dcterms:issued warning
DELETE DATA { <https://doi.org/10.1038/s41419-022-05378-4> dcterms:issued "2022"^^xsd:gYear } ;
INSERT DATA { <https://doi.org/10.1038/s41419-022-05378-4> dcterms:issued 2022 }
