# Breaks one constraint: a claim's direct edge (subject predicate object) is asserted.
# expect: mbxsh:ClaimEdgeAssertedShape - violation
DELETE DATA { mylab:fgf21 mbx:increases mylab:hippocampal_plasticity }
