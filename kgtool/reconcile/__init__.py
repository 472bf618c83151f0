"""``kgtool reconcile``: propose Wikidata identifiers (QIDs) for the graph's entities that have none.

- :mod:`~kgtool.reconcile.entities`: which entities lack a QID, and what is known to look them up by
  (labels, class, year, author, occupations);
- :mod:`~kgtool.reconcile.lookup`: batched, rate-limited SPARQL lookups on a Wikidata-shaped endpoint;
- :mod:`~kgtool.reconcile.scoring`: each candidate's score, with the reasons, and the links accepted;
- :mod:`~kgtool.reconcile.review`: the review table (table, CSV, JSON) and the Turtle of the accepted links.
"""
