# Breaks one constraint: a claim is not a duplicate.
# expect: mbxsh:ClaimUniqueShape - violation
INSERT DATA { mylab:claim-04 a mbx:Claim ; mbx:subject mylab:fgf21 ; mbx:predicate mbx:increases ; mbx:object mylab:hippocampal_plasticity ; mbx:statedIn mylab:notes-2025 ; mbx:quote "FGF21 released during exercise may increase hippocampal plasticity" }
