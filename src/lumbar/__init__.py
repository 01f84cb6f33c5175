"""Lumbar: patient education about lower back pain, generated from structured YAML."""

__version__ = "0.1.0"
