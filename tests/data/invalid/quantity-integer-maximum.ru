# Breaks one constraint: mbx:maxValue is an xsd:decimal.
# expect: mbxsh:Quantity-maxValue mbx:maxValue violation
DELETE DATA { mylab:rec-01-quantity mbx:maxValue 3.0 } ;
INSERT DATA { mylab:rec-01-quantity mbx:maxValue 3 }
