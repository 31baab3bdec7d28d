# Breaks one constraint: mbx:subjectAspectQualifier takes subject aspect concepts.
# expect: mbxsh:Claim-subjectAspectQualifier mbx:subjectAspectQualifier violation
INSERT DATA { mylab:claim-01 mbx:subjectAspectQualifier mbx:release }
