# Breaks one constraint: mbx:statedIn takes a node typed mbx:SourceDocument.
# expect: mbxsh:Claim-statedIn mbx:statedIn violation
DELETE DATA { mylab:claim-01 mbx:statedIn mylab:notes-2025 } ;
INSERT DATA { mylab:claim-01 mbx:statedIn mylab:nowhere }
