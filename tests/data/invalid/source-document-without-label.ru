# Breaks one constraint: a source document has a label.
# expect: mbxsh:SourceDocument-label rdfs:label warning
DELETE DATA { mylab:notes-2025 rdfs:label "Lab notes 2025" }
