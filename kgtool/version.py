"""kgtool's version, a leaf module (``kgtool.__version__`` and ``kgtool --version`` read it from here)."""

__version__ = "0.2.0"
