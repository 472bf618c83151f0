"""Releases: what changed between two versions of the graph (diff) and the release artefacts."""
