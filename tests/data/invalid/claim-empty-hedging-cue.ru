# Breaks one constraint: mbx:hedgingCue is not empty.
# expect: mbxsh:Claim-hedgingCue mbx:hedgingCue violation
INSERT DATA { mylab:claim-01 mbx:hedgingCue "" }
