"""What a result or an error asks the clerk to do next, as data: the core says what, each front end
says how (a flag and a command line on the terminal; a button or a link on the page).

A small closed vocabulary, so a front end can word every step it may meet and a test can check
that it does. Core messages never name a command-line flag or a command: the way out travels
as a `Step` beside the message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Do(str, Enum):
    """The things a clerk may be asked to do. Arguments (in `Step.args`) are named per kind below."""

    CHOOSE_DATE = "choose_date"            # nam: the year the date must fall in (optional)
    KEEP_DATE = "keep_date"                # ngay: the date already issued (issue again without a new date)
    REVOKE = "revoke"                      # so, nam, loai (None for one sequence)
    GIVE_REASON = "give_reason"            # the reason of a revoke
    CHOOSE_SEQUENCE = "choose_sequence"    # which kind's sequence (registers numbered per kind)
    ALLOW_EMPTY = "allow_empty"            # print empty cells as blanks
    DROP_TOTAL = "drop_total"              # leave the sheet's total row out
    GROUP_BY = "group_by"                  # one document per group of rows (a column)
    NAME_FILES = "name_files"              # a file-name pattern from the sheet's columns
    SHOW_COLUMNS = "show_columns"          # see the sheet's columns as a template uses them
    PREVIEW_ONLY = "preview_only"          # a preview is a draft: no number, no print file
    DRAFT = "draft"                        # draft with values still to review (never issued)
    REVIEW = "review"                      # nam: confirm the values marked for review
    OVERWRITE = "overwrite"                # replace what is there
    CHOOSE_NAME = "choose_name"            # a document's file name (one file at a time)
    CHOOSE_YEAR = "choose_year"            # nam: the year to write into
    NEW_DOCUMENT = "new_document"          # start a document of a kind (loai, ten)
    ISSUE = "issue"                        # ten: issue (number) a document
    SET_UP_SCHOOL = "set_up_school"        # set a school up (its data folder)
    CHOOSE_DATA_FOLDER = "choose_data_folder"
    CHOOSE_PORT = "choose_port"            # the page's port


@dataclass
class Step:
    """One thing to do next: `Step(Do.REVOKE, so=5, nam=2022)`."""

    kind: Do
    args: dict[str, Any] = field(default_factory=dict)

    def __init__(self, kind: Do, **args: Any):
        self.kind, self.args = kind, args

    def __getitem__(self, name: str) -> Any:
        return self.args.get(name)


def needs(error, *steps: Step):
    """`error` with the steps that get past it (for errors built by a helper, e.g. a sheet's `error`)."""
    error.steps = [*getattr(error, "steps", []), *steps]
    return error
