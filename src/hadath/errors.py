"""Numbered, actionable errors. The CLI and the HTTP layer turn these into user messages."""
from __future__ import annotations


class HadathError(Exception):
    """Base class: ``code`` is stable (E001...), ``str()`` says what to do."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        self.message = message  # without the code and source: lets a reader wrap it in another error
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


class UsageError(HadathError):
    """An option or a combination of options the command cannot use."""

    code = "E008"


class HadathWarning:
    """A problem worth telling that does not stop the input: ``code`` is stable (W001...). A value,
    not an exception: readers hand it back with what they read, and the edges print it."""

    code = "W000"

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        self.message = message

    def __str__(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return f"[{self.code}] {prefix}{self.message}"

    def as_dict(self) -> dict:
        return {"code": self.code, "message": str(self), "source": self.source}


class ReplacedBytes(HadathWarning):
    """Invalid UTF-8 sequences in mostly-UTF-8 input, replaced by U+FFFD (hadath.decoding)."""

    code = "W001"

    def __init__(self, message: str, *, source: str | None = None, offset: int = 0, count: int = 1):
        super().__init__(message, source=source)
        self.offset, self.count = offset, count


class KnowledgeBaseError(HadathError):
    code = "E010"


class StageOrderError(HadathError):
    code = "E020"
