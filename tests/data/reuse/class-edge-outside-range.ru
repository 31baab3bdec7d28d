# Breaks one constraint: a class-level edge whose object kind does not fit (mbx:crosses expects an anatomical barrier).
# expect: mbxsh:Relation-crosses-object mbx:crosses violation
INSERT DATA { lab:Exerkine mbx:crosses mbx:hippocampus }
