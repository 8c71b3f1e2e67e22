"""A value the importer could not be sure of: written, tagged `!xem-lai`, with the reason beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator


@dataclass
class Flag:
    value: Any
    reason: str

    def __str__(self) -> str:
        return str(self.value)


def plain(value: Any) -> Any:
    """The data without its flags, as vanthu's loader reads it."""
    if isinstance(value, Flag):
        return plain(value.value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def flags(value: Any, loc: tuple = ()) -> Iterator[tuple[tuple, Flag]]:
    """Every flag with its field path, in document order."""
    if isinstance(value, Flag):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from flags(item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from flags(item, loc + (i,))


def text_of(value: Any) -> str:
    return str(value.value if isinstance(value, Flag) else value)
