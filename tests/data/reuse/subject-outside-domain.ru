# Breaks one constraint: mbx:actsVia with a process as its subject (MBX expects a molecular entity).
# expect: mbxsh:Relation-actsVia - violation
INSERT DATA { lab:synaptogenesis_mouse_7 mbx:actsVia lab:trkb_mouse_7 }
