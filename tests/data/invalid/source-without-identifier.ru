# Breaks one constraint: an MBX source document has an identifier.
# expect: mbxsh:CuratedSource-identifier dcterms:identifier violation
DELETE DATA { mylab:notes-2025 dcterms:identifier "notes-2025" }
