# Breaks one constraint: mbx:conditionQualifier takes an axis entity.
# expect: mbxsh:Claim-conditionQualifier mbx:conditionQualifier violation
INSERT DATA { mylab:claim-03 mbx:conditionQualifier mylab:notes-2025 }
