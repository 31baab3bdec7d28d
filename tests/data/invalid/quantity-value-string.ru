# Breaks one constraint: mbx:numericValue is an xsd:decimal.
# expect: mbxsh:Quantity-numericValue mbx:numericValue violation
DELETE DATA { mylab:claim-02-quantity mbx:numericValue 30.0 } ;
INSERT DATA { mylab:claim-02-quantity mbx:numericValue "30" }
