# Breaks one constraint: mbx:quantity takes a quantity value.
# expect: mbxsh:Recommendation-quantity mbx:quantity violation
INSERT DATA { mylab:rec-01 mbx:quantity mylab:nowhere }
