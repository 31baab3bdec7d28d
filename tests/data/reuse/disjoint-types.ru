# Breaks one constraint: an individual typed with two disjoint MBX classes (a molecule and a brain region).
# expect: mbxsh:DisjointKindsShape - violation
INSERT DATA { lab:fgf21_mouse_7 a mbx:BrainRegion }
