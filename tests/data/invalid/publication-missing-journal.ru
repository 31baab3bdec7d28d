# Breaks one constraint: a publication names its journal.
# expect: mbxsh:Publication-journal mbx:journal warning
DELETE WHERE { <https://doi.org/10.1038/s41419-022-05378-4> mbx:journal ?journal }
