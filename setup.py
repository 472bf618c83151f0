"""Build hook: the wheel ships the graph (ontology, shapes, data, queries, checks, context and frames).

``build_py`` copies the project's graph folders from the checkout (or the sdist, see MANIFEST.in) into
``kgtool/packaged_graph/`` of the build, so that ``pip install connelly-kg`` gives a kgtool that works
from any folder, while git holds each file once. Editable installs read the checkout itself.
Everything else about the package is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
GRAPH_FOLDERS = ("ontology", "data", "queries", "checks")  # kgtool.store.packaged.GRAPH_FOLDERS
GRAPH_FILES = ("void.ttl",)  # kgtool.store.packaged.GRAPH_FILES


class BuildPyWithGraph(build_py):
    """``build_py`` that also copies the graph into ``kgtool/packaged_graph/`` of the build."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own files
        target = Path(self.build_lib) / "kgtool" / "packaged_graph"
        shutil.rmtree(target, ignore_errors=True)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
        for name in GRAPH_FOLDERS:
            source = HERE / name
            if not source.is_dir():
                raise SystemExit(f"setup.py: {source} is missing: build connelly-kg from a checkout or its sdist")
            shutil.copytree(source, target / name, ignore=ignore)
        for name in GRAPH_FILES:
            shutil.copy2(HERE / name, target / name)


setup(cmdclass={"build_py": BuildPyWithGraph})
