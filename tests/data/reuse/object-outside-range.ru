# Breaks one constraint: mbx:actsVia with a disease as its object (MBX expects a receptor or signaling pathway).
# expect: mbxsh:Relation-actsVia-object mbx:actsVia violation
INSERT DATA { lab:fgf21_mouse_7 mbx:actsVia mbx:alzheimers_disease }
