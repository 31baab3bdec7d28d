# Breaks one constraint: no node or class is under two disjoint MBX classes.
# expect: mbxsh:DisjointKindsShape - violation
INSERT DATA { mylab:fgf21 rdfs:subClassOf mbx:BrainRegion }
