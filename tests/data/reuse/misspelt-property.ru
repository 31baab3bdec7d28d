# Breaks one constraint: a misspelt MBX relation (mbx:stimulate for mbx:stimulates).
# expect: mbxsh:UnknownTermShape mbx:stimulate violation
DELETE DATA { lab:fgf21_mouse_7 mbx:stimulates lab:synaptogenesis_mouse_7 } ;
INSERT DATA { lab:fgf21_mouse_7 mbx:stimulate lab:synaptogenesis_mouse_7 }
