# Breaks one constraint: a class under two disjoint MBX classes (a myokine that is also an anatomical entity).
# expect: mbxsh:DisjointKindsShape - violation
INSERT DATA { lab:Exerkine rdfs:subClassOf mbx:AnatomicalEntity }
