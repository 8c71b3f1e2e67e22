"""YAML → validated models, with every error pointing at file, line and field."""

from __future__ import annotations

import difflib
import typing
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from .chars import MARK_END, MARK_START, BadCharacter, clean_text
from .contexts import Frame, YearVariables
from .errors import DataError, DataErrors, raise_all
from .files import explain
from .models import DonVi, ThamSo
from .steps import Do, Step

M = TypeVar("M", bound=BaseModel)

# A value carried into a new year that the clerk must confirm: `ngay: !xem-lai 2023-05-09`.
REVIEW_TAG = "!xem-lai"


def flag(text: str) -> str:
    return f"{MARK_START}{text}{MARK_END}"


def is_review(node: Any) -> bool:
    return isinstance(node, TaggedScalar) and str(node.tag) == REVIEW_TAG


class _Constructor(RoundTripConstructor):
    """Dates stay text, so that an impossible date (2022-02-30) is reported by the validator
    with its line instead of crashing the YAML parser. (A subclass: ruamel's registry is per class.)"""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda c, node: c.construct_scalar(node))


class _AliasRefused(YAMLError):
    def __init__(self, event: AliasEvent):
        self.anchor, self.line = event.anchor, event.start_mark.line + 1


class _Composer(Composer):
    """No aliases (`*ten`): the data never needs them, and a few lines of them can expand to
    gigabytes ("billion laughs")."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            raise _AliasRefused(self.parser.peek_event())
        return super().compose_node(parent, index)


# Far deeper than any document nests; a deeper file is refused before Python's recursion limit.
MAX_DEPTH = 64


def _yaml() -> YAML:
    yaml = guarded(YAML(typ="rt"))
    yaml.Constructor = _Constructor
    return yaml


def guarded(yaml: YAML) -> YAML:
    """A round-trip reader with the guards every reader of a clerk's YAML needs: no aliases, a
    bounded depth. Every module that parses YAML gets its reader through here."""
    yaml.Composer = _Composer
    yaml.max_depth = MAX_DEPTH
    return yaml


# The YAML reader refuses control characters with no line and no field. Hidden as private-use
# characters they parse as text, and come back in `_plain`, where clean_text cleans or locates them.
_RAW_REFUSED = [*range(0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF]
_HIDE = {c: 0xF0000 + c for c in _RAW_REFUSED if chr(c) not in "\t\n\r\x85"}
_SHOW = {v: k for k, v in _HIDE.items()}


@dataclass
class Source:
    """Where a file's values stand, to turn a field path into a line number."""

    file: Path | None  # None: answers typed on a page, not read from a file
    root: Any

    def line(self, loc: tuple) -> int | None:
        """1-based line of the deepest part of `loc` present in the file."""
        node, line = self.root, getattr(getattr(self.root, "lc", None), "line", None)
        for part in loc:
            try:
                if isinstance(node, CommentedMap) and part in node:
                    line, node = node.lc.key(part)[0], node[part]
                elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                    line, node = node.lc.item(part)[0], node[part]
                else:
                    break
            except KeyError:  # a value added in memory (a form's new field) has no line in the file yet
                break
        return None if line is None else line + 1

    def error(self, message: str, loc: tuple = ()) -> DataError:
        return DataError(message, self.file, self.line(loc), field_path(loc) or None)

    @cached_property
    def marks(self) -> list[tuple[tuple, str]]:
        """Every value tagged `!xem-lai`, with its field path and value, in file order."""
        found: list[tuple[tuple, str]] = []

        def walk(node: Any, loc: tuple) -> None:
            if is_review(node):
                found.append((loc, str(node.value)))
            elif isinstance(node, dict):
                for key, value in node.items():
                    walk(value, loc + (key,))
            elif isinstance(node, list):
                for i, value in enumerate(node):
                    walk(value, loc + (i,))
        walk(self.root, ())
        return found

    def is_marked(self, loc: tuple) -> bool:
        """Whether the value at `loc`, or any value inside it, is to be reviewed."""
        return any(mark[:len(loc)] == loc for mark, _ in self.marks)

    def review_errors(self) -> list[DataError]:
        return [self.error(f"cần xem lại cho năm mới (giá trị hiện tại: «{value}»); sửa nếu cần rồi xóa "
                           f"dấu {REVIEW_TAG}", loc) for loc, value in self.marks]


@dataclass
class Loaded(Generic[M]):
    model: M
    source: Source


def field_path(loc: tuple) -> str:
    """`('muc', 2, 'noi_dung', 0)` → `muc.3.noi_dung.1` (positions counted from 1, as a clerk counts)."""
    return ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in loc)


def _plain(node: Any, source: Source, loc: tuple = ()) -> Any:
    """ruamel's tree as plain Python, every text through clean_text (NFC, no control character)."""
    if is_review(node):
        return _text(node.value, source, loc)
    if isinstance(node, dict):
        return {_text(k, source, loc + (k,), key=True): _plain(v, source, loc + (k,)) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v, source, loc + (i,)) for i, v in enumerate(node)]
    if isinstance(node, str):
        return _text(node, source, loc)
    return node


def _text(value: Any, source: Source, loc: tuple, key: bool = False) -> str:
    try:
        return clean_text(str(value).translate(_SHOW))
    except BadCharacter as exc:
        field = field_path(loc[:-1] if key else loc) or None
        raise DataError(f"tên trường {exc}" if key else str(exc), source.file, source.line(loc), field) from None


def read_yaml(path: Path) -> tuple[dict, Source]:
    """Parse a YAML file whose top level is a mapping."""
    if not path.is_file():
        raise DataError(f"không tìm thấy tệp dữ liệu (cần tệp `{path.name}` trong {path.parent})", path)
    with yaml_errors(path):
        root = _yaml().load(read_text(path).translate(_HIDE))
    if not isinstance(root, CommentedMap):
        raise DataError("tệp phải là một bảng khóa: giá trị (mapping) ở cấp ngoài cùng", path, 1)
    source = Source(path, root)
    return _plain(root, source), source


def read_text(path: Path) -> str:
    """A clerk's text file: UTF-8 (with or without the mark Notepad writes), else one clear message."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"không đọc được tệp ({exc.strerror})", path) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("tệp được lưu với mã hóa UTF-16 (Unicode); hãy lưu lại với mã hóa UTF-8", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError("tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8", path) from None


@contextmanager
def yaml_errors(path: Path):
    """The YAML reader's refusals as one message with the file and line."""
    try:
        yield
    except _AliasRefused as exc:
        raise DataError(f"bí danh YAML `*{exc.anchor}` không được dùng; hãy viết đầy đủ giá trị thay cho nó",
                        path, exc.line) from None
    except MaxDepthExceededError as exc:
        raise DataError(f"dữ liệu lồng nhau quá sâu (hơn {MAX_DEPTH} cấp)", path, exc.problem_mark.line + 1) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise DataError(yaml_problem(exc), path, mark.line + 1 if mark else None) from None
    except YAMLError as exc:  # e.g. a control character the reader refuses
        raise DataError(f"sai cú pháp YAML ({exc})", path) from None
    except RecursionError:
        raise DataError(f"dữ liệu lồng nhau quá sâu (hơn {MAX_DEPTH} cấp)", path) from None


# The YAML parser's words for the usual slips of a clerk's hand, in the clerk's words.
_YAML_PROBLEMS = [
    ("mapping values are not allowed", "dấu «:» đứng ở chỗ không được phép; câu có dấu hai chấm cần đặt trong "
                                       "ngoặc kép, ví dụ mo_dau: \"Thời gian: 14 giờ\""),
    ("could not find expected ':'", "thiếu dấu «:» sau tên trường, hoặc dòng này thụt lề sai"),
    ("cannot start any token", "có ký tự tab hoặc ký tự không được phép; YAML chỉ thụt lề bằng dấu cách"),
    ("expected <block end>", "thụt lề không khớp với các dòng phía trên"),
    ("found duplicate key", "một trường được ghi hai lần"),
    ("found unexpected end of stream", "thiếu dấu ngoặc kép đóng"),
    ("found undefined alias", "dùng bí danh (*…) chưa được định nghĩa"),
    ("expected ',' or ']'", "danh sách trong ngoặc vuông thiếu dấu «,» hoặc «]»"),
    ("expected ',' or '}'", "bảng trong ngoặc nhọn thiếu dấu «,» hoặc «}»"),
]


def yaml_problem(exc: MarkedYAMLError) -> str:
    """`sai cú pháp YAML: …` with what to fix; the parser's own words only when we have none."""
    said = f"{exc.context or ''} {exc.problem or ''}"
    for english, vietnamese in _YAML_PROBLEMS:
        if english in said:
            return f"sai cú pháp YAML: {vietnamese}"
    return f"sai cú pháp YAML (chi tiết từ bộ đọc YAML: {(exc.problem or exc.context or '').strip()})"


def load_model(path: Path, model: type[M]) -> Loaded[M]:
    data, source = read_yaml(path)
    return Loaded(validate(model, data, source), source)


def validate(model: type[M], data: Any, source: Source) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise_all([_data_error(model, err, source) for err in exc.errors()])
        raise  # unreachable: raise_all always raises for a non-empty list


_FIXED_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "string_type": "cần một đoạn chữ",
    "list_type": "cần một danh sách (mỗi mục một dòng bắt đầu bằng `- `)",
    "dict_type": "cần một bảng khóa: giá trị",
    "model_type": "cần một bảng khóa: giá trị",
    "model_attributes_type": "cần một bảng khóa: giá trị",
    "bool_type": "cần có (true) hoặc không (false)",
    "bool_parsing": "cần có (true) hoặc không (false)",
}


# Names pydantic puts in a location for the branch of a tagged union; the clerk never wrote them.
_UNION_TAGS = {"trich_dan", "dong"}


def _data_error(model: type[BaseModel], err: ErrorDetails, source: Source) -> DataError:
    loc, kind, value = tuple(p for p in err["loc"] if p not in _UNION_TAGS), err["type"], err.get("input")
    if kind == "extra_forbidden":
        message = _unknown_key(model, loc)
    elif kind in _FIXED_MESSAGES:
        message = _FIXED_MESSAGES[kind]
    elif kind.startswith("int_"):
        message = f"cần một số nguyên, nhận được «{value}»"
    elif kind.startswith("float_"):
        message = f"cần một số, nhận được «{value}»"
    elif kind.startswith("date_"):
        message = f"ngày không hợp lệ «{value}»; cần dạng NĂM-THÁNG-NGÀY có thật, ví dụ 2022-05-09"
    elif kind == "string_too_short":
        message = "không được để trống"
    elif kind == "too_short":
        message = "danh sách không được rỗng"
    elif kind == "string_pattern_mismatch":
        message = f"giá trị «{value}» không đúng dạng ({_PATTERN_HINTS.get(str(loc[-1]), 'xem README')})"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        message = f"giá trị {value} nằm ngoài khoảng cho phép ({_bounds(err)})"
    elif kind == "literal_error":
        expected = str(err["ctx"]["expected"]).replace("' or '", "' hoặc '")  # pydantic joins them in English
        message = f"giá trị «{value}» không hợp lệ; chỉ nhận: {expected}"
    elif kind == "value_error":
        message = str(err["ctx"]["error"])
    elif kind in ("string_too_long", "too_long"):
        message = f"quá dài: tối đa {err.get('ctx', {}).get('max_length', '?')} {'ký tự' if kind == 'string_too_long' else 'mục'}"
    else:  # a check pydantic words in English only: say what was refused, not its words
        message = f"giá trị «{str(value)[:60]}» không dùng được ở trường này" if value is not None else "giá trị không hợp lệ"
    return DataError(message, source.file, source.line(loc), field_path(loc) or None)


_PATTERN_HINTS = {
    "ma": "chữ in hoa và số viết liền, ví dụ THCSKB",
    "ky_hieu": "các nhóm chữ nối bằng `-`, không dấu cách, ví dụ KH-PGDĐT",
    "nam_hoc": "hai năm nối bằng `-`, ví dụ 2022-2023",
    "chi_tieu": "chữ thường không dấu, số và `-`, ví dụ tre-em-bhyt",
    "so": "số của văn bản, ví dụ 70 hoặc 38a",
    "lap": "tên, chữ in, rồi danh sách, ví dụ \"nv in hang.nhiem_vu\"",
}


def _bounds(err: ErrorDetails) -> str:
    ctx = err.get("ctx", {})
    signs = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
    parts = [f"{signs[k]} {v:g}" for k, v in ctx.items() if k in signs]
    return ", ".join(parts)


def _unknown_key(model: type[BaseModel], loc: tuple) -> str:
    key = loc[-1]
    known = _fields_at(model, loc[:-1])
    close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
    hint = f"; có phải ý bạn là `{close[0]}`?" if close else f"; các trường được dùng: {', '.join(known)}"
    return f"trường `{key}` không được biết đến{hint}"


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the model found by walking `loc` through nested models and lists."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(current.model_fields) if _is_model(current) else []


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _inner_model(tp: Any) -> Any:
    """The model inside `list[X]`, `X | None`, `dict[str, X]`, or `tp` itself."""
    if _is_model(tp):
        return tp
    for arg in typing.get_args(tp):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


@dataclass
class Year:
    """One school and one year of its data, as loaded."""

    root: Path
    don_vi: Loaded[DonVi]
    tham_so: Loaded[ThamSo]
    nhap: bool = False  # a draft may still hold values to review; they are highlighted

    @property
    def nam(self) -> int:
        return self.tham_so.model.nam

    def variables(self) -> YearVariables:
        """What a data text may refer to: `{{ nam }}`, `{{ nam_hoc }}`, `{{ don_vi.ten }}`, the `bien`."""
        ts, dv = self.tham_so.model, self.don_vi.model
        bien = {k: self.review(v, self.tham_so.source, ("bien", k)) for k, v in ts.bien.items()}
        # The `bien` are names the clerk chose in tham-so.yaml: no class lists them, and mypy does not
        # read PEP 728's `extra_items` yet, so they ride along as keys the type does not list (a `bien`
        # named like one of them is refused when the year is opened).
        return cast(YearVariables, {"nam": ts.nam, "nam_hoc": ts.nam_hoc, "nam_sau": ts.nam + 1,
                                    "don_vi": {"ten": dv.ten, "ma": dv.ma, "dia_danh": dv.dia_danh}, **bien})

    def refuse_marks(self, source: Source, what: str) -> None:
        """Unless drafting (`nhap`), values still marked `!xem-lai` stop the work, each one listed."""
        pending = source.review_errors()
        if pending and not self.nhap:
            error = DataErrors(pending, f"{what} còn {len(pending)} giá trị cần xem lại (hoặc soạn bản nháp có tô "
                                        "vàng các giá trị này):")
            error.steps = [Step(Do.DRAFT)]
            raise error

    def review(self, text: str, source: Source, loc: tuple) -> str:
        """In a draft, a text made from a value to review is flagged for highlighting."""
        return flag(text) if self.nhap and source.is_marked(loc) else text


DON_VI_FILE = "don-vi.yaml"
THAM_SO_FILE = "tham-so.yaml"


def years(data_root: Path) -> list[int]:
    """The years that have a data folder (`2022`; a stray `2022²` or `2022 (1)` is not one)."""
    try:
        return sorted(int(p.name) for p in data_root.iterdir()
                      if p.name.isascii() and p.name.isdigit() and p.is_dir())
    except OSError as exc:
        raise DataError(f"không đọc được thư mục dữ liệu: {explain(exc)}", data_root) from None


# Names every template already has: a `bien` so named would replace the year's value or be replaced
# by the document's, silently either way.
_TAKEN = Frame.__required_keys__ | Frame.__optional_keys__


def _refuse_taken_names(tham_so: Loaded[ThamSo]) -> None:
    for name in tham_so.model.bien:
        if name in _TAKEN:
            raise tham_so.source.error(f"biến `{name}` trùng tên giá trị có sẵn của mọi văn bản "
                                       f"({{{{ {name} }}}}); hãy đặt tên khác, ví dụ `{name}_rieng`", ("bien", name))


def open_year(data_root: Path, nam: int | None = None, nhap: bool = False) -> Year:
    """The school (`don-vi.yaml`) and one year's parameters; the latest year when `nam` is None.

    Unless `nhap` (a draft), a year whose data still holds values marked `!xem-lai` is refused,
    every mark listed with its file and line.
    """
    data_root = Path(data_root)
    if not data_root.is_dir():
        raise DataError("không tìm thấy thư mục dữ liệu" + (" (đây là một tệp)" if data_root.exists() else ""),
                        data_root)
    available = years(data_root)
    if nam is None:
        if not available:
            raise DataError("không có thư mục năm nào (ví dụ data/2022/)", data_root)
        nam = available[-1]
    elif nam not in available:
        listed = ", ".join(map(str, available)) or "chưa có năm nào"
        raise DataError(f"không có dữ liệu năm {nam} (các năm có: {listed})", data_root)
    don_vi = load_model(data_root / DON_VI_FILE, DonVi)
    tham_so = load_model(data_root / str(nam) / THAM_SO_FILE, ThamSo)
    if tham_so.model.nam != nam:
        raise tham_so.source.error(f"năm {tham_so.model.nam} không khớp với thư mục {nam}", ("nam",))
    _refuse_taken_names(tham_so)
    year = Year(data_root / str(nam), don_vi, tham_so, nhap)
    year.refuse_marks(tham_so.source, f"tham số năm {nam}")
    return year
