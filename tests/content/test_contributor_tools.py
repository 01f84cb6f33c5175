"""Contributor tooling: schemas, scaffolding, annotations, workflows and editor settings."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lumbar.content.catalogue import KIND_DIRS, content_files, load_catalogue
from lumbar.content.errors import ContentError, ContentErrors
from lumbar.content.policy import Policy
from lumbar.content.reader import load_yaml
from lumbar.content.safety import Safety
from lumbar.content.scaffold import new_entry
from lumbar.content.schema import SCHEMA_DIR, SCHEMA_FILES, schema_texts
from lumbar.paths import POLICY_SOURCE, SAFETY_SOURCE
from tests.conftest import ROOT, VALID_EXERCISE


def test_committed_schemas_are_up_to_date() -> None:
    for name, text in schema_texts().items():
        path = ROOT / SCHEMA_DIR / name
        assert path.exists() and path.read_text(encoding="utf-8") == text, f"{name} is stale: run `lumbar schema`"


def test_schemas_are_draft_07_and_forbid_unknown_keys() -> None:
    for name, text in schema_texts().items():
        schema = json.loads(text)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert "$defs" not in schema and schema["additionalProperties"] is False
        assert "$defs" not in text, name


def test_every_content_file_points_its_editor_at_the_right_schema() -> None:
    for model, path in content_files(ROOT):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), path
        target = (path.parent / first.removeprefix(prefix)).resolve()
        assert target == (ROOT / SCHEMA_DIR / SCHEMA_FILES[model]).resolve(), path


def test_vscode_maps_each_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    for model, name in SCHEMA_FILES.items():
        expected = f"{KIND_DIRS[model]}/*.yml" if model in KIND_DIRS else {Safety: SAFETY_SOURCE, Policy: POLICY_SOURCE}[model]
        assert mapping[f"./{SCHEMA_DIR}/{name}"] == expected


@pytest.mark.parametrize("kind", ["exercise", "faq", "avoid", "programme"])
def test_new_writes_a_valid_commented_file_with_a_free_id(kind: str, project: Callable[..., Path]) -> None:
    root = project(exercise={"side-plank": VALID_EXERCISE.format(id="side-plank")})
    (root / "templates").symlink_to(ROOT / "templates", target_is_directory=True)
    path = new_entry(root, kind, "Side plank", today=dt.date(2026, 11, 24))
    assert path.stem == "side-plank-2"  # ids are shared by all kinds, so the next free one
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=") and "# A new" in text
    assert "next_review_due: 2027-11-24" in text
    # Left as written, every placeholder fails check, at its line...
    with pytest.raises(ContentErrors) as info:
        load_catalogue(root)
    messages = [e.format(root) for e in info.value.errors]
    assert messages and all("replace the placeholder text 'Write " in m for m in messages), messages
    # ...and once each is replaced, the file is valid.
    filled = re.sub(r"Write [^\n#]*", "Breathe out slowly as you hold the position.", text)
    path.write_text(filled, encoding="utf-8")
    assert path.stem in load_catalogue(root).entries


def test_new_from_the_command_line(project: Callable[..., Path]) -> None:
    root = project(exercise={"x": VALID_EXERCISE.format(id="x")})
    (root / "templates").symlink_to(ROOT / "templates", target_is_directory=True)
    result = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(root), "new", "faq", 'Is "rest" good?'],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Created content/faq/is-rest-good.yml" in result.stdout
    data, _ = load_yaml(root / "content/faq/is-rest-good.yml")
    assert data["question"] == 'Is "rest" good?'


def test_errors_print_as_github_annotations_under_actions(project: Callable[..., Path]) -> None:
    root = project(exercise={"x": VALID_EXERCISE.format(id="x").replace("category: stretch", "category: nope")})
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    result = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(root), "check"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=exercises/x.yml,line=5,col=11::category: 'nope' is not allowed.")


def test_annotation_escapes_newlines() -> None:
    error = ContentError(Path("/r/a.yml"), 1, 2, "f", "50% bad\nsecond line")
    assert error.github_annotation(Path("/r")) == "::error file=a.yml,line=1,col=2::f: 50%25 bad%0Asecond line"


def test_workflow_checks_builds_tests_uploads_and_deploys() -> None:
    workflow, _ = load_yaml(ROOT / ".github" / "workflows" / "site.yml")
    assert set(workflow["on"]) >= {"pull_request", "push"}  # 'on' stays a key with the strict loader
    build = workflow["jobs"]["build"]
    runs = [step.get("run", "") for step in build["steps"]]
    uses = [step.get("uses", "") for step in build["steps"]]
    assert any(r.startswith("lumbar check") for r in runs)
    assert "lumbar build --strict" in runs and "make test" in runs
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "refs/heads/main" in deploy["if"]
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_pre_commit_runs_the_check() -> None:
    config, _ = load_yaml(ROOT / ".pre-commit-config.yaml")
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    assert ".venv/bin/lumbar check" in entries


def test_pull_request_template_has_the_review_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text()
    assert text.count("- [ ]") >= 8 and "sources" in text and "review" in text
