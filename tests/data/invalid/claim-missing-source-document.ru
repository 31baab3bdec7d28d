# Breaks one constraint: a claim has one source document.
# expect: mbxsh:Claim-statedIn mbx:statedIn violation
DELETE DATA { mylab:claim-01 mbx:statedIn mylab:notes-2025 }
