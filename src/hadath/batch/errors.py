"""Errors of batch runs (E06x)."""
from __future__ import annotations

from ..errors import HadathError


class BatchError(HadathError):
    """A batch that cannot start: a bad input, output or option."""

    code = "E060"


class ExtractionFailed(HadathError):
    """The pipeline failed on one document: recorded in the errors output, the job goes on."""

    code = "E061"


class MissingEngine(HadathError):
    code = "E062"
