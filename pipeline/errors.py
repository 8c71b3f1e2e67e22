"""One error tree. Every message is Vietnamese and names where the problem is; the CLI prints it."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

if TYPE_CHECKING:
    from .steps import Step


class VanthuError(Exception):
    """Base of every error a clerk can cause and fix; anything else is a bug.

    `steps` say what the clerk may do about it (`steps.py`), for each front end to word its own way;
    the message itself never names a command-line flag or a command."""

    def __init__(self, message: str, steps: list[Step] | None = None):
        super().__init__(message)
        self.message = message
        self.steps: list[Step] = list(steps or [])

    def __str__(self) -> str:
        return self.message


class DataError(VanthuError):
    """Bad input data: the file, the line (or spreadsheet row) and the field it concerns."""

    def __init__(self, message: str, file: Path | str | None = None, line: int | None = None,
                 field: str | None = None, row_label: str = "dòng", column: str | None = None,
                 steps: list[Step] | None = None):
        super().__init__(message, steps)
        self.file, self.line, self.field, self.row_label, self.column = file, line, field, row_label, column

    def __str__(self) -> str:
        where = [str(self.file)] if self.file else []
        if self.line is not None:
            where.append(f"{self.row_label} {self.line}")
        if self.field:
            where.append(f"trường `{self.field}`")
        if self.column:
            where.append(f"cột «{self.column}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class DataErrors(VanthuError):
    """Several data errors found in one pass, reported together so the clerk fixes them at once."""

    def __init__(self, errors: Sequence[VanthuError], header: str | None = None):
        self.errors = list(errors)
        super().__init__("\n".join(([header] if header else []) + [str(e) for e in errors]),
                         [step for e in errors for step in e.steps])


class TemplateError(VanthuError):
    """A template that cannot be read or does not fit the data."""

    def __init__(self, message: str, template: Path | str | None = None, steps: list[Step] | None = None):
        super().__init__(f"mẫu {template}: {message}" if template else message, steps)
        self.template = template


class EditConflict(DataError):
    """The file changed since the form editing it was opened (another tab, or an editor): nothing written."""


class RegisterError(VanthuError):
    """The register of outgoing documents (sổ văn bản đi) refused an operation."""


class OutputError(VanthuError):
    """An output file or folder could not be written."""


class SigningError(VanthuError):
    """Ký số refused: a key, a PIN, a certificate, or a signed file that changed."""


def raise_all(errors: Sequence[VanthuError]) -> None:
    """Raise the errors found, one alone as itself, several together."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise DataErrors(errors)


# Warnings: what the clerk should read although the job goes on (a column too narrow for a word, a
# total row left out, a number left half issued). The core says them with `warn`; the application
# layer opens a collector around each job and puts what it gathered in the job's result, which each
# front end shows. A context variable, not a module-level cache: every thread (a web request, a
# background job) and every job collects its own, so nothing is swallowed or leaks between runs.
_COLLECTORS: ContextVar[tuple[list[str], ...]] = ContextVar("vanthu_warnings", default=())


def warn(message: str) -> None:
    """A warning for the clerk, into every collector open here, once per text however many
    documents of a batch give it. Said where no job collects (a test of the core), it goes nowhere."""
    for found in _COLLECTORS.get():
        if message not in found:
            found.append(message)


@contextmanager
def collecting(found: list[str] | None = None) -> Iterator[list[str]]:
    """Collect the warnings said inside the block into `found` (a new list by default), in the order
    said; collectors nest (a document's inside its run's): each one open gets every warning."""
    found = [] if found is None else found
    token = _COLLECTORS.set((*_COLLECTORS.get(), found))
    try:
        yield found
    finally:
        _COLLECTORS.reset(token)
