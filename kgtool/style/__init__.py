"""The canonical Turtle style of the data files (kgtool format); depends on the store layer only."""
