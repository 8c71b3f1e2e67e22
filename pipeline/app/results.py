"""What every job's result carries besides its data: warnings to show, and what to do next (as data)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable, ParamSpec, TypeVar

from ..errors import collecting
from ..steps import Do, Step

__all__ = ["Do", "Outcome", "Step", "collects"]


@dataclass(kw_only=True)
class Outcome:
    """The base of the results of the application layer.

    `warnings`: Vietnamese sentences the clerk should read (a header line that will wrap, a missing
    font) — printed by the command line, shown by the page; `next_steps`: what the clerk may do next,
    for each front end to word (a flag, a button)."""

    warnings: list[str] = field(default_factory=list)
    next_steps: list[Step] = field(default_factory=list)


P = ParamSpec("P")
R = TypeVar("R", bound=Outcome)


def collects(job: Callable[P, R]) -> Callable[P, R]:
    """A job whose result carries every warning the core said while it ran (`errors.warn`: a column
    too narrow, a number left half issued), after those it set itself, each once."""
    @functools.wraps(job)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with collecting() as found:
            result = job(*args, **kwargs)
        result.warnings = list(dict.fromkeys([*result.warnings, *found]))
        return result
    return run
