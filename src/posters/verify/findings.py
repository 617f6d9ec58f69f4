"""The result type shared by every check."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    check: str  # short id of the check, e.g. "fonts", "boxes", "qr"
    severity: str  # "error" or "warning"
    message: str
    hint: str = ""
    page: int | None = None  # 1-based page number, when it applies

    def as_dict(self) -> dict:
        # field by field: dataclasses.asdict deep-copies, and this runs for every finding of every output
        return {"check": self.check, "severity": self.severity, "message": self.message, "hint": self.hint, "page": self.page}


def error(check: str, message: str, hint: str = "", page: int | None = None) -> Finding:
    return Finding(check, "error", message, hint, page)


def warning(check: str, message: str, hint: str = "", page: int | None = None) -> Finding:
    return Finding(check, "warning", message, hint, page)
