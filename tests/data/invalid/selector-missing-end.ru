# Breaks one constraint: a selector has an end.
# expect: mbxsh:Selector-end oa:end violation
DELETE DATA { mylab:claim-01-selector oa:end "66"^^xsd:nonNegativeInteger }
