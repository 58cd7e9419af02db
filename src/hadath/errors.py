"""Numbered, actionable errors. The CLI and the HTTP layer turn these into user messages."""
from __future__ import annotations


class HadathError(Exception):
    """Base class: ``code`` is stable (E001...), ``str()`` says what to do."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(f"[{self.code}] {prefix}{message}")

    def as_dict(self) -> dict:
        return {"error": {"code": self.code, "message": str(self), "source": self.source}}


class InputNotFound(HadathError):
    code = "E001"


class EmptyInput(HadathError):
    code = "E002"


class UndecodableInput(HadathError):
    code = "E003"


class BadDate(HadathError):
    code = "E004"


class BadRecord(HadathError):
    code = "E005"


class NotArabic(HadathError):
    code = "E006"


class InputTooLarge(HadathError):
    code = "E007"


class KnowledgeBaseError(HadathError):
    code = "E010"


class StageOrderError(HadathError):
    code = "E020"
