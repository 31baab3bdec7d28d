# Breaks one constraint: a claim with a hedging cue is not asserted.
# expect: mbxsh:HedgedLevelShape - violation
INSERT DATA { mylab:claim-02 mbx:hedgingCue "indicates" }
