"""The default values of command-line options, kept in a leaf so that building the parser imports nothing heavy.

``kgtool --help`` (and every command's parser) needs these values, not the modules that use them: those import
rdflib, pySHACL and SPARQLWrapper, which take seconds to import. Each module that uses a value imports it from
here under the same name (``kgtool.query.endpoint.DEFAULT_GRAPH`` is still there).
"""

from __future__ import annotations

DEFAULT_GRAPH = "https://w3id.org/connelly/graph"
"""The named graph ``kgtool publish`` writes into and ``kgtool query --endpoint`` reads."""
DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for a remote SPARQL endpoint."""
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
"""Where ``kgtool serve`` listens."""
DEFAULT_BATCH_SIZE = 10_000
"""Triples per request of ``kgtool publish``."""
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
PROJECT_URL = "https://w3id.org/connelly/"
DEFAULT_RATE = 1.0
DEFAULT_BATCH = 50
"""``kgtool reconcile``: the endpoint, the contact URL of the User-Agent, requests per second, labels per request."""
DEFAULT_MIN_SCORE = 80
"""``kgtool reconcile``: the score (0-100) a link needs to be accepted."""
ALLOW_REMOTE_CONTEXTS = "KGTOOL_ALLOW_REMOTE_CONTEXTS"
"""The environment variable (set to 1) that lets JSON-LD input name remote contexts (``--allow-remote-contexts``)."""
