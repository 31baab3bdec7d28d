# Breaks one constraint: a quantity has a value or bounds.
# expect: mbxsh:QuantityShape - violation
DELETE DATA { mylab:rec-01-quantity mbx:minValue 2.0 ; mbx:maxValue 3.0 }
