"""What every job's result carries besides its data: warnings to show, and what to do next (as data)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..steps import Do, Step

__all__ = ["Do", "Outcome", "Step"]


@dataclass(kw_only=True)
class Outcome:
    """The base of the results of the application layer.

    `warnings`: Vietnamese sentences the clerk should read (a header line that will wrap, a missing
    font) — printed by the command line, shown by the page; `next_steps`: what the clerk may do next,
    for each front end to word (a flag, a button)."""

    warnings: list[str] = field(default_factory=list)
    next_steps: list[Step] = field(default_factory=list)
