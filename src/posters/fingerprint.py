"""A file's fingerprint: the sha256 of its bytes, in hex, as manifest.json,
SHA256SUMS, the layout digest and the duplicate-logo check all write it.
One function, so every place that compares fingerprints computes the same one."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    return sha256(path.read_bytes())
