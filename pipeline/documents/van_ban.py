"""Any document of the year (`<năm>/van-ban/<tên>.yaml`), whatever its kind: one model, one template.

A document's file stem is its identity in the register. Its kind (`loai`) decides the title block
(pipeline/kinds); everything else — căn cứ, blocks, tables, Nơi nhận, signature, annexes — is the
same for every kind. A document may be made once per row of a sheet (`danh_sach`), and may cite,
score or draw tasks from a plan of the same year (`ke_hoach`).
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, cast

import jinja2
from markupsafe import Markup

from .. import numbering, phan_cong, vn
from ..contexts import Annex, Block, DocumentContext, Frame, KinhGuiLine, MergeContext, PlanVariables
from ..engine import Template, environment, evaluate, explain
from ..errors import DataError, TemplateError, raise_all, warn
from ..kinds import AFTER_BODY, BEFORE_BODY, KINDS, LOAI_VAN_BAN, Kind, kind
from ..layout import Builder, DataTable, Layout, mark_drafts, paragraph
from ..load import Loaded, Source, Year, read_yaml, validate
from ..mergefields import Converter, Names, after_ngay
from ..models import CanCu, mot_dong, Khoi, KetQuaChiTieu, NoiNhan, PhuLuc, TrinhBay, VanBan
from ..publish import Job
from ..register import Row
from ..rows import REFUSE, Ngay, cell_value, file_names, group_rows, pick_row, read_sheet, row_variables
from ..steps import Do, Step
from ..tables import Table, read_table
from . import _FEEDS_FRAME, FRAME_VARIABLES, end_mark, fill, frame, noi_nhan_lines

FOLDER = "van-ban"
TEMPLATE = "van-ban.docx"
DAT, CHUA_DAT = "Đạt", "Chưa đạt"

Lookup = Callable[[str, str], Row | None]  # (loai, khoa) → the register's row of an issued document


@dataclass
class Document:
    """One document file of a year, loaded and checked against its kind."""

    ten: str
    year: Year
    loaded: Loaded[VanBan]

    @property
    def data(self) -> VanBan:
        return self.loaded.model

    @property
    def source(self) -> Source:
        return self.loaded.source

    @property
    def kind(self) -> Kind:
        return kind(self.data.loai)

    @property
    def khoa(self) -> str:
        """The register's key: the year and the file name."""
        return f"{self.year.nam}/{self.ten}"

    @property
    def ky_hieu(self) -> str:
        return self.kind.ky_hieu(self.year.don_vi.model.ma, self.data)


def folder(year: Year) -> Path:
    return year.root / FOLDER


def names(year: Year) -> list[str]:
    """The year's documents, by file name."""
    return sorted(p.stem for p in folder(year).glob("*.yaml")) if folder(year).is_dir() else []


def load(year: Year, ten: str) -> Document:
    path = folder(year) / f"{ten}.yaml"
    if ten not in names(year):  # never a path of its own (`../x`, a name too long for the disk)
        known = ", ".join(names(year)) or "chưa có văn bản nào"
        raise DataError(f"năm {year.nam} không có văn bản «{ten}» (các văn bản: {known})", folder(year))
    doc = Document(ten, year, load_document(path))
    raise_all([doc.source.error(message, loc) for message, loc in doc.kind.problems(doc.data)])
    year.refuse_marks(doc.source, f"văn bản «{ten}»")
    return doc


def load_document(path: Path) -> Loaded[VanBan]:
    """A document's file as the model of its kind (a kind may bring fields of its own)."""
    data, source = read_yaml(path)
    code = data.get("loai") if isinstance(data, dict) else None
    model = KINDS[code].model() if isinstance(code, str) and code in KINDS else VanBan
    return Loaded(validate(model, data, source), source)


# --- labels and texts ----------------------------------------------------------------------


@dataclass
class Texts:
    """Fills a document's texts with the year's variables (and a row's); errors at the data's line."""

    doc: Document
    variables: Mapping[str, object]  # the year's, a plan's, a row's: a sheet row's names are its columns

    def __call__(self, value: str, loc: tuple, **more: Any) -> str:
        return fill(value, {**self.variables, **more}, self.doc.source, loc)


def number(items: list[Khoi], texts: Texts, loc: tuple, tables: Callable[[Khoi, tuple], Markup | None]) -> list[Block]:
    """Blocks in document order, labelled from their position: I., Điều 1., 1., a), - and +."""
    out: list[Block] = []
    counter = numbering.Counter()

    def add(blocks: list[Khoi], here: tuple, in_bullet: bool) -> None:
        scope = counter.within()
        for i, block in enumerate(blocks):
            at = here + (i,)
            for item_vars in _repeat(block, texts, at):
                kind = block.loai
                if kind == "bang":
                    out.append({"loai": "bang", "bang": tables(block, at), "dam": False, "dong": ""})
                    continue
                label = scope.label(kind, in_bullet)
                body = texts(block.text, at + (kind,), **item_vars, **_target_vars(block, texts, at))
                out.append(_labelled(kind, label, body, block))
                add(block.noi_dung, at + ("noi_dung",), in_bullet or kind == "y")

    add(items, loc, in_bullet=False)
    return out


def _labelled(kind: str, label: str, body: str, block: Khoi) -> Block:
    """A block's printed parts. A part or chapter prints its label and its title in capitals on two
    centred lines (`dong` keeps both, a line break between, for a template without that branch)."""
    if kind in ("phan", "chuong"):
        body = vn.in_hoa(body.rstrip(" :."))
    elif kind == "muc":
        body = vn.in_hoa(body.rstrip(" :"))
    line = f"{label}\n{body}" if kind in ("phan", "chuong") else f"{label} {body}".strip()
    return {"loai": kind, "nhan": label, "noi_dung": body, "dong": line,
            "dam": kind in ("phan", "chuong", "muc") or (kind == "khoan" and bool(block.noi_dung)), "khoi": block}


def _repeat(block: Khoi, texts: Texts, loc: tuple) -> list[dict[str, object]]:
    """A block with `lap: "nv in hang.nhiem_vu"` stands once per item (named as the clerk wrote); others once."""
    if not block.vong_lap:
        return [{}]
    name, expression = block.vong_lap
    try:
        items = evaluate(expression, texts.variables)
    except jinja2.TemplateError as exc:
        raise texts.doc.source.error(f"`lap` không đọc được «{expression}»: {exc.message}", loc + ("lap",)) from None
    if not isinstance(items, (list, tuple)):
        raise texts.doc.source.error(f"`lap`: «{expression}» không phải một danh sách", loc + ("lap",))
    return [{name: item} for item in items]


def _target_vars(block: Khoi, texts: Texts, loc: tuple) -> dict[str, str]:
    """A target's sentence may say its own value: `{{ gia_tri }}` → `100%`."""
    if block.chi_tieu is None:
        return {}
    value = ChiTieu.of(block, "").gia_tri_in
    return {"gia_tri": texts.doc.year.review(value, texts.doc.source, loc + ("gia_tri",))}


# --- a plan's targets and tasks, for the documents that cite it --------------------------------

@dataclass
class ChiTieu:
    """A measurable target of a plan, as a report scores it."""

    ma: str
    noi_dung: str
    gia_tri: float
    don_vi_tinh: str

    @classmethod
    def of(cls, block: Khoi, text: str) -> ChiTieu:
        # The model takes a target's code and value together (Khoi._one_kind).
        assert block.chi_tieu is not None and block.gia_tri is not None
        return cls(block.chi_tieu, text, block.gia_tri, block.don_vi_tinh)

    def value(self, x: float) -> str:
        return vn.phan_tram(x) if self.don_vi_tinh == "%" else f"{vn.so(x)} {self.don_vi_tinh}"

    @property
    def gia_tri_in(self) -> str:
        return self.value(self.gia_tri)


@dataclass
class NhiemVu:
    """A task of a plan for some roles; `cho_nguoi` is its wording addressed to the person."""

    vai_tro: list[str]
    noi_dung: str
    cho_nguoi: str


@dataclass
class Plan:
    """What other documents take from a plan: its name, its targets, its tasks."""

    doc: Document
    trich_yeu: str
    chi_tieu: list[ChiTieu]
    nhiem_vu: list[NhiemVu]

    @property
    def ten(self) -> str:
        """`Kế hoạch triển khai thực hiện …`: how other documents name it."""
        return f"{self.doc.kind.ten} {vn.thuong_dau(self.trich_yeu)}"

    def can_cu(self, issued: Row | None) -> str:
        """The line citing it: by number and date once issued, by its name before."""
        dv = self.doc.year.don_vi.model
        if issued is None:
            return f"Căn cứ {self.ten} của {dv.ten}"
        cc = CanCu(loai=self.doc.kind.ten, so=str(issued.so), ky_hieu=issued.ky_hieu, ngay=issued.ngay,
                   co_quan=dv.ten, trich_yeu=f"về {vn.thuong_dau(self.trich_yeu)}")
        return can_cu_text(cc)

    @property
    def roles(self) -> list[str]:
        return list(dict.fromkeys(r for task in self.nhiem_vu for r in task.vai_tro))


def plan(doc: Document) -> Plan:
    """A document read as a plan: its targets and role tasks, texts filled."""
    texts = Texts(doc, doc.year.variables())
    blocks = number(doc.data.noi_dung, texts, ("noi_dung",), lambda block, loc: None)
    targets = [ChiTieu.of(b["khoi"], b["noi_dung"]) for b in blocks if b.get("khoi") and b["khoi"].chi_tieu]
    tasks = [NhiemVu(b["khoi"].vai_tro, b["noi_dung"], _addressed(b, texts)) for b in blocks
             if b.get("khoi") and b["khoi"].vai_tro]
    return Plan(doc, mot_dong(texts(doc.data.trich_yeu or "", ("trich_yeu",))), targets, tasks)


def _addressed(block: Block, texts: Texts) -> str:
    """The task as a notice gives it to a person: the plan's own wording for that, or the sentence
    with its leading «Phân công …/Giao …» role phrase turned into a task."""
    khoi: Khoi = block["khoi"]
    if khoi.nhiem_vu:
        return texts(khoi.nhiem_vu, ("nhiem_vu",))
    roles = "|".join(map(re.escape, khoi.vai_tro))
    text = re.sub(rf"^(Phân công|Giao|Đề nghị|Yêu cầu)\s+(cho\s+)?({roles})\s+", "", block["noi_dung"],
                  flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


def score(target: ChiTieu, result: KetQuaChiTieu) -> str:
    """Computed, never typed: a target is met when the result reaches the planned value."""
    return DAT if result.ket_qua >= target.gia_tri else CHUA_DAT


# --- citations, recipients, Kính gửi ----------------------------------------------------------

def can_cu_text(cc: CanCu) -> str:
    """`Căn cứ Kế hoạch số 70/KH-PGDĐT ngày 09 tháng 5 năm 2022 của … về …` (no final mark)."""
    text = f"Căn cứ {cc.loai} số {vn.so_van_ban(cc.so)}/{cc.ky_hieu} {vn.ngay_thang(cc.ngay)} của {cc.co_quan}"
    return f"{text} {cc.trich_yeu}" if cc.trich_yeu else text


def punctuate(lines: list[str], last: str = ".") -> list[str]:
    """Each line ends with `;`, the last with `last` (NĐ 30: căn cứ, Kính gửi lists)."""
    bare = [vn.bo_dau_cuoi(line) for line in lines]
    return [f"{line}{last if i == len(bare) - 1 else ';'}" for i, line in enumerate(bare)]


def kinh_gui_lines(recipients: list[str]) -> list[KinhGuiLine]:
    """One recipient on the Kính gửi line; several one a line, `;` between and `.` last."""
    if len(recipients) == 1:
        return [{"loai": "mot", "dong": f"Kính gửi: {vn.bo_dau_cuoi(recipients[0])}"}]
    lines: list[KinhGuiLine] = [{"loai": "dau", "dong": "Kính gửi:"}]
    for i, line in enumerate(punctuate(recipients)):
        lines.append({"loai": "cuoi" if i == len(recipients) - 1 else "tiep", "dong": f"- {line}"})
    return lines


# --- rows (danh_sach) ------------------------------------------------------------------------

@dataclass
class Rows:
    """The rows a document is made once for: each row's variables, file name and register key."""

    variables: list[Mapping[str, object]] = field(default_factory=lambda: [{}])  # a sheet row's keys are its columns
    names: list[str] = field(default_factory=lambda: [""])


def rows(doc: Document, the_plan: Plan | None) -> Rows:
    if not doc.data.danh_sach:
        return Rows()
    path = doc.year.root / doc.data.danh_sach
    if the_plan is not None and _wants_tasks(doc.data.noi_dung):
        teachers = phan_cong.read_roster(path, the_plan.roles)
        _check_deadlines(doc, teachers, path)
        return Rows([phan_cong.row(t, the_plan.nhiem_vu, doc.data.han) for t in teachers],
                    phan_cong.names(teachers))
    table = read_table(path)
    variables = row_variables(table)
    # A clerk's own template names the columns directly (`{{ lop }}`), as in Word's mail merge.
    return Rows([{**row, "hang": row} if doc.data.mau else {"hang": row} for row in variables],
                file_names(table, variables, doc.data.ten_tep or "{stt}"))


def _wants_tasks(blocks: list[Khoi]) -> bool:
    """A list of teachers with roles: the document lists each row's tasks from the plan (`hang.nhiem_vu`)."""
    return any((b.vong_lap and "hang.nhiem_vu" in b.vong_lap[1]) or _wants_tasks(b.noi_dung) for b in blocks)


def _check_deadlines(doc: Document, teachers: list, path: Path) -> None:
    """A deadline before the notice's own date is a mistake (often last year's, carried over)."""
    day = doc.data.ngay
    errors = []
    if doc.data.han and doc.data.han < day:
        errors.append(doc.source.error(f"hạn chung {vn.ngay_ngan(doc.data.han)} trước ngày của văn bản "
                                       f"({vn.ngay_ngan(day)})", ("han",)))
    for t in teachers:
        if t.han and t.han < day:
            errors.append(DataError(f"hạn hoàn thành {vn.ngay_ngan(t.han)} trước ngày của văn bản "
                                    f"({vn.ngay_ngan(day)})", path, t.hang, row_label="hàng", column="Hạn hoàn thành"))
    raise_all(errors)


# --- context -------------------------------------------------------------------------------

@dataclass
class Prepared:
    """A document with every text that does not depend on its number, date or row filled."""

    doc: Document
    plan: Plan | None
    layout: Layout
    rows: Rows


def prepare(doc: Document, lookup: Lookup | None = None) -> Prepared:
    the_plan = plan(load(doc.year, doc.data.ke_hoach)) if doc.data.ke_hoach else None
    if doc.data.ket_qua is not None and the_plan is None:
        raise doc.source.error("kết quả (`ket_qua`) được chấm theo một kế hoạch: thêm `ke_hoach: <tên tệp kế hoạch>`",
                               ("ket_qua",))
    if the_plan and doc.data.ket_qua is not None:
        _check_results(doc, the_plan)
    return Prepared(doc, the_plan, Layout(doc.year.don_vi.model.trinh_bay), rows(doc, the_plan))


def _check_results(doc: Document, the_plan: Plan) -> None:
    """Every target of the plan once, no unknown id."""
    known = [t.ma for t in the_plan.chi_tieu]
    given = doc.data.ket_qua or {}
    errors = []
    missing = [ma for ma in known if ma not in given]
    if missing:
        errors.append(doc.source.error(f"thiếu kết quả của chỉ tiêu: {', '.join(missing)}", ("ket_qua",)))
    errors += [doc.source.error(f"kế hoạch «{the_plan.doc.ten}» không có chỉ tiêu «{ma}»; các mã chỉ tiêu: "
                                f"{', '.join(known)}", ("ket_qua", ma)) for ma in given if ma not in known]
    raise_all(errors)


def plan_variables(prepared: Prepared, lookup: Lookup | None) -> PlanVariables:
    """`ke_hoach.ten`, `ke_hoach.can_cu`, and for a report the scored targets `chi_tieu`."""
    the_plan, data = prepared.plan, prepared.doc.data
    if the_plan is None:
        return {}
    issued = lookup(the_plan.doc.data.loai, the_plan.doc.khoa) if lookup else None
    out: PlanVariables = {"ke_hoach": {"ten": the_plan.ten, "trich_yeu": the_plan.trich_yeu,
                                       "can_cu": the_plan.can_cu(issued)}}
    if data.ket_qua is not None:
        scored = [(t, data.ket_qua[t.ma]) for t in the_plan.chi_tieu]
        out["chi_tieu"] = [[str(i), t.noi_dung, t.gia_tri_in, t.value(r.ket_qua), score(t, r)]
                           for i, (t, r) in enumerate(scored, 1)]
        out["dat"] = sum(score(t, r) == DAT for t, r in scored)
        out["tong_chi_tieu"] = len(scored)
        out["nhan_xet"] = [f"{t.noi_dung.rstrip('.')}: {vn.ket_cau(r.nhan_xet)}" for t, r in scored if r.nhan_xet]
    return out


def trich_yeu(prepared: Prepared) -> str:
    """The subject as the first document prints it (a batch's may quote its rows), on one line for lists."""
    doc = prepared.doc
    texts = Texts(doc, {**doc.year.variables(), **plan_variables(prepared, None), **prepared.rows.variables[0]})
    return mot_dong(texts(doc.data.trich_yeu or "", ("trich_yeu",)))


def context(prepared: Prepared, row: int, so: int | None, ngay: date | None, section: Any,
            lookup: Lookup | None = None) -> DocumentContext:
    """Everything the template prints for one document (one row of a batch), numbered or draft."""
    doc, data, year = prepared.doc, prepared.doc.data, prepared.doc.year
    texts = Texts(doc, {**year.variables(), **plan_variables(prepared, lookup), **prepared.rows.variables[row]})
    day = ngay or data.ngay
    trich_yeu = texts(data.trich_yeu or "", ("trich_yeu",))
    body_tables: Built = []
    body = number(data.noi_dung, texts, ("noi_dung",), _tables(prepared, texts, built=body_tables))
    _warn_narrow(doc, body_tables)
    body = (doc.kind.field_blocks(data, texts, BEFORE_BODY) + body + doc.kind.field_blocks(data, texts, AFTER_BODY))
    ket_luan = texts(data.ket_luan, ("ket_luan",)) if data.ket_luan else None
    if ket_luan:
        ket_luan = end_mark(ket_luan)
    else:
        ket_luan = None
        _end_last(body)  # the last text of the content carries `./.`
    recipients = [NoiNhan(ten=texts(n.ten, ("noi_nhan", i, "ten")), de=n.de) for i, n in enumerate(data.noi_nhan)]
    base = frame(year, loai=data.loai, ten_loai=doc.kind.ten_loai or "", so=so, ngay=day, trich_yeu=trich_yeu,
                 nguoi_ky=data.nguoi_ky, ky_hieu=doc.ky_hieu,
                 noi_nhan=doc.kind.first_recipients(data, body) + noi_nhan_lines(recipients, False, data.luu),
                 ngay_xem_lai=ngay is None and doc.source.is_marked(("ngay",)))
    kinh_gui = kinh_gui_lines([texts(k, ("kinh_gui", i)) for i, k in enumerate(data.kinh_gui)]) if data.kinh_gui else []
    can_cu = _can_cu(data, texts)
    theo_de_nghi = _sentence(texts(data.theo_de_nghi, ("theo_de_nghi",))) if data.theo_de_nghi else None
    mo_dau = texts(data.mo_dau, ("mo_dau",)) if data.mo_dau else None
    if data.tham_quyen:  # filled before the kind prints it in capitals
        data = data.model_copy(update={"tham_quyen": texts(data.tham_quyen, ("tham_quyen",))})
    title = doc.kind.context(data, base)
    return {**base, **title, "kinh_gui": kinh_gui, "can_cu": can_cu, "theo_de_nghi": theo_de_nghi, "mo_dau": mo_dau,
            "noi_dung": [_public(b) for b in body], "ket_luan": ket_luan,
            "phu_luc": _annexes(prepared, texts, _citation(doc, base, title["ban_hanh"]), section)}


def _sentence(text: str) -> str:
    return vn.bo_dau_cuoi(text) + "."


def _can_cu(data: VanBan, texts: Texts) -> list[str]:
    """The căn cứ lines, punctuated; in a draft, a citation still to review is highlighted."""
    doc = texts.doc
    lines = [texts(can_cu_text(cc) if isinstance(cc, CanCu) else cc, ("can_cu", i))
             for i, cc in enumerate(data.can_cu)]
    lines = punctuate(lines, last=";" if data.theo_de_nghi else ".") if lines else []
    return [doc.year.review(line, doc.source, ("can_cu", i)) for i, line in enumerate(lines)]


def _end_last(body: list[Block]) -> None:
    """Without a closing paragraph, the last text of the content carries `./.` (the last article)."""
    for block in reversed(body):
        if block["loai"] != "bang":
            block["noi_dung"] = end_mark(block["noi_dung"])
            block["dong"] = f"{block['nhan']} {block['noi_dung']}".strip()
            return None
    return None


def _public(block: Block) -> Block:
    public = block.copy()
    public.pop("khoi", None)
    return public


Built = list[tuple[list[str], DataTable]]  # the tables of a document's part, with their column titles


def _tables(prepared: Prepared, texts: Texts, width_mm: float | None = None,
            built: Built | None = None) -> Callable[[Khoi, tuple], Markup]:
    """Builds each table block at `width_mm` (the text width of its page), adding it to `built`."""
    def build(block: Khoi, loc: tuple) -> Markup:
        bang = block.bang
        assert bang is not None  # called for the table blocks only
        total = int(bang.tong)
        cells: Any
        if bang.hang is not None:
            cells = [[_cell(texts, v, loc + ("bang", "hang", r, c)) for c, v in enumerate(row)]
                     for r, row in enumerate(bang.hang)]
        elif bang.tep is not None:
            cells, total = _sheet_rows(prepared.doc, bang.tep, bang.tong)
        else:
            assert bang.tu is not None  # a table has rows typed, a sheet, or rows given (Bang._rows)
            cells = texts.variables.get(bang.tu)
            if not isinstance(cells, list):
                raise texts.doc.source.error(f"không có danh sách hàng «{bang.tu}» cho bảng; văn bản cần "
                                             "`ke_hoach` và `ket_qua` để có `chi_tieu`", loc + ("bang", "tu"))
        titles = [texts(t, loc + ("bang", "cot", i)) for i, t in enumerate(bang.cot)]
        table = prepared.layout.table(titles, bang.rong, cells, width_mm, total, bang.tieu_de, bang.gop or ())
        if built is not None:
            built.append((titles, table))
        return table.xml
    return build


def _warn_narrow(doc: Document, tables: Built) -> None:
    """A table too wide for its numbers, or with columns too narrow for their longest word, is said:
    one warning a table, naming the document, the table and its columns."""
    for titles, table in tables:
        cols = table.columns
        if not cols.numbers_fit:
            warn(f"văn bản «{doc.ten}»: bảng {_table_name(titles)} có quá nhiều cột cho chiều rộng trang, các số sẽ "
                 "bị ngắt dòng giữa số; bớt cột, hoặc đặt bảng vào một phụ lục in trang ngang (`ngang`)")
        elif cols.narrow:  # (numbers that do not fit squeeze every column: said above)
            which = "; ".join(f"cột «{n.column}» hẹp hơn chữ «{n.word}»" for n in cols.narrow)
            warn(f"văn bản «{doc.ten}»: bảng {_table_name(titles)}: {which}; "
                 f"{'chữ này' if len(cols.narrow) == 1 else 'các chữ này'} sẽ bị ngắt giữa chừng; rút gọn tiêu đề "
                 "cột, đổi độ rộng các cột (`rong`), hoặc đặt bảng vào một phụ lục in trang ngang (`ngang`)")


def _table_name(titles: list[str]) -> str:
    """A table as the clerk recognises it: its column count and first titles."""
    shown = ", ".join(" ".join(t.split()) for t in titles[:3]) + (", …" if len(titles) > 3 else "")
    return f"{len(titles)} cột ({shown})"


def _cell(texts: Texts, value: Any, loc: tuple) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return vn.so(value)
    return texts(str(value), loc)


def _sheet_rows(doc: Document, name: str, keep_total: bool) -> tuple[list[list[str]], int]:
    """A table's rows from a sheet beside the data (its header row names the columns), and how
    many of the last are totals: the sheet's total rows when the table has `tong` (else its last
    row); without `tong` a total row of the sheet is left out, and the clerk is told."""
    table = read_table(doc.year.root / name)
    rows = [[_sheet_cell(row.get(key)) for key in table.headers] for row in row_variables(table)]
    totals = [[_sheet_cell(cell_value(values.get(key))) for key in table.headers] for _, values in table.total_rows]
    if keep_total:
        return rows + totals, max(len(totals), 1)
    for number, label in table.totals:
        warn(f"{table.where()}, hàng {number}: hàng tổng «{label}» không được in trong bảng của văn bản "
                  f"«{doc.ten}»; để in nó làm hàng tổng (chữ đậm), đánh dấu bảng là có hàng tổng (`tong`)")
    return rows, 0


def _sheet_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return vn.ngay_ngan(value)
    return str(value)


def _annexes(prepared: Prepared, texts: Texts, citation: str, section: Any) -> list[Annex]:
    """Each annex: its label (`Phụ lục I` when there are several), title, `Kèm theo …` line and blocks."""
    data, lay = prepared.doc.data, prepared.layout
    annexes: list[Annex] = []
    before = False  # the page of the section before: the document's own is portrait
    for i, annex in enumerate(data.phu_luc):
        loc = ("phu_luc", i)
        kem_theo = f"(Kèm theo {citation})"
        blocks, landscape = _annex_blocks(prepared, texts, annex, loc)
        annexes.append({
            "ngat": lay.section_break(section, restart=i > 0, landscape=before),
            "ngang": landscape,
            "ket": "",
            "nhan": f"Phụ lục {vn.la_ma(i + 1)}" if len(data.phu_luc) > 1 else "Phụ lục",
            "ten": vn.in_hoa(texts(annex.ten, loc + ("ten",))),
            "kem_theo": kem_theo,
            "gach": lay.annex_rule(kem_theo),
            "noi_dung": [_public(b) for b in blocks],
        })
        before = landscape
    if before:  # the last annex ends the document: its page is the document's last section
        annexes[-1]["ket"] = lay.section_break(section, restart=True, landscape=True)
    return annexes


def _annex_blocks(prepared: Prepared, texts: Texts, annex: PhuLuc, loc: tuple) -> tuple[list[Block], bool]:
    """An annex's blocks, on a landscape page when asked (`ngang`) or, by default, when a table
    of it needs more than the portrait width."""
    lay = prepared.layout
    for landscape in (False, True) if annex.ngang is None else (annex.ngang,):
        built: Built = []
        width = lay.landscape_width_mm if landscape else lay.text_width_mm
        blocks = number(annex.noi_dung, texts, loc + ("noi_dung",), _tables(prepared, texts, width, built))
        if landscape or annex.ngang is not None or all(t.columns.fits for _, t in built):
            break
    _warn_narrow(prepared.doc, built)
    return blocks, landscape


def _citation(doc: Document, ctx: Frame, ban_hanh: str) -> str:
    """`Quyết định số 05/QĐ-THCSKB ngày 09 tháng 5 năm 2022 của Hiệu trưởng Trường THCS …` (blank number
    in a draft)."""
    number = vn.so_hieu(ctx["so"], ctx["ky_hieu"]) if ctx["so"] else f"     /{ctx['ky_hieu']}"
    return f"{doc.kind.ten} số {number} {vn.ngay_thang(ctx['ngay'])} của {ban_hanh}"


# --- jobs ------------------------------------------------------------------------------------

DRAFTS = "du-thao"  # the folder of drafts, beside the issued documents
COMBINED = {False: "tat-ca-du-thao.docx", True: "tat-ca-da-cap-so.docx"}


def out_folder(doc: Document, out_root: Path, issued: bool, batch: bool) -> Path:
    """Drafts apart from issued documents, so a draft can never replace one:
    `out/2022/du-thao/<tên>.docx`, `out/2022/KH-01-THCSKB.docx`, a batch in a folder of its own."""
    base = Path(out_root) / str(doc.year.nam)
    if not issued:
        base = base / DRAFTS
    return base / doc.ten if batch else base


def jobs(doc: Document, templates: Path, out_root: Path, issued: bool,
         lookup: Lookup | None = None) -> Sequence[Job[Frame]]:
    """One job per document to make: one, or one per row of its `danh_sach`."""
    if doc.data.mau:
        return _merge_jobs(doc, templates, out_folder(doc, out_root, issued, batch=True))
    prepared = prepare(doc, lookup)
    template = Template.shared(Path(templates) / TEMPLATE)
    section = template.final_section()
    batch = bool(doc.data.danh_sach)
    where = out_folder(doc, out_root, issued, batch)

    def file_name(row_name: str) -> Callable[[int | None], str]:
        def name(so: int | None) -> str:
            if so is None:
                return f"{row_name or doc.ten}.docx"
            number = f"{doc.data.loai}-{vn.so_van_ban(so)}-{doc.year.don_vi.model.ma}"
            return f"{number}-{row_name}.docx" if row_name else f"{number}.docx"
        return name

    def row_context(i: int) -> Callable[[int | None, date | None], DocumentContext]:
        return lambda so, ngay: context(prepared, i, so, ngay, section, lookup)

    def row_uncited(i: int) -> Callable[[date | None], DocumentContext]:
        return lambda ngay: context(prepared, i, None, ngay, section, None)

    return [Job(template=template, loai=doc.data.loai, khoa=f"{doc.khoa}/{row_name}" if row_name else doc.khoa,
                folder=where, file_name=file_name(vn.slug(row_name)),
                context=row_context(i), uncited=row_uncited(i) if prepared.plan else None)
            for i, row_name in enumerate(prepared.rows.names)]


def _merge_jobs(doc: Document, templates: Path, where: Path) -> list[Job[MergeContext]]:
    """A mail merge kept as a document of the year: the clerk's template, one document per row."""
    data = doc.data
    # A clerk's template comes with its sheet (VanBan's validator); the caller saw `mau`.
    assert data.mau is not None and data.danh_sach is not None
    own = doc.year.root / data.mau
    template = own if own.is_file() else Path(templates) / data.mau
    if data.loai not in LOAI_VAN_BAN:
        raise doc.source.error(f"mẫu riêng (`mau`) dùng cho văn bản có tên loại; `{data.loai}` không có", ("loai",))
    return merge_jobs(doc.year, template, doc.year.root / data.danh_sach, where, data.ten_tep or "{stt}",
                      data.loai, data.ngay, data.trich_yeu, khoa=doc.khoa)


# --- a mail merge: a clerk's template, one document per row (or group) of a sheet ------------------

def frame_variables(year: Year) -> dict[str, str]:
    """Every variable a column must not shadow, with what it is."""
    return {**FRAME_VARIABLES, **{k: "biến của năm trong tham-so.yaml" for k in year.variables() if k not in
                                  FRAME_VARIABLES}}


def check_clashes(table: Table, reserved: dict[str, str]) -> None:
    """A column named like a frame variable would silently replace it in every document."""
    raise_all([table.error(f"tên cột trùng với biến `{key}` mà mọi văn bản đều có ({reserved[key]}); "
                           f"hãy đổi tên cột, ví dụ «{header} …»", table.header_row, key)
               for key, header in table.headers.items() if key in reserved and key not in _FEEDS_FRAME])


def merge_jobs(year: Year, template_path: Path, sheet: Path, out: Path, pattern: str = "{stt}",
               loai: str = "BC", ngay: date | None = None, trich_yeu: str | None = None, *,
               nhom: str | None = None, cho_phep_trong: bool = False, bo_hang_tong: bool = False,
               xem_truoc: int | None = None, khoa: str | None = None) -> list[Job[MergeContext]]:
    """A mail merge's jobs (a document of the year with `mau` and `danh_sach`, or `tron`): one per row, or per group of rows with the same `nhom` column; the template is converted
    (Word merge fields) and checked against every column and frame variable first.

    `cho_phep_trong`: blank cells print as nothing instead of being refused; `bo_hang_tong`: total
    rows are skipped instead of refused; `xem_truoc`: only the document of that sheet row.
    """
    # A preview of one row without groups needs the sheet only down to that row.
    table = read_sheet(sheet, bo_hang_tong, xem_truoc if xem_truoc is not None and not nhom and xem_truoc > 0 else None)
    reserved = frame_variables(year)
    check_clashes(table, reserved)
    docs = row_variables(table, "" if cho_phep_trong else REFUSE)
    if nhom:
        docs = group_rows(table, docs, nhom)
    names = file_names(table, docs, pattern)
    if xem_truoc is not None:
        chosen = pick_row(table, docs, xem_truoc)
        docs, names = [docs[chosen]], [names[chosen]]
    template = Template(template_path, _marking_drafts(Converter(Names(table, set(reserved)), Path(template_path)).prepare))

    def context(doc: Mapping[str, object], so: int | None = None, day: date | None = None) -> MergeContext:
        day = day or ngay or date.today()
        subject = doc.get("trich_yeu") or _fill(trich_yeu, doc, year) or ""
        base = frame(year, loai=loai, ten_loai=LOAI_VAN_BAN[loai], so=so, ngay=day,
                     trich_yeu=str(subject), nguoi_ky=None, noi_nhan=noi_nhan_lines([], nhu_tren=False, luu=None))
        # The row's keys are the sheet's columns, named by the clerk (with `stt`, `hang` and a group's
        # `danh_sach`, rows.row_variables and group_rows): no class can list them, and mypy does not read
        # PEP 728's `extra_items` yet. check_clashes refused any column named like a frame variable, so
        # the frame's keys keep their types beside them.
        return cast(MergeContext, {**base, "so": so or "", "ngay": Ngay(day.year, day.month, day.day),
                                   **{k: v for k, v in doc.items() if k != "trich_yeu"}})

    check_variables(template, context(docs[0]), table, grouped=bool(nhom))
    ma = year.don_vi.model.ma

    def doc_context(doc: Mapping[str, object]) -> Callable[[int | None, date | None], MergeContext]:
        return lambda so, d: context(doc, so, d)

    def file_name(name: str) -> Callable[[int | None], str]:
        # A numbered document carries its number, so an issued file never replaces a draft.
        return lambda so: name if so is None else f"{loai}-{vn.so_van_ban(so)}-{ma}-{name}"

    khoa = khoa or f"tron/{Path(template_path).stem}"  # the register's key: a document file's, or the template's
    return [Job(template=template, loai=loai, khoa=f"{khoa}/{Path(name).stem}",
                folder=Path(out), context=doc_context(doc), file_name=file_name(name))
            for doc, name in zip(docs, names)]


def check_variables(template: Template, context: Mapping[str, object], table: Table, grouped: bool) -> None:
    """Every variable the template uses is a column or a frame variable; else say which columns there are."""
    missing = sorted(template.variables - context.keys())
    if not missing:
        return
    grouping = "danh_sach" in missing and not grouped
    hint = "; danh_sach chỉ có khi trộn theo nhóm (một văn bản cho mỗi nhóm hàng)" if grouping else ""
    columns = ", ".join(f"{{{{ {k} }}}} («{h}»)" for k, h in table.headers.items())
    raise TemplateError(f"mẫu dùng biến mà dữ liệu không có: {', '.join(f'`{m}`' for m in missing)}{hint}; "
                        f"các cột của bảng {table.where()}: {columns}", template.path,
                        [Step(Do.GROUP_BY)] if grouping else [])


_TEXT_ENV = environment(autoescape=False)
_TEXT_ENV.filters["sau_chu_ngay"] = after_ngay


@functools.lru_cache(maxsize=16)
def _text_template(text: str) -> jinja2.Template:
    return _TEXT_ENV.from_string(re.sub(r"\b([Nn]gày\s+){{(.*?)}}", r"\1{{ (\2) | sau_chu_ngay }}", text))


def _fill(text: str | None, row: Mapping[str, object], year: Year) -> str | None:
    """`--trich-yeu` with the row's values (`ngày {{ ngay_sinh }}` prints one «ngày»)."""
    if not text:
        return None
    try:
        return _text_template(text).render({**year.variables(), **row})
    except jinja2.TemplateError as exc:
        raise DataError(f"trích yếu: {explain(exc)}") from None


def build_template(trinh_bay: TrinhBay) -> Builder:
    """templates/van-ban.docx: every kind's layout (Phụ lục III Mẫu 1.2, 1.4, 1.5), chosen by the context."""
    b = Builder(Layout(trinh_bay))
    b.draft_mark()
    b.header()
    b.cong_van_subject()
    b.title_block()
    b.tag("if not ten_loai")  # a công văn: Kính gửi right under the header
    paragraph(b.doc, "", b.sizes.than, after_pt=6)
    b.tag("endif")
    b.kinh_gui()
    b.can_cu()
    b.tag("if theo_de_nghi")
    b.body("{{ theo_de_nghi }}", italic=True)
    b.tag("endif")
    b.decision_line()
    b.tag("if mo_dau")
    b.body("{{ mo_dau }}")
    b.tag("endif")
    b.blocks("noi_dung")
    b.tag("if ket_luan")
    b.body("{{ ket_luan }}", keep_with_next=True)
    b.tag("endif")
    b.footer()
    b.annexes()
    return b


def _marking_drafts(prepare: Callable[[Path, Any], Any]) -> Callable[[Path, Any], Any]:
    """A clerk's template, converted, with the `DỰ THẢO` mark of drafts (unless it prints its own)."""
    def prepared(path: Path, env: Any) -> io.BytesIO:
        from docx import Document as WordDocument
        doc = WordDocument(prepare(path, env))
        if not any(b"du_thao" in part.blob for part in doc.part.package.iter_parts()
                   if part.partname.endswith(".xml")):
            mark_drafts(doc)
        out = io.BytesIO()
        doc.save(out)
        out.seek(0)
        return out
    return prepared
