# Breaks one constraint: an MBX source document names its seed file.
# expect: mbxsh:CuratedSource-seedFile mbx:seedFile violation
DELETE DATA { mylab:notes-2025 mbx:seedFile "notes-2025.txt" }
