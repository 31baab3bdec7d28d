# Breaks one constraint: an MBX source document has a title.
# expect: mbxsh:CuratedSource-title dcterms:title violation
DELETE DATA { mylab:notes-2025 dcterms:title "Lab notes on exerkines, 2025" }
