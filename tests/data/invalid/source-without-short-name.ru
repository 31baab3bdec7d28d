# Breaks one constraint: an MBX source document has a short name.
# expect: mbxsh:CuratedSource-shortName dcterms:alternative violation
DELETE DATA { mylab:notes-2025 dcterms:alternative "lab notes" }
