# Breaks one constraint: a publication names its authors.
# expect: mbxsh:Publication-creator dcterms:creator warning
DELETE WHERE { <https://doi.org/10.1038/s41419-022-05378-4> dcterms:creator ?author }
