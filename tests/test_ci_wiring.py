"""The CI wiring: the GitHub workflow and the pre-commit hooks run the commands the README documents."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT


def test_workflow_validates_and_tests_every_pull_request():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "validate.yml").read_text())
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    steps = workflow["jobs"]["validate"]["steps"]
    [python] = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert python["with"]["python-version"] == "3.11"
    runs = [s["run"] for s in steps if "run" in s]
    assert runs[0] == "pip install -e '.[test]'"
    assert "kgtool validate --format github" in runs
    assert 'kgtool validate --changed "origin/$BASE_REF" --format github' in runs
    assert runs[-1] == "pytest -q"
    [checkout] = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0, "--changed needs the base branch's history"


def test_pre_commit_hook_runs_kgtool_validate_on_turtle_files():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert (hook["id"], hook["entry"], hook["language"]) == ("kgtool-validate", "kgtool validate", "python")
    assert re.search(hook["files"], "data/series.ttl") and not re.search(hook["files"], "kgtool/cli.py")
    assert hook["pass_filenames"] is False, "the hook validates the whole graph, not files out of context"


def test_this_repository_uses_the_hook():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    [hook] = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "kgtool-validate"]
    [published] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {k: hook[k] for k in ("entry", "files", "pass_filenames")} == {
        k: published[k] for k in ("entry", "files", "pass_filenames")
    }
