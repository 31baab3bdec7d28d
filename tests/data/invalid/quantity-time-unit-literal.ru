# Breaks one constraint: mbx:perTimeUnit takes a unit IRI.
# expect: mbxsh:Quantity-perTimeUnit mbx:perTimeUnit violation
DELETE DATA { mylab:rec-01-quantity mbx:perTimeUnit unit:WK } ;
INSERT DATA { mylab:rec-01-quantity mbx:perTimeUnit "week" }
