# Breaks one constraint: only terms MBX defines are used in its namespace.
# expect: mbxsh:UnknownTermShape mbx:stimulate violation
INSERT DATA { mylab:fgf21 mbx:stimulate mbx:bdnf }
