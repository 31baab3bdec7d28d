# Breaks one constraint: a claim whose sentence cites a paper rests on it.
# expect: mbxsh:CitingSupportShape - warning
DELETE DATA { mylab:claim-02 mbx:supportType mbx:cited_literature } ;
INSERT DATA { mylab:claim-02 mbx:supportType mbx:author_statement }
