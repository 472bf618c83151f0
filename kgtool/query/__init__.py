"""Saved queries: the registry, safe parameter binding, local and remote execution, result formats."""
