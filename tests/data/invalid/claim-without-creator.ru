# Breaks one constraint: an MBX claim says who encoded it.
# expect: mbxsh:CuratedClaim-creator dcterms:creator violation
DELETE WHERE { mylab:claim-01 dcterms:creator ?who }
