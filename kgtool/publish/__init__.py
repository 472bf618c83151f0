"""Publishing: the SPARQL 1.1 Graph Store Protocol client (kgtool publish) and the local server (kgtool serve)."""
