"""The cache is a speed-up, never a source of truth: a cache folder another user can write is not read, a cache
that fails underneath a run falls back to the files, and a cache failure is never blamed on a data file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from kgtool.query.local import run_saved_query_on_store
from kgtool.query.registry import find_query
from kgtool.store import cache
from kgtool.store.dataset import source_files

from conftest import ROOT

FORGED = "Forged By Another User"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("ontology", "data", "queries", "checks"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("KGTOOL_")}
    environment["KGTOOL_ROOT"] = str(project)
    return subprocess.run([sys.executable, "-m", "kgtool", *args], capture_output=True, text=True, env=environment)


def poison(project: Path) -> None:
    """Build the cache, then write a forged label into the cached store, as another user could."""
    assert cli(project, "query", "spinoffs").returncode == 0
    (store_folder,) = (project / ".kgtool-cache").glob("store-*")
    store = pyoxigraph.Store(str(store_folder))
    store.add(
        pyoxigraph.Quad(
            pyoxigraph.NamedNode("https://w3id.org/connelly/resource/series/ballard"),
            pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            pyoxigraph.Literal(FORGED, language="en"),
        )
    )
    store.flush()
    del store


def test_a_cache_folder_writable_by_others_is_not_trusted(project):
    poison(project)
    assert FORGED in cli(project, "query", "spinoffs").stdout  # the poisoned cache of our own folder is read
    (project / ".kgtool-cache").chmod(0o777)
    run = cli(project, "query", "spinoffs")
    assert run.returncode == 0
    assert FORGED not in run.stdout
    assert "cache folder .kgtool-cache is writable by other users: not used" in run.stderr or "not used" in run.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a folder's owner needs root")
def test_a_cache_folder_owned_by_another_user_is_not_trusted(project):
    poison(project)
    os.chown(project / ".kgtool-cache", 65534, -1)
    run = cli(project, "query", "spinoffs")
    assert run.returncode == 0 and FORGED not in run.stdout
    assert "belongs to another user (uid 65534)" in run.stderr


def test_a_cache_created_by_kgtool_is_not_group_writable_whatever_the_umask(project):
    previous = os.umask(0o002)
    try:
        assert cli(project, "query", "spinoffs").returncode == 0
    finally:
        os.umask(previous)
    assert (project / ".kgtool-cache").stat().st_mode & 0o022 == 0


def test_a_cache_deleted_underneath_a_run_falls_back_to_the_files(project, monkeypatch):
    monkeypatch.setenv("KGTOOL_ROOT", str(project))
    files = source_files(project)
    real_open = cache.open_store

    def open_then_delete(root, wanted):
        store = real_open(root, wanted)
        shutil.rmtree(project / ".kgtool-cache")
        raise_on_query = _Failing(store)
        return raise_on_query

    monkeypatch.setattr("kgtool.query.local.open_store", open_then_delete)
    result = run_saved_query_on_store(find_query(project, "spinoffs"))
    assert len(list(result)) > 0
    assert files


class _Failing:
    """A store whose files are gone: every query fails with the I/O error RocksDB gives."""

    def __init__(self, store) -> None:
        self.store = store

    def query(self, *args, **kwargs):
        raise OSError("IO error: No such file or directory: .kgtool-cache/store-…/000012.sst")


@pytest.fixture
def full_disk(tmp_path):
    """A real, tiny file system (a 256 KiB tmpfs): the cache's store cannot be built there."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_falls_back_to_the_files_and_blames_no_data_file(project, full_disk):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("KGTOOL_")}
    environment.update(KGTOOL_ROOT=str(project), KGTOOL_CACHE_DIR=str(full_disk / "cache"))
    run = subprocess.run(
        [sys.executable, "-m", "kgtool", "query", "spinoffs", "--format", "csv"],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert run.returncode == 0, run.stderr
    assert "bosch" in run.stdout.lower()
    assert "data/" not in run.stderr
    assert not list((full_disk / "cache").glob(".building-*"))  # what the failed build wrote was removed
    assert not list((full_disk / "cache").glob("store-*"))  # the disk was too small for the store
