# Breaks one constraint: mbx:minValue is not above mbx:maxValue.
# expect: mbxsh:Quantity-minValue mbx:minValue violation
DELETE DATA { mylab:rec-01-quantity mbx:minValue 2.0 } ;
INSERT DATA { mylab:rec-01-quantity mbx:minValue 4.0 }
