"""SHACL validation: the shapes, the engines (the fast one on pyoxigraph, pySHACL), the report.

The entry points are :func:`mbx.shacl.runner.validate_sources` (what ``mbx
validate`` calls) and :func:`mbx.shacl.runner.validate_graph` (quads in, a
:class:`mbx.shacl.report.ValidationReport` out). The default engine is
:mod:`mbx.shacl.engine`; pySHACL is the reference (``--engine pyshacl``) and
the fallback for shapes the engine does not evaluate.
"""
