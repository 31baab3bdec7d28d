# Breaks one constraint: a selector starts before it ends.
# expect: mbxsh:Selector-start oa:start violation
DELETE DATA { mylab:claim-01-selector oa:start "0"^^xsd:nonNegativeInteger } ;
INSERT DATA { mylab:claim-01-selector oa:start "70"^^xsd:nonNegativeInteger }
