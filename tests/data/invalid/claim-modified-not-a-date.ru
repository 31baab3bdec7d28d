# Breaks one constraint: dcterms:modified of a claim is an xsd:date.
# expect: mbxsh:Claim-modified dcterms:modified violation
DELETE DATA { mylab:claim-02 dcterms:modified "2025-07-01"^^xsd:date } ;
INSERT DATA { mylab:claim-02 dcterms:modified "2025-07-01"^^xsd:dateTime }
