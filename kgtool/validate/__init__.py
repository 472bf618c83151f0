"""Validation: SHACL shapes and SPARQL checks, delta validation, reports (above store; independent of query)."""
