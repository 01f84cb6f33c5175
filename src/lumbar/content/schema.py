"""JSON Schemas (draft-07) for content files, so editors can autocomplete and underline.

The YAML language server understands draft-07 but not pydantic's default 2020-12 output,
so definitions are moved to ``definitions`` and the ``$schema`` key names draft-07.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from lumbar.content.models import MODELS
from lumbar.content.policy import Policy
from lumbar.content.safety import Safety
from lumbar.files import write_atomic
from lumbar.paths import KINDS, POLICY_SCHEMA, SAFETY_SCHEMA, SCHEMA_DIR

# Each kind's schema, and the safety and policy files' (content/safety.yml, content/policy.yml).
SCHEMA_FILES: dict[type[BaseModel], str] = {
    **{model: KINDS[name].schema_file for name, model in MODELS.items()},
    Safety: SAFETY_SCHEMA,
    Policy: POLICY_SCHEMA,
}


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The draft-07 JSON Schema of one content model."""
    schema = model.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    if "$defs" in schema:
        schema["definitions"] = schema.pop("$defs")
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema}


def schema_texts() -> dict[str, str]:
    """Every schema file's name and its exact text (stable key order, trailing newline)."""
    return {name: json.dumps(json_schema(model), indent=2, sort_keys=True) + "\n"
            for model, name in SCHEMA_FILES.items()}


def stale_schemas(root: Path) -> list[str]:
    """Names of the schema files under ``root/schemas`` that are missing or out of date."""
    folder = root / SCHEMA_DIR
    return [name for name, text in schema_texts().items()
            if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]


def write_schemas(root: Path) -> list[Path]:
    """Write the schema files under ``root/schemas``; returns the paths that changed."""
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    changed = []
    for name, text in schema_texts().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text.encode("utf-8"))
            changed.append(path)
    return changed
