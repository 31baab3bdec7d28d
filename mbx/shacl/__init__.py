"""SHACL validation: the shapes, pySHACL (runner), the report model (report), its renderers.

The entry points are :func:`mbx.shacl.runner.validate_sources` (what ``mbx
validate`` calls) and :func:`mbx.shacl.runner.validate_graph` (quads in, a
:class:`mbx.shacl.report.ValidationReport` out).
"""
