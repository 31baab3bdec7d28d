# Breaks one constraint: a recommendation's hedging level comes from the hedging level scheme.
# expect: mbxsh:Recommendation-hedgingLevel mbx:hedgingLevel violation
DELETE DATA { mylab:rec-01 mbx:hedgingLevel mbx:asserted } ;
INSERT DATA { mylab:rec-01 mbx:hedgingLevel mbx:increased }
