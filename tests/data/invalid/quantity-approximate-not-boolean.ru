# Breaks one constraint: mbx:approximate is an xsd:boolean.
# expect: mbxsh:Quantity-approximate mbx:approximate violation
DELETE DATA { mylab:claim-02-quantity mbx:approximate true } ;
INSERT DATA { mylab:claim-02-quantity mbx:approximate "about" }
