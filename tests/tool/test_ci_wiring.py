"""The CI wiring: the GitHub workflow, .ci/run and the pre-commit hooks run the commands the README documents."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

TEST_COMMAND = 'pytest -q -n auto -m "not slow"'
# the slow tests CI runs too, all of them: among them the whole W3C SHACL suite on every validation path and the
# seeded differential run (no test file is left out)
SLOW_COMMAND = "pytest -q -n auto -m slow"
INSTALL = "pip install -e '.[test,docs,pandas]'"
# What both CI entry points run besides the tests.
CHECKS = [
    "ruff check",
    "ruff format --check kgtool tests bench",
    "lint-imports",
    "kgtool format --check",
    "python -m kgtool.docs --check",
    "mkdocs build --strict",
]


def workflow_runs() -> list[str]:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "validate.yml").read_text())
    return [s["run"] for s in workflow["jobs"]["validate"]["steps"] if "run" in s]


def test_workflow_validates_and_tests_every_pull_request():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "validate.yml").read_text())
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    steps = workflow["jobs"]["validate"]["steps"]
    [python] = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert python["with"]["python-version"] == "3.11"
    runs = workflow_runs()
    assert runs[0] == INSTALL
    assert "kgtool validate --format github" in runs
    assert 'kgtool validate --changed "origin/$BASE_REF" --format github' in runs
    assert runs[-2:] == [TEST_COMMAND, SLOW_COMMAND]
    [checkout] = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0, "--changed needs the base branch's history"


def test_workflow_uses_the_current_major_versions_of_its_actions():
    text = (ROOT / ".github" / "workflows" / "validate.yml").read_text()
    assert re.findall(r"uses: (actions/[\w-]+@v\d+)", text) == ["actions/checkout@v6", "actions/setup-python@v6"]


def test_ci_run_and_the_workflow_run_the_same_checks():
    script = (ROOT / ".ci" / "run").read_text()
    workflow = "\n".join(workflow_runs())
    for command in CHECKS:
        assert command in script, f".ci/run does not run {command!r}"
        assert command in workflow, f"the workflow does not run {command!r}"
    assert f"{INSTALL} && {TEST_COMMAND}" in script
    assert SLOW_COMMAND in script and SLOW_COMMAND in workflow


def test_both_ci_entry_points_run_the_two_store_suite_on_a_real_virtuoso():
    """tests/tool/test_two_stores.py is selected by the pinned pytest commands (not deselected, not ignored), and
    both entry points install Virtuoso and make a missing one a failure rather than a skip."""
    script = (ROOT / ".ci" / "run").read_text()
    workflow = (ROOT / ".github" / "workflows" / "validate.yml").read_text()
    for text in (script, workflow):
        assert "apt-get install -y -qq virtuoso-opensource" in text
        assert "KGTOOL_REQUIRE_VIRTUOSO" in text
    assert "test_two_stores" not in TEST_COMMAND + SLOW_COMMAND
    assert (ROOT / "tests" / "tool" / "test_two_stores.py").is_file()


def test_the_readme_shows_the_ci_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"pip install -e '.[test]'\n{TEST_COMMAND}\n" in readme


def test_pre_commit_hooks_format_and_validate_turtle_files():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"kgtool-format", "kgtool-validate"}
    validate, fmt = hooks["kgtool-validate"], hooks["kgtool-format"]
    assert (validate["entry"], validate["language"]) == ("kgtool validate", "python")
    assert re.search(validate["files"], "data/series.ttl") and not re.search(validate["files"], "kgtool/cli.py")
    assert validate["pass_filenames"] is False, "the hook validates the whole graph, not files out of context"
    assert (fmt["entry"], fmt["language"], fmt["pass_filenames"]) == ("kgtool format", "python", True)
    assert re.search(fmt["files"], "data/series.ttl")
    assert not re.search(fmt["files"], "tests/fixtures/bad/broken-turtle.ttl"), "only data files are formatted"


def test_this_repository_uses_the_hooks():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    used = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    for published in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text()):
        hook = used[published["id"]]
        keys = ("entry", "files", "pass_filenames")
        assert {k: hook[k] for k in keys} == {k: published[k] for k in keys}


def test_no_file_of_the_package_is_ignored_by_git():
    """A file kgtool reads but git ignores works in the checkout and is missing from every clone (and from CI)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(
        ["git", "ls-files", "--others", "--ignored", "--exclude-standard", "--", "kgtool", "ontology", "queries"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert [path for path in ignored if "__pycache__" not in path] == []
