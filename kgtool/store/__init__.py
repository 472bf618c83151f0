"""The project's files and their loading: the rdflib graph with file:line, Oxigraph terms, the cached store."""
