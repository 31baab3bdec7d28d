# Breaks one constraint: MBX identifies a publication by its DOI IRI.
# expect: mbxsh:CuratedPublicationShape - violation
INSERT DATA { mylab:paper-x a mbx:JournalArticle ; rdfs:label "a paper without a DOI" }
