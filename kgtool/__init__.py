"""kgtool: validate, query and export the connelly-kg knowledge graph.

The library API the CLI is a thin layer over:

- :func:`kgtool.store.dataset.load_dataset` loads the ontology and data files into one rdflib graph and
  remembers the file and line where each subject is described;
- :func:`kgtool.validate.engine.validate_dataset` runs the SHACL shapes and the SPARQL checks of ``checks/``
  and returns a :class:`Report`; :mod:`kgtool.validate.delta` validates only what a change touches;
- :func:`kgtool.query.registry.run_saved_query` runs a saved query from ``queries/`` with bound parameters.
"""

__version__ = "0.2.0"
