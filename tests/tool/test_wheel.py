"""The built wheel works outside the repository: a fresh virtual environment, a folder far from any checkout."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """The wheel built from this checkout (no network: the installed setuptools builds it), installed with
    ``--no-deps --no-index`` into a new venv that sees the already-installed dependencies through a .pth file."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"  # a clean copy: the build writes build/ and *.egg-info beside setup.py
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".git", ".kgtool-cache", "build", "dist", "*.egg-info", ".*venv*")
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("KGTOOL_ROOT", "KGTOOL_CACHE_DIR", "PYTHONPATH")}
    wheels = base / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = wheels.glob("connelly_kg-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, cwd=base, env=clean)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        cwd=base,
        env=clean,
    )
    # the dependencies already installed here, seen after the install (so pip never sees another connelly-kg)
    Path(purelib, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    assert (venv / "bin" / "kgtool").is_file()
    work = base / "elsewhere"
    work.mkdir()
    env = {**clean, "XDG_CACHE_HOME": str(base / "cache")}
    env["XDG_CACHE_HOME"] = str(base / "cache")
    return {"kgtool": venv / "bin" / "kgtool", "work": work, "env": env, "purelib": Path(purelib), "base": base}


def run(installed: dict, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(installed["kgtool"]), *args],
        cwd=installed["work"],
        env={**installed["env"], **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_version_names_the_packaged_graph(installed):
    done = run(installed, "--version")
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    assert first == "kgtool 0.2.0 (connelly-kg)"
    assert second.startswith("graph 0.2.0, ") and "packaged with kgtool" in second
    assert str(installed["purelib"] / "kgtool" / "packaged_graph") in second


def test_a_saved_query_runs_from_any_folder(installed):
    done = run(installed, "query", "cast", "--param", "series=Ballard", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert "Maggie Q,Renée Ballard" in done.stdout
    assert not (installed["purelib"] / "kgtool" / "packaged_graph" / ".kgtool-cache").exists()
    assert list((installed["base"] / "cache" / "kgtool").glob("graph-0.2.0/store-*")), "cached in the user cache"


def test_a_candidate_file_is_validated(installed):
    good = installed["work"] / "candidate.ttl"
    good.write_text(
        "@prefix cu: <https://w3id.org/connelly/ontology#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n@base <https://w3id.org/connelly/resource/> .\n"
        '<character/test-person> a cu:Character ; rdfs:label "Test Person"@en ;\n'
        "    dcterms:source <https://example.org/page> .\n"
    )
    done = run(installed, "validate", str(good))
    assert done.returncode == 0, done.stdout + done.stderr
    bad = installed["work"] / "bad.ttl"
    bad.write_text(good.read_text().replace(' rdfs:label "Test Person"@en ;', ""))
    done = run(installed, "validate", str(bad), "--format", "json")
    assert done.returncode == 1 and "character/test-person" in done.stdout


def test_an_export_is_written(installed):
    target = installed["work"] / "graph.jsonld"
    done = run(installed, "export", "--format", "jsonld", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert '"license"' in target.read_text() and "creativecommons.org/licenses/by/4.0" in target.read_text()


def test_a_checkout_wins_over_the_packaged_graph(installed):
    done = run(installed, "--version", KGTOOL_ROOT=str(ROOT))
    assert done.returncode == 0 and f"checkout ({ROOT})" in done.stdout
    done = run(installed, "format", "--check")
    assert done.returncode == 2 and "checkout" in done.stderr


def test_the_wheel_ships_the_query_page_and_yasgui(installed):
    from kgtool.site.build import ASSETS

    shipped = installed["purelib"] / "kgtool" / "site" / "assets"
    for name in ASSETS:  # kgtool serve --no-site serves them from the package
        assert (shipped / name).read_bytes() == (ROOT / "kgtool" / "site" / "assets" / name).read_bytes(), name
    assert {"yasgui.min.js", "yasgui.min.css", "yasgui.LICENSE", "yasgui-page.js"} <= set(ASSETS)
