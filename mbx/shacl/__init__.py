"""SHACL validation: shapes, the pySHACL runner, the fast engine on pyoxigraph, reports."""
