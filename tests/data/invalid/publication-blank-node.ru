# Breaks one constraint: a publication is identified by an IRI.
# expect: mbxsh:PublicationShape - violation
INSERT DATA { _:paper a mbx:JournalArticle ; dcterms:title "A paper without an identifier" }
