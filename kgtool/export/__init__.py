"""Exports: RDF serialisations, JSON-LD (frames, schema.org view), VoID, stats, the diagram."""
