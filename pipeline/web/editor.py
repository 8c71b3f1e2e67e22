"""A document's YAML file as a form, and the form back into the file.

The form shows what the model lets a clerk write — header fields, căn cứ, blocks, tables, Nơi nhận,
signer, annexes — as a plain nested structure, the *state*. Its field names are the model's field
paths with positions counted from 1 (`noi_dung.2.noi_dung.1.chu`), so a validation error lands
beside its field. Every list item carries `goc`, the path it had in the file the form was opened
on: saving puts the state back into that file's ruamel tree, so comments, key order, quoting and
every key the form does not show (lap, chi_tieu, vai_tro, danh_sach, ket_qua …) survive. What the
form cannot show (a value of an unexpected shape) is left as written.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import CommentMark
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.tokens import CommentToken

from .. import vn
from ..app import editing
from ..app.editing import TEXT_BLOCKS

SCALARS = ("ngay", "trich_yeu", "tham_quyen", "don_vi_soan", "theo_de_nghi", "mo_dau", "ket_luan", "luu")
LISTS = ("kinh_gui", "can_cu", "noi_dung", "noi_nhan", "phu_luc")
# Where a key the file lacks is put: after the last key before it in this order.
ORDER: tuple[str, ...] = ("loai", "ngay", "trich_yeu", "don_vi_soan", "tham_quyen", "kinh_gui", "can_cu", "theo_de_nghi", "mo_dau",
         "noi_dung", "ket_luan", "nguoi_ky", "noi_nhan", "luu", "phu_luc")
# The kinds' own fields (a Giấy mời's time, place, attendees): shown before the body, read like the
# others; their names, types and labels come from the kinds.
KIND_FIELDS = editing.all_kind_fields()
ORDER = (*ORDER[:ORDER.index("noi_dung")], *KIND_FIELDS, *ORDER[ORDER.index("noi_dung"):])
REQUIRED = {"ngay", "trich_yeu"}
SIGNER = ("quyen_han", "thay", "chuc_vu", "ho_ten")
CITATION = ("loai", "so", "ky_hieu", "ngay", "co_quan", "trich_yeu")
BLOCK_NAMES = {"doan": "Đoạn văn", "phan": "Phần (thứ nhất, thứ hai …)", "chuong": "Chương (I, II …)",
               "muc": "Mục (I, II …)", "dieu": "Điều", "khoan": "Khoản (1, 2 …)",
               "diem": "Điểm (a, b …)", "y": "Gạch đầu dòng", "bang": "Bảng"}
ROLES_IN = ("KH",)          # the kinds whose tasks are given to roles (a notice per teacher quotes them)
ROLE_SEPARATOR = "; "
TASK_BLOCKS = ("dieu", "khoan", "diem", "y", "doan")  # blocks a plan gives to roles (headings: none)
TOP_ONLY = ("phan", "chuong", "muc", "dieu")   # the model keeps these at the outer level (or in a phần/chương)
LEAVES = ("doan", "bang")    # blocks without children
OPAQUE = "khac"              # a block the form cannot show: kept, moved or removed whole
DELETE = object()


def shown(loai: str, root: CommentedMap) -> list[str]:
    """The top-level fields the form shows for this kind: every kind's, a decision's authority
    line, a công văn's drafting unit, and any of these already in the file. A document made from
    a Word template of its own (`mau`) has its body there: the form shows only what the file has."""
    keys = [k for k in ORDER if k != "loai"]
    if "mau" in root:
        return [k for k in keys if k in ("ngay", "trich_yeu", "nguoi_ky") or k in root]
    own = {**editing.form_fields(loai), **{name: False for name in KIND_FIELDS},
           **{f.name: True for f in editing.kind_fields(loai)}}
    return [k for k in keys if own.get(k, True) or k in root]


# --- reading and writing the file ------------------------------------------------------------

class NotADate(str):
    """A value written as a date that is none (2022-02-30): kept as written, for the validator to name."""


class _Constructor(RoundTripConstructor):
    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return NotADate(node.value)


class _Representer(RoundTripRepresenter):
    pass


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
_Representer.add_representer(NotADate, lambda r, v: r.represent_scalar("tag:yaml.org,2002:timestamp", str(v)))


def _yaml() -> YAML:
    yaml = editing.round_trip()
    yaml.Constructor, yaml.Representer = _Constructor, _Representer
    return yaml


def load(text: str) -> CommentedMap:
    return _yaml().load(text)


def dump(root: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(root, out)
    return out.getvalue()


# --- the file as a form ------------------------------------------------------------------------

def text(value: Any) -> str:
    """A scalar as the form shows it: dates as 09/05/2022, 4.0 as 4, a value to review as its value."""
    if value is None:
        return ""
    if isinstance(value, TaggedScalar):
        return text(value.value)
    if isinstance(value, date):
        return vn.ngay_ngan(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def norm(value: str) -> str:
    """Texts compare and are written with their runs of spaces and line breaks as one space."""
    return " ".join(vn.nfc(value).split())


def norm_lines(value: str) -> str:
    """A trích yếu keeps the lines it was typed on; each line as `norm` makes it."""
    return "\n".join(line for line in (norm(part) for part in vn.nfc(value).splitlines()) if line)


LINED = ("trich_yeu",)  # texts whose line breaks print


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, date, TaggedScalar)) and not isinstance(value, bool) or value is None


def view(root: CommentedMap, loai: str) -> dict[str, Any]:
    """The form's state of a document tree; a key of a shape the form cannot show is left out."""
    state: dict[str, Any] = {}
    for key in shown(loai, root):
        value = root.get(key)
        if key in SCALARS and _scalar(value):
            state[key] = text(value)
        elif key in LISTS and (value is None or isinstance(value, CommentedSeq)):
            item = {"kinh_gui": lambda v, p: text(v) if _scalar(v) else None, "can_cu": _citation_view,
                    "noi_dung": lambda v, p: _block_view(v, p, roles=loai in ROLES_IN),
                    "noi_nhan": _recipient_view, "phu_luc": _annex_view}[key]
            items = [item(v, f"{key}.{i}") for i, v in enumerate(value or [], 1)]
            if None not in items:
                state[key] = items
        elif key in KIND_FIELDS:
            own = _own_view(KIND_FIELDS[key], value)
            if own is not None:
                state[key] = own
        elif key == "nguoi_ky" and (value is None or isinstance(value, CommentedMap)):
            state[key] = {"rieng": "1" if value is not None else "",
                          **{k: text(value.get(k)) if value is not None else "" for k in SIGNER}}
    return state


def _own_view(field: Any, value: Any) -> str | list[str] | None:
    """A kind's own field in the form: a line, or one line per item of a list (None: a shape the form cannot show)."""
    if field.type == "text":
        return text(value) if _scalar(value) else None
    if value is None or (isinstance(value, CommentedSeq) and all(_scalar(v) for v in value)):
        return [text(v) for v in value or []]
    return None


def _citation_view(value: Any, goc: str) -> dict | None:
    if _scalar(value):
        return {"goc": goc, "kieu": "dong", "dong": text(value)}
    if isinstance(value, CommentedMap):
        return {"goc": goc, "kieu": "trich_dan", **{k: text(value.get(k)) for k in CITATION}}
    return None


def _recipient_view(value: Any, goc: str) -> dict | None:
    if _scalar(value):
        return {"goc": goc, "ten": text(value), "de": ""}
    if isinstance(value, CommentedMap):
        return {"goc": goc, "ten": text(value.get("ten")), "de": text(value.get("de"))}
    return None


def _annex_view(value: Any, goc: str) -> dict | None:
    if not isinstance(value, CommentedMap) or not isinstance(value.get("noi_dung"), (CommentedSeq, type(None))):
        return None
    return {"goc": goc, "ten": text(value.get("ten")),
            "noi_dung": [_block_view(v, f"{goc}.noi_dung.{i}") for i, v in enumerate(value.get("noi_dung") or [], 1)]}


def kind_of(node: Any) -> str | None:
    if _scalar(node):
        return "doan"
    if isinstance(node, CommentedMap):
        return next((k for k in (*TEXT_BLOCKS, "bang") if k in node), None)
    return None


def _block_view(node: Any, goc: str, roles: bool = False) -> dict:
    """A block in the form; with `roles` (a plan) also the roles its task is given to, as one line."""
    kind = kind_of(node)
    opaque = {"goc": goc, "loai": OPAQUE, "noi_dung": []}
    if kind is None:
        return opaque
    if _scalar(node):
        return {"goc": goc, "loai": "doan", "chu": text(node), "noi_dung": [], **({"vai_tro": ""} if roles else {})}
    children = node.get("noi_dung")
    if not isinstance(children, (CommentedSeq, type(None))):
        return opaque
    block: dict[str, Any] = {"goc": goc, "loai": kind,
             "noi_dung": [_block_view(v, f"{goc}.noi_dung.{i}", roles) for i, v in enumerate(children or [], 1)]}
    given = node.get("vai_tro")
    if roles and kind != "bang" and (given is None or isinstance(given, CommentedSeq) and all(_scalar(r) for r in given)):
        block["vai_tro"] = ROLE_SEPARATOR.join(text(r) for r in given or [])
    if kind == "bang":
        table = _table_view(node["bang"])
        if table is None:
            return opaque
        block["bang"] = table
    elif _scalar(node[kind]):
        block["chu"] = text(node[kind])
    else:
        return opaque
    return block


def _table_view(node: Any) -> dict | None:
    if not isinstance(node, CommentedMap):
        return None
    cot, rong, hang = node.get("cot"), node.get("rong"), node.get("hang")
    flat = lambda seq: isinstance(seq, list) and all(_scalar(v) for v in seq)  # noqa: E731
    if not flat(cot) or not (rong is None or flat(rong)) or not (hang is None or (
            isinstance(hang, list) and all(flat(row) for row in hang))):
        return None
    source = "hang" if "hang" in node else "tep" if "tep" in node else "tu" if "tu" in node else "hang"
    return {"cot": [text(v) for v in cot], "rong": [text(v) for v in rong or [""] * len(cot)],
            "nguon": source, "hang": [[text(v) for v in row] for row in hang or []],
            "tep": text(node.get("tep")), "tu": text(node.get("tu"))}


# --- the form as posted ------------------------------------------------------------------------

MAX_DEPTH = 60


def from_form(form) -> dict[str, Any]:
    """The state from a posted form: `noi_dung.2.chu` → state["noi_dung"][1]["chu"]; every list the
    form shows is named in `ds`, so a list emptied by the clerk comes back empty rather than absent."""
    tree: dict[str, Any] = {}
    for name in form:
        parts = name.split(".")
        if parts[0] in (*SCALARS, *LISTS, *KIND_FIELDS, "nguoi_ky") and len(parts) <= MAX_DEPTH and all(parts):
            _put(tree, parts, (norm_lines if name in LINED else norm)(form.get(name, "")))
    for name in form.getlist("ds"):
        parts = name.split(".")
        if (parts[0] in LISTS or parts[0] in KIND_FIELDS) and len(parts) <= MAX_DEPTH and all(parts):
            _put(tree, parts, None)
    return _lists(tree)


def _put(tree: dict, parts: list[str], value: str | None) -> None:
    node = tree
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            return  # a name both a value and a container: not from this form
        node = child
    if value is None:
        node.setdefault(parts[-1], {})
    elif not isinstance(node.get(parts[-1]), dict):
        node[parts[-1]] = value


def _lists(node: Any) -> Any:
    """Mappings keyed 1, 2, … (and empty ones) become lists in the order of their keys."""
    if not isinstance(node, dict):
        return node
    if all(k.isdigit() for k in node):
        return [_lists(node[k]) for k in sorted(node, key=int)]
    return {k: _lists(v) for k, v in node.items()}


# --- actions on the state (add, remove, move, indent, table rows and columns) ------------------

class BadAction(Exception):
    """An action that does not fit the form it came with (a stale or forged button)."""


def new_block(kind: str) -> dict[str, Any]:
    if kind == "bang":
        return {"goc": "", "loai": "bang", "noi_dung": [], "bang": {
            "cot": ["TT", "Nội dung"], "rong": ["1", "6"], "nguon": "hang", "hang": [["1", ""]], "tep": "", "tu": ""}}
    return {"goc": "", "loai": kind, "chu": "", "noi_dung": []}


NEW_ITEMS = {
    "kinh_gui": lambda kind: "",
    "can_cu": lambda kind: {"goc": "", "kieu": "trich_dan", **dict.fromkeys(CITATION, "")} if kind == "trich_dan"
    else {"goc": "", "kieu": "dong", "dong": ""},
    "noi_nhan": lambda kind: {"goc": "", "ten": "", "de": ""},
    "phu_luc": lambda kind: {"goc": "", "ten": "", "noi_dung": [new_block("bang")]},
    "noi_dung": lambda kind: new_block(kind if kind in BLOCK_NAMES else "doan"),
    **{f.name: lambda kind: "" for f in KIND_FIELDS.values() if f.type == "lines"},
}


def _at(state: Any, path: str) -> tuple[Any, Any]:
    """The container and key (0-based index) of a form path."""
    parts = path.split(".")
    node: Any = state
    try:
        for part in parts[:-1]:
            node = node[int(part) - 1] if isinstance(node, list) else node[part]
        last = parts[-1]
        key: int | str = last
        if isinstance(node, list):
            key = int(last) - 1
            if not 0 <= key < len(node):
                raise BadAction(path)
        node[key]
    except (KeyError, IndexError, TypeError, ValueError):
        raise BadAction(path) from None
    return node, key


def apply(state: dict[str, Any], action: str) -> str:
    """Do one button's action on the state; returns the form field to put the cursor in."""
    verb, _, rest = action.partition(":")
    path, _, arg = rest.partition(":")
    if verb == "them":
        parent, key = _at(state, path)
        items = parent[key]
        list_name = path.rsplit(".", 1)[-1]
        if not isinstance(items, list) or list_name not in NEW_ITEMS:
            raise BadAction(action)
        items.append(NEW_ITEMS[list_name](arg))
        return first_field(f"{path}.{len(items)}", items[-1])
    items, i = _at(state, path)
    if not isinstance(items, list):
        raise BadAction(action)
    here = path.rsplit(".", 1)[0]
    if verb == "xoa":
        del items[i]
        return ""
    if verb in ("len", "xuong"):
        j = i - 1 if verb == "len" else i + 1
        if not 0 <= j < len(items):
            raise BadAction(action)
        items[i], items[j] = items[j], items[i]
        return f"{here}.{j + 1}"
    if verb == "thut":
        return _indent(items, i, here)
    if verb == "lui":
        return _outdent(state, items, i, here)
    if verb == "kieu":  # a citation as a plain line, or written field by field
        items[i] = _toggle_citation(items[i])
        return first_field(path, items[i])
    return _table_action(items[i], verb, arg, path)


class Refused(Exception):
    """An action the document's structure does not allow; the message says why."""


def _indent(items: list, i: int, here: str) -> str:
    if i == 0:
        raise Refused("Khối đầu tiên không thụt vào được: không có khối nào phía trên để chứa nó.")
    above = items[i - 1]
    if not isinstance(above, dict) or above.get("loai") in (*LEAVES, OPAQUE):
        raise Refused(f"Không thụt vào được: khối phía trên là {BLOCK_NAMES.get(above.get('loai'), 'khối khác').lower()}, "
                      "không chứa khối con. Đổi loại khối phía trên (ví dụ thành khoản) trước.")
    above["noi_dung"].append(items.pop(i))
    return f"{here}.{i}.noi_dung.{len(above['noi_dung'])}"


def _outdent(state: dict, items: list, i: int, here: str) -> str:
    parts = here.split(".")
    if len(parts) < 3 or parts[-1] != "noi_dung" or parts[-3] != "noi_dung":
        raise Refused("Khối này đã ở cấp ngoài cùng.")
    outer, j = _at(state, ".".join(parts[:-1]))
    outer.insert(j + 1, items.pop(i))
    return f"{'.'.join(parts[:-2])}.{j + 2}"


def _toggle_citation(item: dict) -> dict:
    if item.get("kieu") == "trich_dan":
        try:
            line = editing.citation_text({k: item.get(k) or None for k in CITATION})
        except ValueError:
            line = " ".join(item.get(k, "") for k in CITATION if item.get(k))
        return {"goc": item.get("goc", ""), "kieu": "dong", "dong": line}
    return {"goc": item.get("goc", ""), "kieu": "trich_dan", **dict.fromkeys(CITATION, "")}


def _table_action(block: Any, verb: str, arg: str, path: str) -> str:
    table = block.get("bang") if isinstance(block, dict) else None
    if not isinstance(table, dict):
        raise BadAction(verb)
    width = len(table["cot"])
    if verb == "them_hang":
        table["hang"].append([str(len(table["hang"]) + 1) if table["cot"][:1] in (["TT"], ["STT"]) else ""]
                             + [""] * (width - 1))
        return f"{path}.bang.hang.{len(table['hang'])}.1"
    if verb == "them_cot":
        for row in (table["cot"], table["rong"], *table["hang"]):
            row.append("1" if row is table["rong"] and any(table["rong"]) else "")
        return f"{path}.bang.cot.{width + 1}"
    if not arg.isdigit() or not 1 <= int(arg) <= (len(table["hang"]) if verb == "xoa_hang" else width):
        raise BadAction(verb)
    if verb == "xoa_hang":
        del table["hang"][int(arg) - 1]
    elif verb == "xoa_cot" and width > 1:
        for row in (table["cot"], table["rong"], *table["hang"]):
            del row[int(arg) - 1:int(arg)]
    else:
        raise BadAction(verb)
    return ""


def first_field(path: str, item: Any) -> str:
    if not isinstance(item, dict):
        return path
    for key in ("chu", "dong", "loai" if item.get("kieu") else "", "ten"):
        if key and key in item:
            return f"{path}.{key}"
    return f"{path}.bang.cot.1" if "bang" in item else path


# --- labels as they will print, and what differs between two states ---------------------------

NAMES = {"phan": "phần {n}", "chuong": "chương {n}", "muc": "mục {n}", "dieu": "Điều {n}", "khoan": "khoản {n}", "diem": "điểm {n}", "y": "gạch đầu dòng {i}",
         "doan": "đoạn văn {i}", "bang": "bảng {i}", OPAQUE: "khối {i}"}


def labels(blocks: list[dict], where: str = "", counter: Any = None, in_bullet: bool = False) -> None:
    """Give each block its printed label (`_nhan`: I., Điều 1., 1., a), -, +), numbered as the renderer
    numbers them — mục and điều through the body, khoản and điểm within their parent — and a name
    for buttons and screen readers (`_ten`: «khoản 2 của Điều 1»)."""
    counter = counter if counter is not None else editing.Counter()
    scope = counter.within()
    for i, block in enumerate(blocks, 1):
        kind = block.get("loai")
        try:
            label = scope.label(kind, nested=in_bullet)
        except ValueError:  # more điểm than letters: the model says so when saving
            label = "?"
        block["_nhan"] = label
        number = (label.removeprefix("PHẦN ").lower() if kind == "phan"
                  else label.removeprefix("Chương ").removeprefix("Điều ").rstrip(".)"))
        block["_ten"] = NAMES.get(kind or OPAQUE, NAMES[OPAQUE]).format(n=number, i=i) + (f" của {where}" if where else "")
        labels(block.get("noi_dung") or [], block["_ten"], counter, in_bullet or kind == "y")


def flatten(state: Any, prefix: str = "") -> dict[str, str]:
    """Every value of a state by its form path, without the bookkeeping (`goc`, labels)."""
    if isinstance(state, dict):
        return {k: v for key, value in state.items() if key != "goc" and not key.startswith("_")
                for k, v in flatten(value, f"{prefix}.{key}" if prefix else key).items()}
    if isinstance(state, list):
        return {k: v for i, value in enumerate(state, 1) for k, v in flatten(value, f"{prefix}.{i}").items()}
    return {prefix: norm(text(state))}


def differences(mine: dict, theirs: dict) -> list[tuple[str, str, str]]:
    """(field, on the page, in the file) wherever the two differ."""
    a, b = flatten(mine), flatten(theirs)
    return [(name, a.get(name, ""), b.get(name, "")) for name in [*a, *(n for n in b if n not in a)]
            if a.get(name, "") != b.get(name, "")]


def place(errors: dict[str, str], state: dict) -> tuple[dict[str, str], list[str]]:
    """Errors by the form field they concern: `noi_dung.2.dieu` is the text box `noi_dung.2.chu`;
    an error on something the form has no box for goes to the nearest item that holds it."""
    names = set(flatten(state)) | set(_containers(state))
    placed: dict[str, str] = {}
    other = []
    for field, message in errors.items():
        candidates = [re.sub(rf"\.({'|'.join(TEXT_BLOCKS)})$", ".chu", field), field]
        parts = field.split(".")
        candidates += [".".join(parts[:n]) for n in range(len(parts) - 1, 0, -1)]
        target = next((c for c in candidates if c in names), None)
        if target is None:
            other.append(f"trường `{field}`: {message}")
        elif target in placed:
            placed[target] += f"; {message}"
        else:
            placed[target] = message
    return placed, other


def _containers(state: Any, prefix: str = "") -> list[str]:
    found = [prefix] if prefix else []
    if isinstance(state, dict):
        for key, value in state.items():
            found += _containers(value, f"{prefix}.{key}" if prefix else key) if isinstance(value, (dict, list)) else []
    elif isinstance(state, list):
        for i, value in enumerate(state, 1):
            found += _containers(value, f"{prefix}.{i}") if isinstance(value, (dict, list)) else [f"{prefix}.{i}"]
    return found


# --- the form back into the file ---------------------------------------------------------------

@dataclass
class Origin:
    node: Any
    seq: CommentedSeq  # the list it stood in
    index: int


def merge(root: CommentedMap, state: dict[str, Any]) -> None:
    """Put a form's state into the tree of the file it was opened on."""
    _Merge(root, state).run()


def graft(current: CommentedMap, merged: CommentedMap, state: dict[str, Any]) -> None:
    """After a conflict the clerk chose to save anyway: the fields the form shows take the clerk's
    values; everything else keeps what the file has now."""
    for key in state:
        _set(current, key, merged[key] if key in merged else DELETE, ORDER)


class _Merge:
    def __init__(self, root: CommentedMap, state: dict[str, Any]):
        self.root, self.state = root, state
        # Resolved before anything moves: `goc` paths refer to the file as it was opened.
        self.origins = {goc: found for goc in _gocs(state) if (found := _resolve(root, goc))}
        self.used: set[int] = set()

    def origin(self, item: Any, types: tuple) -> Origin | None:
        found = self.origins.get(item.get("goc", "")) if isinstance(item, dict) else None
        if found is None or id(found.node) in self.used or not isinstance(found.node, types):
            return None
        self.used.add(id(found.node))
        return found

    def run(self) -> None:
        root, state = self.root, self.state
        for key in SCALARS:
            if key in state:
                old = root.get(key)
                new = _value(old, state[key], date_=key == "ngay")
                _set(root, key, DELETE if new == "" and key not in REQUIRED else new, ORDER)
        if "kinh_gui" in state:
            self.put_list(root, "kinh_gui", [(None, _value(None, v)) for v in state["kinh_gui"] if v],
                          keep_equal=True, order=ORDER)
        for key, field in KIND_FIELDS.items():
            if key not in state:
                continue
            if field.type == "text":
                new = _value(root.get(key), state[key])
                _set(root, key, DELETE if new == "" and not field.required else new, ORDER)
            else:
                self.put_list(root, key, [(None, _value(None, v)) for v in state[key] if v], keep_equal=True,
                              optional=not field.required, order=ORDER)
        for key, item in (("can_cu", self.citation), ("noi_nhan", self.recipient), ("phu_luc", self.annex),
                          ("noi_dung", self.block)):
            if key in state:
                self.put_list(root, key, [item(v) for v in state[key]], order=ORDER)
        if "nguoi_ky" in state:
            self.signer(state["nguoi_ky"])

    def put_list(self, parent: CommentedMap, key: str, entries: list[tuple[Origin | None, Any]],
                 optional: bool = True, keep_equal: bool = False, order: tuple | None = None) -> None:
        entries = [(o, node) for o, node in entries if node is not DELETE]
        old = parent.get(key) if isinstance(parent.get(key), CommentedSeq) else None
        nodes = [node for _, node in entries]
        if old is not None and len(old) == len(nodes) and all(
                a is b or (keep_equal and text(a) == text(b)) for a, b in zip(old, nodes)):
            return
        if nodes:
            _set(parent, key, _rebuilt(parent, key, entries), order)
        elif optional:
            _set(parent, key, DELETE)
        else:  # an empty list the model refuses, or a table without rows: its comment lines stay with its key
            lines = _take_lines(parent, key) if key in parent else ""
            _set(parent, key, CommentedSeq(), order)
            _give_lines(parent, key, lines)

    def block(self, item: dict) -> tuple[Origin | None, Any]:
        found = self.origin(item, (str, CommentedMap, TaggedScalar, int, float))
        old = found.node if found else None
        kind = item.get("loai") if item.get("loai") in (*BLOCK_NAMES, OPAQUE) else "doan"
        if kind == OPAQUE:
            return found, old if old is not None else DELETE
        children = item.get("noi_dung") or []
        old_kind = kind_of(old)
        roles = _roles(item.get("vai_tro"))
        if kind == "doan" and not children and not roles and not isinstance(old, CommentedMap):
            return found, _value(old, item.get("chu", ""))  # a paragraph stays a plain line
        node = old if isinstance(old, CommentedMap) else CommentedMap()
        old_text = old if not isinstance(old, CommentedMap) else node.get(old_kind)
        if old_kind not in (None, kind) and isinstance(old, CommentedMap):
            position = list(node).index(old_kind)
            del node[old_kind]
            node.insert(position, kind, None)
        elif kind not in node:
            node.insert(0, kind, None)
        if kind == "bang":
            node["bang"] = self.table(node["bang"] if old_kind == "bang" else None,
                                      item.get("bang") or new_block("bang")["bang"])
        else:
            node[kind] = _value(old_text if old_kind != "bang" else None, item.get("chu", ""))
        if roles is not None:
            self.flow(node, "vai_tro", roles, optional=True, order=(kind, "vai_tro"))
        self.put_list(node, "noi_dung", [self.block(child) for child in children])
        return found, node

    def table(self, old: Any, table: dict) -> CommentedMap:
        node = old if isinstance(old, CommentedMap) else CommentedMap()
        columns = table.get("cot") or []
        shape = (len(node.get("cot") or []), len(node.get("hang") or []))
        if "gop" in node and shape != (len(columns), len(table.get("hang") or [])):
            del node["gop"]  # merged cells name rows and columns: a table reshaped on the page loses them
        self.flow(node, "cot", [_value(None, c) for c in columns])
        widths = table.get("rong") or []
        self.flow(node, "rong", [number(w) for w in widths] if any(widths) else [], optional=True)
        order = ("cot", "rong", "hang", "tep", "tu")
        if table.get("nguon", "hang") == "hang":
            rows = typed if isinstance(typed := node.get("hang"), CommentedSeq) else CommentedSeq()
            entries = []
            for i, row in enumerate(table.get("hang") or []):
                same = i < len(rows) and [text(v) for v in rows[i]] == row
                entries.append((Origin(rows[i], rows, i) if same else None,
                                rows[i] if same else _flow([_cell(v) for v in row])))
            self.put_list(node, "hang", entries, optional=False, order=order)
        elif table.get("nguon") == "tep":
            _set(node, "tep", _value(node.get("tep"), table.get("tep", "")), order)
        return node

    def flow(self, parent: CommentedMap, key: str, values: list, optional: bool = False,
             order: tuple = ("cot", "rong")) -> None:
        old = parent.get(key)
        if isinstance(old, list) and [text(v) for v in old] == [text(v) for v in values]:
            return
        _set(parent, key, _flow(values) if values or not optional else DELETE, order)

    def citation(self, item: dict) -> tuple[Origin | None, Any]:
        found = self.origin(item, (str, CommentedMap, TaggedScalar))
        old = found.node if found else None
        if item.get("kieu") != "trich_dan":
            return found, _value(old if not isinstance(old, CommentedMap) else None, item.get("dong", ""))
        node = old if isinstance(old, CommentedMap) else CommentedMap()
        for key in CITATION:
            value = _value(node.get(key), item.get(key, ""), date_=key == "ngay")
            value = int(value) if key == "so" and isinstance(value, str) and re.fullmatch(r"[1-9]\d{0,8}", value) else value
            _set(node, key, DELETE if value == "" and key == "trich_yeu" else value, CITATION)
        return found, node

    def recipient(self, item: dict) -> tuple[Origin | None, Any]:
        found = self.origin(item, (str, CommentedMap, TaggedScalar))
        old = found.node if found else None
        if not isinstance(old, CommentedMap) and not item.get("de"):
            return found, _value(old, item.get("ten", "")) if item.get("ten") else DELETE
        node = old if isinstance(old, CommentedMap) else CommentedMap()
        if not isinstance(old, CommentedMap) and old is not None:
            node["ten"] = old
        _set(node, "ten", _value(node.get("ten"), item.get("ten", "")), ("ten", "de"))
        _set(node, "de", _value(node.get("de"), item.get("de", "")) or DELETE, ("ten", "de"))
        return found, node

    def annex(self, item: dict) -> tuple[Origin | None, Any]:
        found = self.origin(item, (CommentedMap,))
        node = found.node if found else CommentedMap()
        _set(node, "ten", _value(node.get("ten"), item.get("ten", "")), ("ten", "noi_dung"))
        self.put_list(node, "noi_dung", [self.block(child) for child in item.get("noi_dung") or []],
                      optional=False, order=("ten", "noi_dung"))
        return found, node

    def signer(self, values: dict) -> None:
        if not values.get("rieng"):
            _set(self.root, "nguoi_ky", DELETE)
            return
        old = self.root.get("nguoi_ky")
        node = old if isinstance(old, CommentedMap) else CommentedMap()
        for key in SIGNER:
            value = _value(node.get(key), values.get(key, ""))
            _set(node, key, DELETE if value == "" and key in ("quyen_han", "thay") else value, SIGNER)
        _set(self.root, "nguoi_ky", node, ORDER)


def _gocs(state: Any) -> list[str]:
    if isinstance(state, dict):
        return ([state["goc"]] if state.get("goc") else []) + [g for v in state.values() for g in _gocs(v)]
    if isinstance(state, list):
        return [g for v in state for g in _gocs(v)]
    return []


def _resolve(root: Any, goc: str) -> Origin | None:
    """The node at a form path of the opened file, with the list it stands in."""
    node, seq, index = root, None, -1
    for part in goc.split("."):
        if isinstance(node, CommentedSeq) and part.isdigit() and 0 < int(part) <= len(node):
            seq, index, node = node, int(part) - 1, node[int(part) - 1]
        elif isinstance(node, CommentedMap) and part in node:
            node = node[part]
        else:
            return None
    return Origin(node, seq, index) if seq is not None else None


def _value(old: Any, new: str, date_: bool = False) -> Any:
    """The old node when the form shows it unchanged (its quoting, folding and !xem-lai mark kept);
    else the new text — a date when it reads as one."""
    if old is not None and (norm(text(old)) == new or norm_lines(text(old)) == new):
        return old
    if date_:
        try:
            return vn.doc_ngay(new)
        except ValueError:
            return new
    return new


def number(value: str) -> Any:
    """`1,15` or `1.15` → 1.15, `20` → 20; anything else stays text for the model to refuse."""
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return value
    return int(number) if number.is_integer() else number


def _roles(value: Any) -> list[str] | None:
    """`Giáo viên chủ nhiệm; Tổng phụ trách Đội` → the roles; None when the form had no such box."""
    if not isinstance(value, str):
        return None
    return [r for r in (norm(part) for part in re.split(r"[;\n]", value)) if r]


def _cell(value: str) -> Any:
    """A typed cell: whole numbers as numbers (`1`, not `'1'`), everything else as text."""
    return int(value) if re.fullmatch(r"0|[1-9]\d{0,8}", value) else value


def _flow(values: list) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


# --- keys and items in and out, comments kept -------------------------------------------------
# ruamel keeps the comment lines that follow an entry on the deepest last scalar of that entry.
# When an entry goes, or a list is reordered, those lines are handed on to what stands before them.

def _set(node: CommentedMap, key: str, value: Any, order: tuple | None = None) -> None:
    """Set, add or (DELETE) remove a key; a new key goes after the last key before it in `order`
    (at the end when it has no place there)."""
    if value is DELETE:
        if key in node:
            keys = list(node)
            lines = _take_lines(node, key)
            at = keys.index(key)
            del node[key]
            if at > 0:
                _give_lines(node, keys[at - 1], lines)
        return
    if key in node:
        node[key] = value
        return
    if not order or key not in order:
        node[key] = value
        return
    before = order[:order.index(key)]
    node.insert(max((i + 1 for i, k in enumerate(node) if k in before), default=0), key, value)


def _rebuilt(parent: CommentedMap, key: str, entries: list[tuple[Origin | None, Any]]) -> CommentedSeq:
    """A new list of `entries` for `parent[key]`, keeping the comments of the items that were in it:
    an item's end-of-line comment goes with it; comment lines between two items stay before the
    item that followed them; those after the last item stay at the end."""
    old = parent.get(key) if isinstance(parent.get(key), CommentedSeq) else None
    new = CommentedSeq([node for _, node in entries])
    if old is None:
        return new
    if old.fa.flow_style():
        new.fa.set_flow_style()
    new.ca.comment = old.ca.comment
    before = {j + 1: _take_lines(old, j) for j in range(len(old) - 1)}
    tail = _take_lines(old, len(old) - 1) if len(old) else ""
    kept = {o.index: i for i, (o, _) in enumerate(entries) if o is not None and o.seq is old}
    pending = ""
    for j in range(len(old)):
        pending += before.get(j, "")
        if j in kept:
            if j in old.ca.items:
                new.ca.items[kept[j]] = old.ca.items[j]
            if pending and kept[j] > 0:
                _give_lines(new, kept[j] - 1, pending)
            elif pending:
                _give_lines(parent, key, pending, deep=False)
            pending = ""
    if len(new):
        _give_lines(new, len(new) - 1, pending + tail)
    return new


def _holder(node: Any, key: Any) -> tuple[Any, Any]:
    """Where ruamel keeps the comment lines that follow an entry: its deepest last scalar."""
    value = node[key]
    while isinstance(value, (CommentedMap, CommentedSeq)) and len(value) and not value.fa.flow_style():
        node, key = value, (list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1)
        value = node[key]
    return node, key


def _slot(node: Any) -> int:
    return 2 if isinstance(node, CommentedMap) else 0


def _take_lines(node: Any, key: Any) -> str:
    """Remove and return the comment lines after an entry (not its own end-of-line comment)."""
    node, key = _holder(node, key)
    item = node.ca.items.get(key)
    token = item[_slot(node)] if item else None
    if token is not None and "\n" in token.value:
        own, lines = token.value.split("\n", 1)
        if own:
            token.value = own + "\n"
        else:
            item[_slot(node)] = None
        return lines
    if isinstance(node[key], (CommentedMap, CommentedSeq)) and getattr(node.ca, "end", None):
        # after a flow list (a table row), ruamel keeps the lines at the end of the enclosing list
        lines = "".join(" " * t.column + t.value for t in node.ca.end)
        node.ca.end = []
        return lines
    return ""


def _give_lines(node: Any, key: Any, lines: str, deep: bool = True) -> None:
    """Put comment lines after an entry (`deep`: after all it holds; else right after its key)."""
    if not lines:
        return
    if deep:
        node, key = _holder(node, key)
    item = node.ca.items.setdefault(key, [None, None, None, None])
    token = item[_slot(node)]
    if token is not None:
        token.value = token.value + ("" if token.value.endswith("\n") else "\n") + lines
    elif deep and isinstance(node[key], (CommentedMap, CommentedSeq)):
        node.ca.end = [*(getattr(node.ca, "end", None) or []), CommentToken(lines, CommentMark(0))]
    else:
        item[_slot(node)] = CommentToken("\n" + lines, CommentMark(0))
