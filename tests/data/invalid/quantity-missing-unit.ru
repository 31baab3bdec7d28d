# Breaks one constraint: a quantity has a unit.
# expect: mbxsh:Quantity-unit mbx:unit violation
DELETE DATA { mylab:rec-01-quantity mbx:unit unit:NUM }
