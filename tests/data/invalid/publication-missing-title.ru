# Breaks one constraint: a publication has a title.
# expect: mbxsh:Publication-title dcterms:title warning
DELETE WHERE { <https://doi.org/10.1038/s41419-022-05378-4> dcterms:title ?title }
