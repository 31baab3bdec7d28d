# Breaks one constraint: a recommendation's support type comes from the support type scheme.
# expect: mbxsh:Recommendation-supportType mbx:supportType violation
DELETE DATA { mylab:rec-01 mbx:supportType mbx:author_statement } ;
INSERT DATA { mylab:rec-01 mbx:supportType mbx:asserted }
