"""A file's fingerprint: the sha256 of its bytes, in hex, as manifest.json,
SHA256SUMS, the layout digest and the duplicate-logo check all write it.
One function, so every place that compares fingerprints computes the same one.

`of_files` is a build's fingerprint: 16 hex digits over each file's name and
sha256. It is printed on the proof and recorded in the approval, so a signed
proof is tied to exactly the files it showed."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    return sha256(path.read_bytes())


def of_files(files) -> str:
    """16 hex digits over (name, sha256) pairs, in name order."""
    h = hashlib.sha256()
    for name, digest in sorted(files):
        h.update(f"{digest}  {name}\n".encode())
    return h.hexdigest()[:16]


_SEEN: dict[tuple, str] = {}  # (path, device, inode, size, mtime in ns) -> sha256


def file_sha256_seen(path: Path) -> str:
    """`file_sha256`, remembered while the file stays the same file with the same size and
    modification time: one build asks about each output file several times (is it
    unchanged? may its pack and proofs stay?), and reading 150 MB again each time
    cost more than the rest of a build that changes nothing."""
    st = path.stat()
    key = (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    digest = _SEEN.get(key)  # read once: a build also fingerprints files in a thread (commands/build.py)
    if digest is None:
        if len(_SEEN) > 50_000:
            _SEEN.clear()
        digest = _SEEN[key] = file_sha256(path)
    return digest
