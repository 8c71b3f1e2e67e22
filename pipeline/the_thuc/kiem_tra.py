"""The checks: every deviation of a Word document from NĐ 30's thể thức and kỹ thuật trình bày,
each with how to fix it in place when it can be fixed without changing what the text says."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.oxml.xmlchemy import BaseOxmlElement

from .. import numbering, vn
from ..importers.text import fold, is_caps, sentence_case
from ..metrics import text_width_mm, wrap
from ..ooxml import detach
from ..quy_tac import (AUTHORITY_WORDS, ELEMENTS, FIRST_LINE_CM, FONT, LINE_SPACING, MARGIN_NAMES, MARGINS,
                       PAGE_HEIGHT_MM, PAGE_WIDTH_MM, PARAGRAPH_GAP_PT, RULE_RATIO, RULE_RATIOS, RULE_TOLERANCE,
                       TIEU_NGU_RULE, Element)
from .phan import Parts, Span, find
from .word import (Para, Rule, Word, format_runs, page_field, page_field_in, paragraph_of, remove_rule, rule_paragraph_after, run_of,
                   set_list, swap_cells, widen_column)

LOI, CANH_BAO = "loi", "canh_bao"


@dataclass
class Fix:
    """A fix applied in place by calling it; `para` is the w:p it changes (the report points at it)."""
    apply: Callable[[], None]
    para: BaseOxmlElement | None = None

    def __call__(self) -> None:
        self.apply()


@dataclass
class Finding:
    quy_tac: str
    muc: str
    thong_bao: str
    para: Para | None = None
    sua: Callable[[], None] | None = field(default=None, repr=False)

    @property
    def doan(self) -> str:
        if self.para is None:
            return ""
        text = self.para.clean
        return text if len(text) <= 60 else text[:57] + "…"

    @property
    def trang(self) -> int | None:
        return self.para.page if self.para is not None else None

    @property
    def sua_duoc(self) -> bool:
        return self.sua is not None


def _num(value: float, digits: int = 1) -> str:
    """A measure as Vietnamese write it: `20,5`, `1,27`, `30`."""
    return f"{round(value, digits):g}".replace(".", ",")


def _pt(value: float | None) -> str:
    return "không rõ" if value is None else f"{_num(value)} pt"


class Checker:
    def __init__(self, word: Word):
        self.word = word
        self.parts: Parts = find(word)
        self.found: list[Finding] = []

    def add(self, code: str, level: str, message: str, para: Para | None = None, fix=None) -> None:
        self.found.append(Finding(code, level, message, para, fix))

    def run(self) -> list[Finding]:
        for check in (self.page, self.header, self.quoc_hieu, self.so, self.ngay, self.title, self.kinh_gui, self.decision,
                      self.body, self.labels, self.end_mark, self.signature, self.noi_nhan, self.page_numbers,
                      self.frames, self.annex, self.fonts):
            check()
        return self.found

    # --- generic style against the table -----------------------------------------------------

    def style(self, key: str, span: Span | Para | None, code: str | None = None, caps: bool = True,
              align: bool = True) -> None:
        if span is None:
            return
        if isinstance(span, Para):
            span = Span(span, 0, len(span.text))
        el: Element = ELEMENTS[key]
        code = code or key
        para, runs = span.para, span.para.runs_in(span.start, span.end)
        if not runs:
            return
        name = f"{el.ten[:1].upper()}{el.ten[1:]}"
        what = name if "«" in el.ten else f"{name} «{_short(span.clean)}»"
        sizes = {r.size for r in runs}
        bad = [s for s in sizes if s is None or s not in el.co]
        if bad:
            want = el.co.nearest(bad[0] or el.co.hi)
            self.add(f"{code}.co_chu", LOI, f"{what} cỡ {_pt(bad[0])}; Nghị định 30 quy định cỡ {el.co.text(' pt')}.",
                     para, self._fix_runs(span, size=want))
        for attr, name, yes, no in (("dam", "bold", "in đậm", "không in đậm"), ("nghieng", "italic", "in nghiêng",
                                                                                  "không in nghiêng")):
            want = getattr(el, attr)
            if want is None:
                continue
            got = [getattr(r, name) for r in runs]
            if any(g != want for g in got):
                self.add(f"{code}.{'kieu_chu' if attr == 'dam' else 'nghieng'}", LOI,
                         f"{what} {no if want else yes}; phải {yes if want else no}.", para,
                         self._fix_runs(span, **{name: want}))
        if caps and el.hoa and not is_caps(span.clean):
            self.add(f"{code}.chu_hoa", LOI, f"{what} chưa viết in hoa; phải viết chữ in hoa.", para,
                     self._fix_text(span, vn.in_hoa(span.text)))
        # A line placed with tabs is not centred by its paragraph: no alignment to ask of it.
        if align and el.can == "giua" and span.alone and "\t" not in para.text and para.align not in ("center",):
            self.add(f"{code}.can_giua", LOI, f"{what} chưa căn giữa; phải căn giữa.", para,
                     self._fix_para(para, alignment=WD_ALIGN_PARAGRAPH.CENTER))

    # --- fixes -----------------------------------------------------------------------------------

    def _fix_runs(self, span: Span, **props):
        word = self.word

        def fix():
            format_runs(word.split(span.para, span.start, span.end), **props)
        return Fix(fix, span.para.p)

    def _fix_text(self, span: Span, new: str):
        word = self.word

        def fix():
            word.replace(span.para, span.start, span.end, new)
        return Fix(fix, span.para.p)

    def _fix_para(self, para: Para, **fmt):

        def fix():
            pf = paragraph_of(para.p).paragraph_format
            for name, value in fmt.items():
                setattr(pf, name, value)
        return Fix(fix, para.p)

    # --- page ------------------------------------------------------------------------------------

    def page(self) -> None:
        for n, section in enumerate(self.word.doc.sections):
            where = "" if len(self.word.doc.sections) == 1 else f" (phần {n + 1} của văn bản)"
            w, h = (section.page_width or 0) / 36000, (section.page_height or 0) / 36000
            short, long_ = sorted((w, h))
            if abs(short - PAGE_WIDTH_MM) > 1.5 or abs(long_ - PAGE_HEIGHT_MM) > 1.5:
                self.add("kho_giay", LOI, f"Khổ giấy {w:.0f} × {h:.0f} mm{where}; Nghị định 30 quy định khổ A4 "
                         f"({PAGE_WIDTH_MM} × {PAGE_HEIGHT_MM} mm).", None, self._fix_page_size(section, w > h))
            elif n == 0 and w > h:
                self.add("huong_giay", LOI, "Trang đầu đặt nằm ngang; văn bản trình bày theo chiều dài của trang A4 "
                         "(chỉ phụ lục có bảng rộng mới được đặt nằm ngang).", None,
                         self._fix_page_size(section, False))
            rotated = n > 0 and w > h and _margins_ok(section, _ROTATED)
            for side, rng in MARGINS.items():
                value = getattr(section, _MARGIN_ATTR[side])
                mm = (value or 0) / 36000
                if not rotated and mm not in type(rng)(rng.lo - 0.3, rng.hi + 0.3):
                    want = rng.nearest(mm)
                    self.add(f"le.{side}", LOI, f"{MARGIN_NAMES[side].capitalize()} {_num(mm, 1)} mm{where}; Nghị định 30 "
                             f"quy định {rng.text(' mm')}.", None,
                             self._fix_margin(section, side, want))

    def _fix_page_size(self, section, landscape: bool):
        def fix():
            section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
            a, b = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
            section.page_width, section.page_height = (b, a) if landscape else (a, b)
        return fix

    def _fix_margin(self, section, side: str, mm: float):
        attr = _MARGIN_ATTR[side]

        def fix():
            setattr(section, attr, Mm(mm))
        return fix

    # --- header ----------------------------------------------------------------------------------

    def header(self) -> None:
        p = self.parts
        if not p.names and p.quoc_hieu is None:
            self.add("phan_dau", LOI, "Không thấy phần đầu văn bản (tên cơ quan ban hành, Quốc hiệu và Tiêu ngữ); "
                     "Nghị định 30 yêu cầu đủ các thành phần này ở đầu trang 1.", self.word.paras[0] if self.word.paras
                     else None)
            return
        for span in p.chu_quan:
            self.style("chu_quan", span)
        for span in p.ten_don_vi:
            self.style("ten_don_vi", span)
        if not p.ten_don_vi:
            self.add("ten_don_vi.thieu", LOI, "Không thấy tên cơ quan, tổ chức ban hành văn bản ở góc trên bên trái.",
                     p.quoc_hieu.para if p.quoc_hieu else None)
            return
        last = p.ten_don_vi[-1]
        size = last.size or ELEMENTS["ten_don_vi"].co.hi
        longest = max(text_width_mm(s.clean, size, bold=True) for s in p.ten_don_vi)
        self.rule(last.para, longest, "gach_ten_don_vi", "tên cơ quan ban hành", RULE_RATIOS, side=last.side)

    def rule(self, para: Para, line_mm: float, code: str, under: str, ratios, after_pt: float = 0,
             side: str | None = None) -> None:
        """The rule under a name, the Tiêu ngữ or the trích yếu: there, drawn as a line, of the right length."""
        rule = self.word.rule_under(para, side=side)
        lo, hi = ratios.lo, ratios.hi
        want = line_mm * (RULE_RATIO if hi < 0.9 else 1.0)
        wanted = (f"từ 1/3 đến 1/2 độ dài dòng chữ ({line_mm * lo:.0f}–{line_mm * hi:.0f} mm)" if hi < 0.9
                  else f"dài bằng dòng chữ (khoảng {line_mm:.0f} mm)")
        # Under a header typed with tabs a rule cannot be placed by a paragraph of ours: drawn by hand then.
        fix = self._fix_rule(para, rule, want, after_pt) if side is None else None
        underlined = [r.underline for r in para.shown_runs()]
        if rule is None and underlined and all(underlined):
            self.add(f"{code}.gach_chan", CANH_BAO, f"Dưới {under} dùng gạch chân chữ thay cho đường kẻ; Nghị định 30 "
                     f"dùng một đường kẻ nét liền, {wanted}.", para, self._fix_underline(para, fix))
            return
        if rule is None:
            self.add(f"{code}.thieu", LOI, f"Thiếu đường kẻ ngang dưới {under}; Nghị định 30 yêu cầu một đường kẻ "
                     f"nét liền, {wanted}, đặt cân đối giữa dòng chữ.", para, fix)
            return
        if rule.kind == "ky_tu":
            self.add(f"{code}.ky_tu", CANH_BAO, f"Đường kẻ dưới {under} gõ bằng ký tự («___», «---»); nên dùng "
                     f"đường kẻ nét liền, {wanted}.", para, fix)
            return
        ratio = rule.length_mm / line_mm if line_mm else 1
        if not (lo - RULE_TOLERANCE <= ratio <= hi + RULE_TOLERANCE):
            self.add(f"{code}.do_dai", LOI, f"Đường kẻ dưới {under} dài {rule.length_mm:.0f} mm; Nghị định 30 quy "
                     f"định {wanted}.", para, fix)

    def _fix_underline(self, para: Para, draw):
        if draw is None:
            return None

        def fix():
            for view in para.runs:
                run_of(view.r).font.underline = False
            draw()
        return Fix(fix, para.p)

    def _fix_rule(self, para: Para, rule: Rule | None, width_mm: float, after_pt: float):
        word = self.word
        box = word.box_mm(para) + para.left_mm + para.right_mm

        def fix():
            if rule is not None:
                remove_rule(rule)
            rule_paragraph_after(para.p, width_mm, box, after_pt)
        return Fix(fix, para.p)

    def quoc_hieu(self) -> None:
        p = self.parts
        if p.quoc_hieu is None:
            if p.names:
                self.add("quoc_hieu.thieu", LOI, f"Thiếu Quốc hiệu «{vn.QUOC_HIEU}» ở góc trên bên phải.",
                         p.names[0].para)
            return
        span = p.quoc_hieu
        self.style("quoc_hieu", span)
        if p.quoc_hieu_rest is not None or "\n" in span.para.text.strip():
            self.add("quoc_hieu.mot_dong", LOI, "Quốc hiệu bị ngắt thành hai dòng; phải trình bày trên một dòng.",
                     span.para, self._fix_quoc_hieu_line(span, p.quoc_hieu_rest))
        else:
            size = span.size or 13
            box = self.word.box_mm(span.para) if span.alone else 999
            if text_width_mm(span.clean, size, bold=True) > box + 0.5:
                want = size if size in ELEMENTS["quoc_hieu"].co else ELEMENTS["quoc_hieu"].co.hi
                self.add("quoc_hieu.mot_dong", LOI, f"Quốc hiệu cỡ {_pt(size)} không vừa một dòng trong ô rộng "
                         f"{box:.0f} mm nên bị xuống dòng; phải trình bày trên một dòng (cỡ 12–13 pt, ô đủ rộng).",
                         span.para, self._fix_widen(span, text_width_mm(span.clean, want, bold=True) - box + 1))
        if p.tieu_ngu is None:
            self.add("tieu_ngu.thieu", LOI, f"Thiếu Tiêu ngữ «{vn.TIEU_NGU}» dưới Quốc hiệu.", span.para)
            return
        tn = p.tieu_ngu
        self.style("tieu_ngu", tn, caps=False)
        if tn.clean != vn.TIEU_NGU:
            self.add("tieu_ngu.chu", LOI, f"Tiêu ngữ viết «{tn.clean}»; phải viết «{vn.TIEU_NGU}» (chữ đầu mỗi cụm "
                     "viết hoa, giữa các cụm có gạch nối và cách chữ).", tn.para, self._fix_text(tn, vn.TIEU_NGU))
        size = tn.size or 14
        self.rule(tn.para, text_width_mm(vn.TIEU_NGU, size, bold=True), "gach_tieu_ngu", "Tiêu ngữ", TIEU_NGU_RULE,
                  side=tn.side)

    def _fix_quoc_hieu_line(self, span: Span, rest: Span | None):
        word = self.word

        def fix():
            if rest is not None and rest.para is not span.para:  # `VIỆT NAM` in a paragraph of its own
                word.replace(span.para, span.start, span.end, vn.QUOC_HIEU)
                detach(rest.para.p)
            else:
                for br in list(span.para.p.iter(qn("w:br"))):
                    detach(br)
                for t in span.para.p.iter(qn("w:t")):
                    t.text = t.text  # text joins where the break was
                refreshed = word.para(span.para.p)
                m = re.search(r"CỘNG\s*HÒA.*NAM|CỘNG\s*HOÀ.*NAM", refreshed.text, re.S | re.I)
                if m:
                    word.replace(refreshed, m.start(), m.end(), vn.QUOC_HIEU)
        return Fix(fix, span.para.p)

    def _fix_widen(self, span: Span, more_mm: float):
        """The header's column made wide enough for the line (the names' column keeps what its lines need)."""
        if span.para.cell is None or span.para.cell.tag != qn("w:tc"):
            return None
        names = self.parts.names
        need = max((text_width_mm(n.clean, n.size or 13, bold=True) for n in names if n.para.cell is not None),
                   default=50) + 2 * 1.9 + 1

        def fix():
            widen_column(span.para.cell, more_mm, need)
        return Fix(fix, span.para.p)

    def so(self) -> None:
        p = self.parts
        if p.so is None:
            if p.quoc_hieu is not None:
                self.add("so_ky_hieu.thieu", LOI, "Không thấy dòng «Số: …/…» dưới tên cơ quan ban hành.",
                         p.quoc_hieu.para)
            return
        span = p.so
        self.style("so", span, code="so_ky_hieu")
        m = re.match(r"(?P<lead>S[ốô]|SỐ|số)\s*(?P<colon>[:.]?)\s*(?P<num>[0-9]*[a-z]?)(?P<gap>[\s._…]*)"
                     r"(?P<slash>/|(?<=\d)\s*[-–_](?=\s*[^\W\d_]{2}))\s*(?P<kh>.*)$", span.clean)
        if not m:
            return
        num = m.group("num")
        kh = re.sub(r"\s*[-–—_.]\s*", "-", m.group("kh")).strip()
        problems = []
        if m.group("lead") != "Số" or m.group("colon") != ":" or not span.clean.startswith("Số:"):
            problems.append("viết «Số:» (chữ S hoa, có dấu hai chấm)")
        if num and num[:1].isdigit() and vn.so_van_ban(num) != num:
            problems.append(f"số nhỏ hơn 10 viết thêm số 0 ở trước (0{num})")
        if m.group("slash") != "/":
            problems.append("giữa số và ký hiệu là dấu gạch chéo «/»")
        if kh != m.group("kh").strip() or " " in kh:
            problems.append("ký hiệu viết liền, các nhóm chữ nối bằng dấu gạch nối «-» không cách")
        if kh.upper() != kh and not re.search(r"QyĐ|CTr|TTr|TrS", kh):
            problems.append("ký hiệu viết chữ in hoa")
        if problems:
            number = vn.so_van_ban(num) if num else ""
            fixed_kh = kh if re.search(r"QyĐ|CTr|TTr|TrS", kh) else kh.upper()
            fixed = f"Số: {number}/{fixed_kh}" if num else f"Số:{m.group('gap') or '      '}/{fixed_kh}"
            self.add("so_ky_hieu.hinh_thuc", LOI, f"Dòng «{span.clean}»: cần " + "; ".join(problems) +
                     " — ví dụ «Số: 05/KH-THCSKB».", span.para, self._fix_text(span, fixed))

    def ngay(self) -> None:
        p = self.parts
        if p.ngay is None:
            if p.quoc_hieu is not None:
                self.add("ngay.thieu", LOI, "Không thấy dòng địa danh, ngày tháng năm dưới Tiêu ngữ.", p.quoc_hieu.para)
            return
        span = p.ngay
        self.style("ngay", span)
        self._date_on_one_line(span)
        self._date_form(span)

    def _date_on_one_line(self, span: Span) -> None:
        text = span.clean
        size = span.size or 14
        box = self.word.box_mm(span.para) if span.alone else 999
        if text_width_mm(text, size, italic=True) > box + 0.5:
            fits = text_width_mm(text, ELEMENTS["ngay"].co.lo, italic=True) <= box + 0.5
            self.add("ngay.mot_dong", CANH_BAO, f"Dòng địa danh, ngày tháng cỡ {_pt(size)} không vừa một dòng trong ô "
                     f"rộng {box:.0f} mm nên bị xuống dòng; nên để trên một dòng ("
                     + ("giảm cỡ chữ còn 13 pt)." if fits else "nới rộng cột bên phải của phần đầu)."),
                     span.para, self._fix_runs(span, size=ELEMENTS["ngay"].co.lo) if fits else
                     self._fix_widen(span, text_width_mm(text, size, italic=True) - box + 1))

    def _date_form(self, span: Span) -> None:
        """`Quận 8, ngày 05 tháng 9 năm 2026`: the comma, the words, zeros only where the decree puts them."""
        text = span.clean
        m = re.match(r"^(?P<place>.*?)\s*(?P<comma>,?)\s*ngày\s+(?P<d>[\d\s._…]*?)\s*tháng\s+(?P<m>[\d\s._…]*?)\s*"
                     r"năm\s+(?P<y>\d{4})\s*$", text, re.I)
        day = None
        if m:
            d, mo = m.group("d").strip(), m.group("m").strip()
            if d.isdigit() and mo.isdigit():
                try:
                    day = date(int(m.group("y")), int(mo), int(d))
                except ValueError:
                    self.add("ngay.khong_co_that", LOI, f"Ngày «{text}» không có thật.", span.para)
                    return
                right = vn.ngay_thang(day)
                if m.group("comma") != "," or not m.group("place") or \
                        re.sub(r"^.*?,?\s*(?=ngày)", "", text, flags=re.I) != right:
                    place = m.group("place").strip() or "[địa danh]"
                    self.add("ngay.hinh_thuc", LOI, f"Dòng ngày viết «{text}»; Nghị định 30 viết «{place}, {right}» "
                             "(dấu phẩy sau địa danh; ngày dưới 10 và tháng 1, 2 thêm số 0 ở trước, các tháng khác "
                             "không).", span.para,
                             self._fix_text(span, f"{place}, {right}") if m.group("place") else None)
            return
        self._short_date(span, text)

    def _short_date(self, span: Span, text: str) -> None:
        """A date typed in figures (`5/9/2026`) written out as the decree wants."""
        short = re.search(r"(?P<place>.*?)[,\s]*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4}|\d{2})\b",
                          text)
        if short:
            year = int(short.group("y"))
            try:
                day = date(year + 2000 if year < 100 else year, int(short.group("m")), int(short.group("d")))
            except ValueError:
                day = None
            place = short.group("place").strip(" ,")
            want = f"{place}, {vn.ngay_thang(day)}" if day and place else None
            self.add("ngay.hinh_thuc", LOI, f"Dòng ngày viết «{text}»; Nghị định 30 viết đủ chữ: "
                     f"«{want or 'Địa danh, ngày 05 tháng 9 năm 2026'}».", span.para,
                     self._fix_text(span, want) if want else None)

    # --- title -----------------------------------------------------------------------------------

    def title(self) -> None:
        p = self.parts
        for span in p.v_v:
            self.style("v_v", span, code="v_v")
        if p.ten_loai is None:
            if p.loai == "CV":
                if not p.kinh_gui:
                    self.add("kinh_gui.thieu", LOI, "Công văn chưa có dòng «Kính gửi: …».",
                             p.v_v[0].para if p.v_v else None)
                return
            if p.quoc_hieu is not None:
                self.add("ten_loai.thieu", LOI, "Không thấy tên loại văn bản (KẾ HOẠCH, QUYẾT ĐỊNH …) và trích yếu "
                         "dưới phần đầu; công văn thì cần dòng «V/v …» dưới số, ký hiệu.",
                         self.word.paras[p.header_end] if p.header_end < len(self.word.paras) else None)
            return
        self.style("ten_loai", p.ten_loai)
        if not p.trich_yeu:
            self.add("trich_yeu.thieu", CANH_BAO, "Không thấy trích yếu nội dung dưới tên loại văn bản.", p.ten_loai)
            return
        for para in p.trich_yeu:
            self.style("trich_yeu", para)
        first = p.trich_yeu[0]
        if all(is_caps(q.clean) for q in p.trich_yeu) and len(first.clean) > 12:
            span = Span(first, 0, len(first.text))
            self.add("trich_yeu.chu_hoa", CANH_BAO, f"Trích yếu «{_short(first.clean)}» viết toàn chữ in hoa; trích yếu "
                     "viết chữ thường (chữ đầu câu và tên riêng viết hoa).", first,
                     self._fix_text(span, sentence_case(first.text)) if len(p.trich_yeu) == 1 else None)
        last = p.trich_yeu[-1]
        size = last.size or 14
        # Each paragraph prints as its own lines (a trích yếu typed, or laid out, in balanced lines).
        lines = [line for q in p.trich_yeu for line in wrap(q.clean, self.word.box_mm(q), size, bold=True)] or [last.clean]
        longest = max(text_width_mm(line, size, bold=True) for line in lines)
        self.rule(last, longest, "gach_trich_yeu", "trích yếu", RULE_RATIOS, after_pt=12)

    def kinh_gui(self) -> None:
        for q in self.parts.kinh_gui[:1]:
            m = re.match(r"\s*Kính\s+gửi\s*(?!:)", q.text)
            if m:
                self.add("kinh_gui.hai_cham", CANH_BAO, f"Viết «{_short(q.clean)}»; sau «Kính gửi» có dấu hai chấm.", q,
                         self._fix_text(Span(q, m.start(), m.end()), "Kính gửi: "))

    def decision(self) -> None:
        p = self.parts
        if p.loai != "QĐ":
            return
        if p.tham_quyen is None:
            self.add("tham_quyen.thieu", CANH_BAO, "Quyết định chưa có dòng thẩm quyền ban hành (ví dụ «HIỆU TRƯỞNG "
                     "TRƯỜNG …») dưới trích yếu.", p.trich_yeu[-1] if p.trich_yeu else p.ten_loai)
        else:
            self.style("tham_quyen", p.tham_quyen)
        line = next((q for q in p.body if re.fullmatch(r"quyet\s*dinh\s*[:.]?", fold(q.clean))), None)
        if line is None:
            self.add("quyet_dinh.thieu", LOI, "Quyết định chưa có dòng «QUYẾT ĐỊNH:» trước Điều 1.",
                     p.body[0] if p.body else p.ten_loai)
            return
        self.style("quyet_dinh", line)
        if line.clean != "QUYẾT ĐỊNH:":
            span = Span(line, 0, len(line.text.rstrip()))
            self.add("quyet_dinh.chu", LOI, f"Dòng «{line.clean}»; phải viết «QUYẾT ĐỊNH:» (in hoa, có dấu hai chấm).",
                     line, self._fix_text(span, "QUYẾT ĐỊNH:"))
        if not any(fold(shown).startswith("dieu") and numbering.parse(shown)
                   for shown in (f"{q.item.label} {q.clean}" if q.item else q.clean for q in p.body)):
            self.add("dieu.thieu", LOI, "Quyết định chưa có các điều «Điều 1.», «Điều 2.» …", line)

    # --- body ------------------------------------------------------------------------------------

    def _is_heading(self, para: Para) -> bool:
        text = para.clean
        if re.fullmatch(r"quyet\s*dinh\s*[:.]?", fold(text)):
            return True
        if re.match(r"(phần|chương|mục|tiểu mục)\s+[\dIVXLC]+\b", text, re.I) and len(text) < 40:
            return True
        return is_caps(text) and not numbering.parse(text) and para.align == "center"

    def body(self) -> None:
        paras = [q for q in self.parts.body if not self._is_heading(q)]
        if not paras:
            return
        el = ELEMENTS["than"]
        sizes = Counter(q.size for q in paras if q.size)
        usual = next((s for s, _ in sizes.most_common() if s in el.co), 14)
        for q in paras:
            label = numbering.parse(q.clean)
            can_cu = fold(q.clean).startswith(("can cu", "theo de nghi"))
            span = Span(q, 0, len(q.text))
            if q.size is not None and q.size not in el.co:
                self.add("than.co_chu", LOI, f"Đoạn nội dung cỡ {_pt(q.size)}; Nghị định 30 quy định {el.co.text(' pt')} "
                         "và cùng một cỡ trong cả phần nội dung.", q, self._fix_runs(span, size=usual))
            elif q.size is not None and q.size != usual:
                self.add("than.co_chu_khac", CANH_BAO, f"Đoạn này cỡ {_pt(q.size)}, các đoạn khác {_pt(usual)}; phần "
                         "nội dung dùng một cỡ chữ.", q, self._fix_runs(span, size=usual))
            if q.align not in ("both", "distribute") and len(q.clean) > 40 and not q.numbered:
                self.add("than.can_deu", LOI, "Đoạn nội dung chưa căn đều hai bên; Nghị định 30 yêu cầu căn đều.", q,
                         self._fix_para(q, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY))
            heading = label is not None and label.kind == "muc"
            typed = re.match(r"\t+| {2,}", q.text)
            if typed and not q.numbered and q.table is None:
                self.add("than.tab_dau_dong", CANH_BAO, "Dòng đầu đoạn lùi bằng phím Tab hoặc dấu cách; nên đặt thụt "
                         "đầu dòng 1 cm hoặc 1,27 cm trong định dạng đoạn (Paragraph › Indentation).", q,
                         self._fix_typed_indent(q, typed.end()))
            elif not heading and not q.numbered and not _indent_ok(q.first_line_mm) and len(q.clean) > 20:
                self.add("than.thut_dau_dong", LOI, f"Dòng đầu đoạn lùi {_num(q.first_line_mm / 10, 2)} cm; Nghị định 30 "
                         "quy định lùi 1 cm hoặc 1,27 cm.", q,
                         self._fix_para(q, first_line_indent=Cm(1.27)))
            if q.line_rule == "auto" and q.line not in LINE_SPACING or q.line_rule != "auto" and \
                    not (LINE_SPACING.lo - 0.15 <= q.line <= LINE_SPACING.hi + 0.05):
                self.add("than.gian_dong", LOI, f"Khoảng cách giữa các dòng {_num(q.line, 2)} dòng; Nghị định 30 quy "
                         "định từ 1 dòng (đơn) đến 1,5 dòng.", q, self._fix_spacing(q, line=True))
            if q.before_pt + q.after_pt < PARAGRAPH_GAP_PT.lo - 0.1:
                self.add("than.cach_doan", LOI, f"Khoảng cách giữa các đoạn {_num(q.before_pt + q.after_pt, 1)} pt; Nghị "
                         "định 30 quy định tối thiểu 6 pt.", q, self._fix_spacing(q, gap=True))
            if can_cu:
                self.style("can_cu", q, align=False)

    def _fix_typed_indent(self, q: Para, end: int):
        word = self.word

        def fix():
            word.replace(q, 0, end, "")
            if not _indent_ok(q.first_line_mm) or q.left_mm:
                pf = paragraph_of(q.p).paragraph_format
                pf.first_line_indent = Cm(1.27)
        return Fix(fix, q.p)

    def _fix_spacing(self, para: Para, line: bool = False, gap: bool = False):

        def fix():
            pf = paragraph_of(para.p).paragraph_format
            if line:
                pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
                pf.line_spacing = LINE_SPACING.nearest(para.line) if para.line_rule == "auto" else 1.15
            if gap:
                pf.space_after = Pt(PARAGRAPH_GAP_PT.lo - para.before_pt)
        return Fix(fix, para.p)

    def labels(self) -> None:
        """Sections, articles, items and points: in sequence, without duplicates, in the decree's label forms."""
        counters = {"muc": 0, "dieu": 0, "khoan": 0, "diem": 0}
        resets = {"muc": ("khoan", "diem"), "dieu": ("khoan", "diem"), "khoan": ("diem",), "diem": ()}
        carried = dict(counters)  # the last number of a level before its counter restarted
        last_item: dict[str, Para] = {}  # the last automatically numbered item of each label kind
        for q in self.parts.body:
            item = q.item
            if q.numbered and (item is None or item.bullet):
                continue
            parsed = numbering.parse(f"{item.label} {q.text}" if item else q.text)
            if parsed is None or parsed.kind == "y":
                continue
            kind, n = parsed.kind, (item.value if item else parsed.number)
            if n is None:
                continue
            if kind == "muc" and counters["muc"] == 0 and n != 1 and counters["khoan"]:
                continue  # a letter like `V. …` among khoản is text, not a section
            want = counters[kind] + 1
            if n != want and want == 1 and n == carried[kind] + 1:
                want = n  # numbered on across sections (1 … 9 over I, II): a choice, kept
            canonical = numbering.label(kind, want)
            what = {"muc": "mục", "dieu": "điều", "khoan": "khoản", "diem": "điểm"}[kind]
            if item is not None:
                self._auto_label(q, item, kind, n, want, counters[kind], last_item.get(kind))
                last_item[kind] = q
            m = _LABEL[kind].match(q.text) if item is None else None
            if item is None:
                if m is None:
                    continue
                span = Span(q, m.start(1), m.end())
                typed = q.text[m.start(1):m.end()].strip()
                if n != want:
                    why = f"trùng số với {what} trước" if n == counters[kind] else "không liên tiếp"
                    self.add("danh_so.thu_tu", LOI, f"Số thứ tự {what} «{typed}» {why}; đúng thứ tự là «{canonical}».",
                             q, self._fix_text(span, canonical + " "))
                elif typed != canonical:
                    self.add("danh_so.nhan", CANH_BAO, f"Nhãn {what} viết «{typed}»; Nghị định 30 viết «{canonical}».",
                             q, self._fix_text(span, canonical + " "))
            counters[kind] = want
            for lower in resets[kind]:
                carried[lower] = counters[lower] or carried[lower]
                counters[lower] = 0
            if kind == "muc":
                self.style("muc", Span(q, 0, len(q.text)), code="muc", align=False)
            elif kind == "dieu" and m is not None:  # an automatic label's format is its level's (above)
                self.style("dieu", Span(q, m.start(1), m.end(2)), code="dieu", align=False)

    def _auto_label(self, q: Para, item, kind: str, n: int, want: int, before: int, last: Para | None) -> None:
        """A number shown by Word's automatic numbering: in sequence, in the decree's form. A jump or a repeat
        comes from a list restarted or pasted in: the fix joins the item to the list of the item before it."""
        what = {"muc": "mục", "dieu": "điều", "khoan": "khoản", "diem": "điểm"}[kind]
        canonical = numbering.label(kind, want)
        if n != want:
            why = f"trùng số với {what} trước" if n == before else "không liên tiếp"
            join = last.item if last is not None and last.item is not None and last.item.num_id != item.num_id \
                and last.item.level == item.level else None
            self.add("danh_so.thu_tu", LOI, f"Số thứ tự {what} «{item.label}» (Word tự đánh số) {why}; đúng thứ tự "
                     f"là «{canonical}».", q, self._fix_list(q, join.num_id) if join else None)
            return
        if kind == "diem" and want <= len(numbering.CHU_DIEM) and re.sub(r"[^a-zđ]", "", item.label) != \
                numbering.chu_diem(want):
            self.add("danh_so.nhan", CANH_BAO, f"Word tự đánh điểm thứ {want} là «{item.label}»; Nghị định 30 đánh "
                     f"điểm theo chữ cái tiếng Việt: «{canonical}» (Word không tự đánh được a, b, c, d, đ, e …, nên "
                     "gõ nhãn điểm).", q, self._fix_typed_labels(item, re.sub(r"^[a-zđ]+", "", canonical)))
            return
        if kind == "dieu" and not _level_bold(item.lvl, q):
            self.add("dieu.kieu_chu", LOI, f"Nhãn «{item.label}» (Word tự đánh số) không in đậm; phải in đậm.", q,
                     self._fix_level_bold(item))
        suffix = re.sub(r"^[\dIVXLCa-zđ]+", "", canonical)
        shown = re.sub(r"^[\dIVXLCDMivxlcdma-zA-Z]+", "", item.label)
        if shown != suffix and kind != "dieu":
            self.add("danh_so.nhan", CANH_BAO, f"Nhãn {what} Word tự đánh số dạng «{item.label}»; Nghị định 30 viết "
                     f"«{canonical}».", q, self._fix_level_text(item, suffix))

    def _fix_list(self, q: Para, num_id: str):
        word = self.word

        def fix():
            # the item and the items after it in its list instance continue the list before it
            start = word.paras.index(q) if q in word.paras else 0
            for other in word.paras[start:]:
                if other.num_id == q.num_id:
                    set_list(other.p, num_id, other.num_level)
        return Fix(fix, q.p)

    def _fix_typed_labels(self, item, suffix: str):
        """Every item of that list level given its label as typed text, a, b, c, d, đ …, its number turned off."""
        word = self.word

        def fix():
            for other in list(word.paras):
                it = other.item
                if it is None or it.bullet or it.num_id != item.num_id or it.level != item.level:
                    continue
                if other.runs:
                    run = run_of(other.runs[0].r)
                    run.text = f"{numbering.chu_diem(it.value)}{suffix} {run.text}"
                ppr = other.p.get_or_add_pPr()
                indent = it.lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}")
                if ppr.find(qn("w:ind")) is None and indent is not None:
                    ppr.get_or_add_ind().attrib.update(indent.attrib)  # the list's indents stay the paragraph's
                set_list(other.p, "0", it.level)
        return Fix(fix, None)

    def _fix_level_bold(self, item):
        def fix():
            rpr = item.lvl.find(qn("w:rPr"))
            if rpr is None:
                rpr = item.lvl.makeelement(qn("w:rPr"), {})
                item.lvl.append(rpr)
            for tag in ("w:b", "w:bCs"):
                old = rpr.find(qn(tag))
                if old is not None:
                    rpr.remove(old)
                rpr.insert(0 if tag == "w:b" else 1, rpr.makeelement(qn(tag), {}))
        return Fix(fix, None)

    def _fix_level_text(self, item, suffix: str):
        def fix():
            text = item.lvl.find(qn("w:lvlText"))
            if text is not None:
                text.set(qn("w:val"), f"%{item.level + 1}{suffix}")
        return Fix(fix, None)

    def end_mark(self) -> None:
        body = [q for q in self.parts.body if not self._is_heading(q)]
        if not body or self.parts.footer_start is None:
            return
        last = body[-1]
        text = last.text.rstrip()
        if not text.endswith("./."):
            end = len(text)
            new = text[-1:] + "/." if text.endswith(".") else (text[-1:] + "./." if text else "./.")
            self.add("ket_thuc", CANH_BAO, "Nội dung chưa kết thúc bằng dấu «./.» như các mẫu của Nghị định 30.", last,
                     self._fix_text(Span(last, end - 1, end), new) if text else None)

    # --- signature and Nơi nhận -----------------------------------------------------------------

    def signature(self) -> None:
        p = self.parts
        if p.footer_start is None:
            self.add("chu_ky.thieu", LOI, "Không thấy phần ký (quyền hạn, chức vụ, họ tên người ký) và Nơi nhận.",
                     p.body[-1] if p.body else None)
            return
        if not p.ky:
            self.add("chu_ky.thieu", LOI, "Không thấy chức vụ người ký.", self.word.paras[p.footer_start])
            return
        first = p.ky[0]
        m = _AUTHORITY.match(first.text[first.start:first.end])
        if m and len(p.ky) > 1:
            typed = m.group(0).strip()
            word = re.sub(r"[\s/]", "", m.group(1)) + "."
            if typed != word and word in AUTHORITY_WORDS:
                span = Span(first.para, first.start, first.start + len(m.group(0)))
                self.add("quyen_han", LOI, f"Quyền hạn ký viết «{typed}»; phải viết «{word}» (chữ in hoa, dấu chấm: "
                         "KT., TM., TL., TUQ., Q.).", first.para, self._fix_text(span, word + " "))
        for span in p.ky:
            self.style("ky", span, code="chuc_vu_ky")
        if p.ho_ten is None:
            self.add("ho_ten_ky.thieu", LOI, "Không thấy họ tên người ký dưới chức vụ.", p.ky[-1].para)
        else:
            self.style("ho_ten", p.ho_ten, code="ho_ten_ky")
            self._signer_name(p.ho_ten)

    def _signer_name(self, span: Span) -> None:
        """`Nguyễn Văn A`: each syllable capitalised, no academic title before it (spec §ho tên)."""
        m = _ACADEMIC.match(span.text)
        if m:
            self.add("ho_ten_ky.hoc_vi", CANH_BAO, f"Trước họ tên người ký có học hàm, học vị «{m.group(0).strip()}»; "
                     "Nghị định 30 không ghi học hàm, học vị trước họ tên người ký (trừ khi người đứng đầu ngành "
                     "cho phép); bỏ đi nếu không được phép.", span.para)  # a choice the school may have: not fixed
            return
        words = span.clean.split()
        if words and any(w[:1].islower() or (len(w) > 1 and w[1:].isupper() and w.isalpha()) for w in words):
            right = " ".join(w[:1].upper() + w[1:].lower() for w in words)
            self.add("ho_ten_ky.viet_hoa", LOI, f"Họ tên người ký viết «{span.clean}»; viết hoa chữ cái đầu mỗi tiếng: "
                     f"«{right}».", span.para, self._fix_text(span, right))

    def noi_nhan(self) -> None:
        p = self.parts
        if p.footer_start is None:
            return
        if p.noi_nhan is None:
            self.add("noi_nhan.thieu", LOI, "Thiếu «Nơi nhận:» ở góc dưới bên trái phần ký.", p.ky[0].para if p.ky else None)
            return
        label = p.noi_nhan
        signer = p.ky[0].para if p.ky else None
        if signer is not None and label.para.table is not None and signer.table is label.para.table \
                and signer.cell is not label.para.cell and label.para.col > signer.col:
            self.add("noi_nhan.vi_tri", LOI, "«Nơi nhận:» đặt bên phải, chữ ký bên trái; Nghị định 30 đặt Nơi nhận ở góc "
                     "dưới bên trái, quyền hạn, chức vụ và họ tên người ký bên phải.", label.para,
                     Fix(lambda: swap_cells(label.para.cell, signer.cell), label.para.p))
            return
        self.style("noi_nhan_nhan", label, code="noi_nhan")
        if label.clean != "Nơi nhận:":
            self.add("noi_nhan.chu", LOI, f"Viết «{label.clean}»; phải viết «Nơi nhận:».", label.para,
                     self._fix_text(label, "Nơi nhận:"))
        lines = p.noi_nhan_lines
        if not lines:
            self.add("noi_nhan.trong", LOI, "Nơi nhận chưa ghi nơi nào.", label.para)
            return
        for i, span in enumerate(lines):
            self.style("noi_nhan", span, code="noi_nhan_dong")
            text = span.clean
            is_last = i == len(lines) - 1
            fixed = text
            if not re.match(r"^- \S", text):
                fixed = "- " + re.sub(r"^[-–—•+*]\s*", "", text)
            if is_last and not fixed.endswith("."):
                fixed = fixed.rstrip(";,. ") + "."
            elif not is_last and not fixed.endswith((";", ":", ",")):
                fixed = fixed.rstrip(". ") + ";"
            if "\t" in span.text:
                self.add("noi_nhan_dong.tab", CANH_BAO, "Nơi nhận gõ bằng phím Tab để dóng cột; nên đặt trong bảng "
                         "hai cột, mỗi nơi một dòng.", span.para, None)
            if fixed != text:
                self.add("noi_nhan_dong.dau", CANH_BAO, f"Dòng nơi nhận «{text}»: mỗi dòng bắt đầu bằng «- », kết thúc "
                         "bằng «;», dòng cuối bằng «.».", span.para, self._fix_text(span, fixed))
        last = lines[-1]
        if not re.match(r"^-?\s*Lưu\s*:\s*VT\b", last.clean, re.I):
            self.add("luu_vt", LOI, "Dòng cuối của Nơi nhận phải là «- Lưu: VT, …» (bản lưu tại văn thư).",
                     last.para, self._fix_luu(last))

    def _fix_luu(self, last: Span):
        import copy
        word = self.word

        def fix():
            typed = re.match(r"^[-–—+•]?\s*Lưu\s*[:.]?\s*(?:VT\b)?\s*[,;.]?\s*(?P<rest>.*?)[\s.;,]*$", last.clean, re.I)
            if typed:
                rest = typed.group("rest")
                word.replace(last.para, last.start, last.end, f"- Lưu: VT{', ' + rest if rest else ''}.")
                return
            new = copy.deepcopy(last.para.p)
            last.para.p.addnext(new)
            fresh = word.para(new)
            word.replace(fresh, 0, len(fresh.text), "- Lưu: VT.")
            text = last.clean.rstrip(".;") + ";"
            word.replace(last.para, last.start, last.end, text)
        return Fix(fix, last.para.p)

    # --- page numbers ----------------------------------------------------------------------------

    def page_numbers(self) -> None:
        section = self.word.section
        pages = max((q.page for q in self.word.paras), default=1)
        first_diff = section.different_first_page_header_footer
        header = section.header
        in_header = page_field(header)
        in_footer = page_field(section.footer)
        first_shows = (page_field(section.first_page_header) or page_field(section.first_page_footer)) \
            if first_diff else (in_header or in_footer)
        if first_shows:
            self.add("so_trang.trang_1", LOI, "Trang 1 có số trang; Nghị định 30 không hiển thị số trang thứ nhất.",
                     None, self._fix_page_numbers(move=in_footer and not in_header))
        if in_footer and not in_header:
            self.add("so_trang.vi_tri", LOI, "Số trang đặt ở lề dưới; Nghị định 30 đặt số trang ở giữa lề trên.",
                     None, self._fix_page_numbers(move=True))
        elif not in_header and not in_footer and pages > 1:
            self.add("so_trang.thieu", LOI, f"Văn bản {pages} trang{self._estimate()} nhưng chưa đánh số trang; số "
                     "trang đặt giữa lề trên, từ trang 2.", None, self._fix_page_numbers(move=False))

        self._page_number_style()

    def _page_number_style(self) -> None:
        """The page number itself: 13–14 pt, upright, not bold (as the text's)."""
        el = ELEMENTS["trang"]
        for section in self.word.doc.sections:
            if not section.header._has_definition or section.header.is_linked_to_previous:
                continue
            for p in section.header._element.iter(qn("w:p")):
                if not page_field_in(p):
                    continue
                para = self.word.para(p)
                runs = para.shown_runs()
                if not runs:
                    continue
                sizes = {r.size for r in runs}
                if any(size is not None and size not in el.co for size in sizes) or any(r.bold or r.italic for r in runs):
                    shown = next((size for size in sizes if size is not None and size not in el.co), None) \
                        or next(iter(sizes))
                    how = "".join(word for word, yes in ((" in đậm", any(r.bold for r in runs)),
                                                         (" in nghiêng", any(r.italic for r in runs))) if yes)
                    self.add("so_trang.kieu_chu", LOI, f"Số trang cỡ {_pt(shown)}{how}; Nghị định 30 quy định số trang "
                             f"cỡ {el.co.text(' pt')}, kiểu chữ đứng, không đậm.", None,
                             _fix_all(runs, size=el.co.nearest(shown or el.co.hi), bold=False, italic=False))

    def frames(self) -> None:
        """The tables that lay out the header and the signature print no lines."""
        p = self.parts
        tables = []
        if p.quoc_hieu is not None and p.quoc_hieu.para.cell is not None and p.quoc_hieu.para.cell.tag == qn("w:tc"):
            tables.append((p.quoc_hieu.para, "phần đầu văn bản (tên cơ quan, Quốc hiệu)"))
        if p.footer_start is not None and self.word.paras[p.footer_start].table is not None:
            tables.append((self.word.paras[p.footer_start], "phần ký và nơi nhận"))
        for para, what in tables:
            edges = self.word.table_borders(para.table)
            if edges:
                self.add("bang.vien", LOI, f"Bảng dùng để trình bày {what} đang có đường viền ({', '.join(edges)}); in "
                         "ra sẽ thành khung. Phần này không có khung: bỏ đường viền của bảng (Borders › No Border).",
                         para, self._fix_borders(para.table))

    def _fix_borders(self, tbl):
        def fix():
            from ..ooxml import set_attrs
            tbl_pr = tbl.tblPr
            edges = tbl_pr.get_or_add_tblBorders()
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
                line = getattr(edges, f"get_or_add_{edge}")()
                line.attrib.clear()
                set_attrs(line, val="nil")
        return fix

    def _estimate(self) -> str:
        return " (ước tính)" if self.word.pages_estimated else ""

    def _fix_page_numbers(self, move: bool):
        section = self.word.section

        def fix():
            from ..layout import _page_field, rpr_of, set_fonts
            section.different_first_page_header_footer = True
            first = section.first_page_header
            first.is_linked_to_previous = False
            for hf in (section.first_page_header, section.first_page_footer):
                if not hf.is_linked_to_previous and page_field(hf):
                    _drop_fields(hf)
            if move:
                _drop_fields(section.footer)
            if not page_field(section.header):
                section.header.is_linked_to_previous = False
                p = section.header.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_fonts(rpr_of(p._p.get_or_add_pPr()), 14)
                _page_field(p, 14)
        return fix

    # --- annexes ---------------------------------------------------------------------------------

    def annex(self) -> None:
        paras = [q for q in self.parts.annex if q.clean and q.table is None]
        if not paras:
            return
        head = paras[:4]
        kem = next((q for q in head if fold(q.clean).lstrip("(").startswith("kem theo")), None)
        if kem is None:
            self.add("phu_luc.kem_theo", CANH_BAO, "Phụ lục chưa có dòng «(Kèm theo … số … ngày … của …)» dưới tên "
                     "phụ lục.", head[0])
        else:
            self.style("kem_theo", kem, code="phu_luc.kem_theo", align=False)
            for q in head[:head.index(kem)]:
                self.style("phu_luc", q, code="phu_luc.ten", caps=False)

    # --- fonts everywhere ------------------------------------------------------------------------

    def fonts(self) -> None:
        wrong: dict[str, list] = {}
        colors: list = []
        for q in self.word.paras:
            for r in q.shown_runs():
                if r.font and r.font != FONT:
                    wrong.setdefault(r.font, []).append((q, r))
                if r.color and r.color.lower() not in ("000000", "auto"):
                    colors.append((q, r))
        for name, where in wrong.items():
            paras = {id(q.p) for q, _ in where}
            self.add("phong_chu", LOI, f"Phông chữ «{name}» ở {len(paras)} đoạn; Nghị định 30 dùng phông Times New "
                     "Roman (Unicode).", where[0][0], _fix_all([r for _, r in where], font=True))
        if colors:
            self.add("mau_chu", CANH_BAO, f"Chữ màu ở {len({id(q.p) for q, _ in colors})} đoạn; văn bản in chữ màu "
                     "đen.", colors[0][0], _fix_all([r for _, r in colors], color=True))


# Quyền hạn as typed before the authority's name: `KT.`, `KT`, `K/T`, `T/M`, `TUQ:` …
_AUTHORITY = re.compile(r"^(K\s*/\s*T|KT|T\s*/\s*M|TM|T\s*/\s*L|TL|T\s*U\s*/\s*Q|TUQ|Q)(?:\s*[.:]\s*|\s+)(?=[A-ZĐÀ-Ỹ]{2})")
# Học hàm, học vị, danh hiệu typed before a signer's name: `ThS. `, `PGS.TS. `, `NGƯT `.
_ACADEMIC = re.compile(r"^\s*(?:(?:P?GS|TS|ThS|Ths|THS|TSKH|CN|KS|BS|NGƯT|NGND)(?:\s*\.\s*|\s+(?=[A-ZĐÀ-Ỹ])))+")
_LABEL = {
    "dieu": re.compile(r"\s*((?i:điều))\s*(\d{1,3})\s*[.:)\-–—]?\s*"),
    "muc": re.compile(r"\s*([IVXLC]{1,7})\s*[.):\-–—/]?\s*"),
    "khoan": re.compile(r"\s*(\d{1,2})\s*[.)/]?\s*"),
    "diem": re.compile(r"\s*([a-zđ])\s*[)./]?\s*"),
}


_MARGIN_ATTR = {"tren": "top_margin", "duoi": "bottom_margin", "trai": "left_margin", "phai": "right_margin"}
# A landscape annex page turned for binding: its top edge is the portrait page's left (bound) edge.
_ROTATED = {"tren": "trai", "duoi": "phai", "trai": "tren", "phai": "duoi"}


def _margins_ok(section, mapping: dict[str, str]) -> bool:
    """Every margin of the section inside the decree's range of the side `mapping` names for it."""
    for side, rule_side in mapping.items():
        rng = MARGINS[rule_side]
        mm = (getattr(section, _MARGIN_ATTR[side]) or 0) / 36000
        if not rng.lo - 0.3 <= mm <= rng.hi + 0.3:
            return False
    return True


def _level_bold(lvl, q: Para) -> bool:
    """Word prints an automatic number in its level's run format, else in the paragraph mark's."""
    from ..importers.reader import toggle
    for rpr in (lvl.find(qn("w:rPr")), q.p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")):
        value = toggle(rpr, "w:b") if rpr is not None else None
        if value is not None:
            return bool(value)
    return False


def _indent_ok(mm: float) -> bool:
    return FIRST_LINE_CM.lo * 10 - 0.3 <= mm <= FIRST_LINE_CM.hi * 10 + 0.3


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _fix_all(views, **props):
    def fix():
        format_runs([v.r for v in views], **props)
    return fix


def _drop_fields(hf) -> None:
    el = hf._element
    for f in list(el.iter(qn("w:fldSimple"))):
        f.getparent().remove(f)
    for p in el.iter(qn("w:p")):
        if any("PAGE" in (t.text or "").upper() for t in p.iter(qn("w:instrText"))):
            for r in list(p.findall(qn("w:r"))):
                p.remove(r)


def check(word: Word) -> list[Finding]:
    return Checker(word).run()


__all__ = ["Finding", "check", "LOI", "CANH_BAO"]
