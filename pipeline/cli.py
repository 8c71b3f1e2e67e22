"""The `vanthu` command: Vietnamese words, as the clerk says them. The only module that imports click.

Each command imports what it uses when it runs, so that `vanthu --help` starts at once.
"""

from __future__ import annotations

import difflib
import logging
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .errors import VanthuError
from .loai import LOAI_VAN_BAN

if TYPE_CHECKING:
    from . import publish
    from .load import Year
    from .register import Issued, Register


class _Vietnamese:
    """Section headings of the help text in Vietnamese (click's own are English)."""

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), "Cách dùng: ")

    def format_options(self, ctx, formatter):
        rows = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx))]
        if rows:
            with formatter.section("Tùy chọn"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            commands = [(n, self.get_command(ctx, n).get_short_help_str(60)) for n in self.list_commands(ctx)]
            if commands:
                with formatter.section("Lệnh"):
                    formatter.write_dl(commands)


class Command(_Vietnamese, click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[TÙY CHỌN]")
        super().__init__(*args, **kwargs)


class Group(_Vietnamese, click.Group):
    command_class = Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[TÙY CHỌN]")
        kwargs.setdefault("subcommand_metavar", "LỆNH [THAM SỐ]...")
        super().__init__(*args, **kwargs)

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if args and self.get_command(ctx, name) is None and not name.startswith("-"):
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            raise click.UsageError(f"không có lệnh «{name}»" + (f"; có phải ý bạn là «{close[0]}»?" if close else ""),
                                   ctx)
        return super().resolve_command(ctx, args)

    def main(self, *args, **kwargs):
        # One place turns every expected error into a message; no traceback for the clerk.
        _show_warnings()
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except _NO_ARGS_IS_HELP as exc:  # `vanthu` alone: the help, as a clerk expects
            click.echo(exc.ctx.get_help())
            sys.exit(0)
        except VanthuError as exc:
            click.echo(f"Lỗi: {exc}", err=True)
            sys.exit(1)
        except click.exceptions.Abort:
            click.echo("Đã dừng.", err=True)
            sys.exit(130)
        except click.UsageError as exc:
            click.echo(f"Lỗi: {_usage_message(exc)}", err=True)
            if exc.ctx is not None:
                click.echo(f"Xem: {exc.ctx.command_path} --help", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(f"Lỗi: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)


class _Warnings(logging.Handler):
    """The library's warnings (a line that will wrap, a missing font) for the clerk, on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"Cảnh báo: {record.getMessage()}", err=True)


def _show_warnings() -> None:
    documents = sys.modules.get(f"{__package__}.documents")  # not loaded yet: nothing to forget
    if documents:
        documents.warn_if_wraps.cache_clear()  # each run warns afresh, once per text
    logger = logging.getLogger("pipeline")
    logger.setLevel(logging.WARNING)
    if not any(isinstance(h, _Warnings) for h in logger.handlers):
        logger.addHandler(_Warnings())
    logger.propagate = False


_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _param_name(param: click.Parameter | None) -> str:
    if param is None:
        return "tham số"
    return param.opts[0] if param.opts and param.opts[0].startswith("-") else (param.metavar or param.name)


def _usage_message(exc: click.UsageError) -> str:
    """click's own usage errors in Vietnamese."""
    if isinstance(exc, click.NoSuchOption):
        return f"không có tùy chọn {exc.option_name}"
    if isinstance(exc, click.MissingParameter):
        return f"thiếu {_param_name(exc.param)}"
    if isinstance(exc, click.BadParameter):
        kind = getattr(exc.param, "type", None)
        expected = {click.INT: "cần một số nguyên"}.get(kind)
        if isinstance(kind, click.DateTime):
            expected = "cần một ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2022-05-09"
        elif isinstance(kind, click.Choice):
            expected = f"chỉ nhận: {', '.join(map(str, kind.choices))}"
        return f"giá trị không hợp lệ cho {_param_name(exc.param)}: {expected or exc.message}"
    if exc.message.startswith("Got unexpected extra argument"):
        return f"thừa tham số ({exc.message.split('(', 1)[-1].rstrip(')')})"
    if exc.message.startswith("Option") and "requires" in exc.message:
        return f"tùy chọn {exc.message.split()[1].strip(chr(39))} cần một giá trị"
    return exc.message


HELP = {"help_option_names": ["-h", "--help"]}

du_lieu = click.option("--du-lieu", "du_lieu", type=click.Path(path_type=Path), default="data",
                       metavar="THƯ_MỤC", help="Thư mục dữ liệu của trường (mặc định: data).")
nam = click.option("--nam", type=int, default=None, metavar="NĂM",
                   help="Năm cần làm (mặc định: năm mới nhất có dữ liệu).")
ra = click.option("--ra", type=click.Path(path_type=Path), default="out", metavar="THƯ_MỤC",
                  help="Thư mục ghi văn bản ra (mặc định: out).")
REGISTER_FILE = "so-van-ban-di.sqlite"
so_van_ban = click.option("--so-van-ban", "so_van_ban", type=click.Path(path_type=Path), default=None,
                          metavar="TỆP", help=f"Sổ văn bản đi (mặc định: <thư mục dữ liệu>/{REGISTER_FILE}).")
cap_so = click.option("--cap-so", is_flag=True,
                      help="Cấp số từ sổ văn bản đi và ghi văn bản chính thức (không có: bản dự thảo, chưa số).")
ngay = click.option("--ngay", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="NĂM-THÁNG-NGÀY",
                    help="Ngày ghi trên văn bản (mặc định: khi cấp số là hôm nay, "
                    "bản dự thảo lấy ngày trong dữ liệu).")
nhap = click.option("--nhap", is_flag=True,
                    help="Bản nháp: soạn cả khi dữ liệu năm mới còn giá trị cần xem lại (!xem-lai), tô vàng chúng.")
pdf_opt = click.option("--pdf", "xuat_pdf", is_flag=True,
                       help="Xuất thêm PDF để in (cần LibreOffice), bên cạnh mỗi tệp .docx.")
mau = click.option("--mau", type=click.Path(path_type=Path), default="templates", metavar="THƯ_MỤC",
                   help="Thư mục mẫu .docx (mặc định: templates).")


@click.group(cls=Group, context_settings=HELP, help="Soạn văn bản hành chính của nhà trường theo "
             "Nghị định 30/2020/NĐ-CP, từ dữ liệu.")
@click.help_option("-h", "--help", help="Hiện hướng dẫn này.")
def cli() -> None:
    pass


def _help(command):
    return click.help_option("-h", "--help", help="Hiện hướng dẫn này.")(command)


def _open(du_lieu: Path, nam: int | None, nhap: bool, cap_so: bool) -> Year:
    if nhap and cap_so:
        raise click.UsageError("không cấp số cho bản nháp (--nhap); hãy xem lại dữ liệu rồi cấp số")
    from .load import open_year
    return open_year(du_lieu, nam, nhap)


def _rows(du_lieu: Path, path: Path | None, nam: int | None) -> list:
    """The register's rows; a register never written yet is empty, and is not created by reading."""
    if not (path or Path(du_lieu) / REGISTER_FILE).exists():
        return []
    with _register(du_lieu, path) as register:
        return register.rows(nam)


def _register(du_lieu: Path, path: Path | None, year: Year | None = None) -> Register:
    from .load import DON_VI_FILE, load_model
    from .models import DonVi
    from .register import Register
    per_type = (year.don_vi.model if year else load_model(Path(du_lieu) / DON_VI_FILE, DonVi).model).so_van_ban
    return Register(path or Path(du_lieu) / REGISTER_FILE, per_type=per_type == "theo-loai")


def _report_issued(what: str, issued: Issued) -> None:
    from . import vn
    so = vn.so_hieu(issued.so, issued.ky_hieu)
    if issued.moi:
        click.echo(f"Đã cấp số {so} ngày {vn.ngay_ngan(issued.ngay)} cho {what}: {issued.tep}")
    else:
        click.echo(f"{what[0].upper()}{what[1:]} đã có số {so} (cấp ngày {vn.ngay_ngan(issued.ngay)}); "
                   f"đã ghi lại đúng văn bản đó: {issued.tep}")


def _document_command(name: str, help: str):
    """A command that renders one kind of document: the same options everywhere."""
    def decorate(function):
        for option in reversed((du_lieu, nam, ra, mau, cap_so, ngay, so_van_ban, nhap, pdf_opt, _help)):
            function = option(function)
        return cli.command(name, help=help)(function)
    return decorate


def _draft_or_issue(job: publish.Job, what: str, register: Register | None, cap_so: bool, ngay) -> Path:
    from . import publish
    if not cap_so:
        out = publish.draft(job, ngay.date() if ngay else None)
        click.echo(f"Đã ghi {what} (dự thảo, chưa cấp số): {out}")
        return out
    issued = publish.issue(job, register, ngay.date() if ngay else date.today())
    _report_issued(what, issued)
    return issued.tep


@_document_command("ke-hoach", help="Soạn Kế hoạch của một năm từ data/<năm>/ke-hoach.yaml.\n\n"
                   "Ví dụ:  vanthu ke-hoach --nam 2022\n\n"
                   "Cấp số và ghi bản chính thức:  vanthu ke-hoach --nam 2022 --cap-so --ngay 2022-05-09")
def ke_hoach_cmd(du_lieu: Path, nam: int | None, ra: Path, mau: Path, cap_so: bool, ngay, so_van_ban,
                 nhap: bool, xuat_pdf: bool) -> None:
    from .documents import ke_hoach
    _pdf_ready(xuat_pdf)
    year = _open(du_lieu, nam, nhap, cap_so)
    job = ke_hoach.job(year, mau, ra)
    with _register_if(du_lieu, so_van_ban, year, cap_so) as register:
        out = _draft_or_issue(job, f"Kế hoạch năm {year.nam}", register, cap_so, ngay)
    if xuat_pdf:
        _to_pdf([out])


@_document_command("phan-cong", help="Soạn Thông báo phân công cho từng giáo viên trong "
                   "data/<năm>/phan-cong.csv (hoặc .xlsx), với nhiệm vụ lấy từ Kế hoạch theo vai trò, và "
                   "một tệp gộp để in.\n\nVí dụ:  vanthu phan-cong --nam 2022\n\n"
                   "Cấp số cho từng thông báo:  vanthu phan-cong --nam 2022 --cap-so --ngay 2022-05-12")
def phan_cong_cmd(du_lieu: Path, nam: int | None, ra: Path, mau: Path, cap_so: bool, ngay, so_van_ban,
                  nhap: bool, xuat_pdf: bool) -> None:
    from . import publish
    from .combine import combine
    from .documents import ke_hoach, phan_cong
    _pdf_ready(xuat_pdf)
    year = _open(du_lieu, nam, nhap, cap_so)
    plan = ke_hoach.prepare(year, ke_hoach.load(year))
    batch = phan_cong.load(year, plan)
    with _register_if(du_lieu, so_van_ban, year, cap_so) as register:
        plan_issued = register.find(ke_hoach.LOAI, ke_hoach.khoa(year)) if register else None
        jobs = phan_cong.jobs(batch, mau, ra, plan_issued)
        with _progress(len(jobs), "Đang soạn thông báo") as step:
            if cap_so:
                issued = publish.issue_all(jobs, register, ngay.date() if ngay else date.today(), step)
                paths = [i.tep for i in issued]
            else:
                paths = publish.draft_all(jobs, step, ngay.date() if ngay else None)
    combined = combine(paths, jobs[0].folder / phan_cong.COMBINED)
    state = "đã cấp số" if cap_so else "dự thảo, chưa cấp số"
    click.echo(f"Đã ghi {len(paths)} thông báo phân công ({state}) vào {jobs[0].folder}/")
    click.echo(f"Bản gộp để in: {combined}")
    if xuat_pdf:
        _to_pdf(paths, combined.with_suffix(".pdf"))


@_document_command("bao-cao", help="Soạn Báo cáo kết quả thực hiện Kế hoạch của năm từ "
                   "data/<năm>/ket-qua.yaml, chấm từng chỉ tiêu của Kế hoạch.\n\n"
                   "Ví dụ:  vanthu bao-cao --nam 2022\n\n"
                   "Cấp số và ghi bản chính thức:  vanthu bao-cao --nam 2022 --cap-so --ngay 2022-12-20")
def bao_cao_cmd(du_lieu: Path, nam: int | None, ra: Path, mau: Path, cap_so: bool, ngay, so_van_ban,
                nhap: bool, xuat_pdf: bool) -> None:
    from .documents import bao_cao, ke_hoach
    _pdf_ready(xuat_pdf)
    year = _open(du_lieu, nam, nhap, cap_so)
    plan = ke_hoach.prepare(year, ke_hoach.load(year))
    with _register_if(du_lieu, so_van_ban, year, cap_so) as register:
        plan_issued = register.find(ke_hoach.LOAI, ke_hoach.khoa(year)) if register else None
        job = bao_cao.job(year, plan, mau, ra, plan_issued)
        out = _draft_or_issue(job, f"Báo cáo năm {year.nam}", register, cap_so, ngay)
    if xuat_pdf:
        _to_pdf([out])


@cli.command("tron", help="Trộn thư: soạn một văn bản cho mỗi hàng của bảng Excel/CSV từ một mẫu .docx bất kỳ. "
             "Tên cột (viết thường, không dấu, nối bằng _) là tên biến: cột «Ngày sinh» là {{ ngay_sinh }}, "
             "cột «Họ và tên» là {{ ho_ten }}. "
             "Mẫu dùng được cả các biến khung của trường (ten_don_vi, so_ky_hieu, dia_danh_ngay, nguoi_ky…).\n\n"
             "Ví dụ:  vanthu tron templates/bao-cao-lop.docx data/2022/bao-cao-lop.xlsx --ten \"{stt}-{lop}\" "
             "--gop out/tron/tat-ca.docx")
@click.argument("mau_docx", type=click.Path(path_type=Path), metavar="MẪU.docx")
@click.argument("bang", type=click.Path(path_type=Path), metavar="DỮ_LIỆU.xlsx|csv")
@click.option("--ra", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
              help="Thư mục ghi văn bản (mặc định: out/tron/<tên mẫu>).")
@click.option("--ten", default="{stt}", metavar="MẪU_TÊN", help="Tên tệp theo cột, ví dụ \"{stt}-{ho_ten}\" "
              "(mặc định: {stt}); chữ có dấu được đổi thành chữ không dấu.")
@click.option("--gop", type=click.Path(path_type=Path), default=None, metavar="TỆP.docx",
              help="Ghi thêm một tệp gộp mọi văn bản, mỗi văn bản một trang mới, để in một lần.")
@click.option("--loai", type=click.Choice(list(LOAI_VAN_BAN)), default="BC", metavar="MÃ",
              help="Mã loại văn bản cho ký hiệu và tên loại (mặc định: BC).")
@click.option("--trich-yeu", "trich_yeu", default=None, metavar="CÂU",
              help="Trích yếu, có thể dùng biến của hàng: \"Kết quả năm {{ nam }} của lớp {{ lop }}\".")
@ngay
@du_lieu
@nam
@pdf_opt
@_help
def tron_cmd(mau_docx: Path, bang: Path, ra: Path | None, ten: str, gop: Path | None, loai: str,
             trich_yeu: str | None, ngay, du_lieu: Path, nam: int | None, xuat_pdf: bool) -> None:
    from . import publish
    from .combine import combine
    from .documents import tron
    from .load import open_year
    _pdf_ready(xuat_pdf)
    year = open_year(du_lieu, nam)
    out = ra or Path("out") / "tron" / mau_docx.stem
    jobs = tron.jobs(year, mau_docx, bang, out, ten, loai, ngay.date() if ngay else None, trich_yeu)
    with _progress(len(jobs), "Đang trộn") as step:
        paths = publish.draft_all(jobs, step)
    click.echo(f"Đã ghi {len(paths)} văn bản vào {out}/")
    if gop:
        click.echo(f"Bản gộp để in: {combine(paths, gop)}")
    if xuat_pdf:
        _to_pdf(paths, gop.with_suffix(".pdf") if gop else None)


def _pdf_ready(wanted: bool) -> None:
    """Before any work: LibreOffice must be there; a missing font is worth a warning."""
    if wanted:
        from . import pdf
        pdf.soffice()
        for warning in pdf.font_warnings():
            logging.getLogger("pipeline").warning(warning)


def _to_pdf(docs: list[Path], combined: Path | None = None) -> None:
    """PDF beside each document and, for a batch, one file in print order; failures are named."""
    from . import pdf
    with _progress(len(docs), "Đang xuất PDF") as step:
        result = pdf.convert(docs, step, combined)
    click.echo(f"Đã xuất {len(result.pdfs)} tệp PDF" + (f", ví dụ {result.pdfs[0]}" if result.pdfs else ""))
    if result.combined:
        click.echo(f"Bản PDF gộp để in: {result.combined}")
    if result.failed:
        raise pdf.ConverterError("\n".join(result.failed.values()))


@cli.command("pdf", help="Xuất PDF để in từ các tệp .docx có sẵn (tệp, hoặc thư mục: mọi .docx bên trong).\n\n"
             "Ví dụ:  vanthu pdf out/2022/phan-cong --gop out/2022/phan-cong/tat-ca.pdf")
@click.argument("nguon", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="TỆP_HOẶC_THƯ_MỤC...")
@click.option("--gop", type=click.Path(path_type=Path), default=None, metavar="TỆP.pdf",
              help="Ghi thêm một PDF gộp tất cả, theo thứ tự tên tệp.")
@_help
def pdf_cmd(nguon: tuple[Path, ...], gop: Path | None) -> None:
    _pdf_ready(True)
    docs: list[Path] = []
    for item in nguon:
        if item.is_dir():
            docs.extend(sorted(p for p in item.rglob("*.docx") if not p.name.startswith((".", "~$"))))
        elif item.is_file() and item.suffix.lower() == ".docx":
            docs.append(item)
        else:
            raise click.BadParameter(f"«{item}» không phải tệp .docx hay thư mục", param_hint="TỆP_HOẶC_THƯ_MỤC")
    if not docs:
        raise click.UsageError("không có tệp .docx nào để xuất")
    _to_pdf(docs, gop)


class _register_if:
    """The register when issuing, or when it exists (to cite the issued plan); else None."""

    def __init__(self, du_lieu: Path, path: Path | None, year: Year, needed: bool):
        exists = (path or Path(du_lieu) / REGISTER_FILE).exists()
        self.register = _register(du_lieu, path, year) if needed or exists else None

    def __enter__(self) -> Register | None:
        return self.register

    def __exit__(self, *exc) -> None:
        if self.register:
            self.register.close()


class _progress:
    """A progress bar on a terminal; silent when the output goes to a file or a pipe."""

    def __init__(self, total: int, label: str):
        self.bar = click.progressbar(length=total, label=label) if sys.stdout.isatty() else None

    def __enter__(self):
        if self.bar is None:
            return None
        bar = self.bar.__enter__()
        return lambda done=1: bar.update(done)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)


@cli.command("kiem-tra", help="Kiểm tra dữ liệu của một năm và mẫu, không ghi gì.\n\n"
             "Ví dụ:  vanthu kiem-tra --nam 2022")
@du_lieu
@nam
@mau
@_help
def kiem_tra_cmd(du_lieu: Path, nam: int | None, mau: Path) -> None:
    from .documents import bao_cao, ke_hoach, phan_cong
    from .load import open_year
    year = open_year(du_lieu, nam)
    plan = ke_hoach.check(year, mau)
    click.echo(f"Dữ liệu năm {year.nam} hợp lệ: kế hoạch có {len(plan.data.muc)} mục, "
               f"{len(plan.chi_tieu)} chỉ tiêu, {len(plan.nhiem_vu)} nhiệm vụ theo vai trò.")
    if any((year.root / name).exists() for name in phan_cong.ROSTER_FILES):
        batch = phan_cong.load(year, plan)
        jobs = phan_cong.jobs(batch, mau, Path("out"), None)
        jobs[0].template.check(jobs[0].context(None, None))
        click.echo(f"Danh sách phân công hợp lệ: {len(batch.teachers)} giáo viên.")
    if (year.root / bao_cao.FILE).exists():
        job = bao_cao.job(year, plan, mau, Path("out"), None)
        job.template.check(job.context(None, None))
        click.echo(f"Kết quả cuối năm hợp lệ: đủ {len(plan.chi_tieu)} chỉ tiêu.")


@cli.command("mau", help="Dựng lại các mẫu .docx kèm theo từ quy tắc trình bày của "
             "Nghị định 30 và cài đặt `trinh_bay` trong don-vi.yaml.\n\nVí dụ:  vanthu mau")
@du_lieu
@mau
@_help
def mau_cmd(du_lieu: Path, mau: Path) -> None:
    from .load import DON_VI_FILE, load_model
    from .models import DonVi
    from .shipped import write_templates
    don_vi = load_model(Path(du_lieu) / DON_VI_FILE, DonVi).model
    for path in write_templates(don_vi.trinh_bay, mau):
        click.echo(f"Đã dựng mẫu: {path}")


@cli.group("so-van-ban", cls=Group, help="Sổ đăng ký văn bản đi: xem, xuất ra Excel, thu hồi số.\n\n"
           "Ví dụ:  vanthu so-van-ban xem --nam 2022")
@_help
def so_van_ban_group() -> None:
    pass


@so_van_ban_group.command("xem", help="In sổ văn bản đi thành bảng.\n\nVí dụ:  vanthu so-van-ban xem --nam 2022")
@du_lieu
@click.option("--nam", type=int, default=None, metavar="NĂM", help="Chỉ năm này (mặc định: mọi năm).")
@so_van_ban
@_help
def xem_cmd(du_lieu: Path, nam: int | None, so_van_ban: Path | None) -> None:
    from . import vn
    from .register import REVOKED
    rows = _rows(du_lieu, so_van_ban, nam)
    if not rows:
        click.echo("Sổ văn bản đi chưa có văn bản nào" + (f" trong năm {nam}." if nam else "."))
        return
    table = [("Năm", "Số, ký hiệu", "Ngày", "Loại", "Trích yếu", "Tình trạng")]
    for r in rows:
        state = f"đã thu hồi: {r.ly_do_thu_hoi}" if r.trang_thai == REVOKED else "đã cấp"
        table.append((str(r.nam), vn.so_hieu(r.so, r.ky_hieu), vn.ngay_ngan(r.ngay), r.ten_loai.capitalize(),
                      r.trich_yeu if len(r.trich_yeu) <= 60 else r.trich_yeu[:59] + "…", state))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for i, row in enumerate(table):
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if i == 0:
            click.echo("  ".join("-" * w for w in widths))


@so_van_ban_group.command("xuat", help="Xuất sổ văn bản đi ra tệp Excel in được (mẫu Phụ lục IV, "
                          "Nghị định 30/2020/NĐ-CP).\n\nVí dụ:  vanthu so-van-ban xuat so-van-ban-2022.xlsx --nam 2022")
@click.argument("tep", type=click.Path(path_type=Path), metavar="TỆP.xlsx")
@du_lieu
@click.option("--nam", type=int, default=None, metavar="NĂM", help="Chỉ năm này (mặc định: mọi năm).")
@so_van_ban
@_help
def xuat_cmd(tep: Path, du_lieu: Path, nam: int | None, so_van_ban: Path | None) -> None:
    from . import so_dang_ky
    from .load import DON_VI_FILE, load_model
    from .models import DonVi
    don_vi = load_model(Path(du_lieu) / DON_VI_FILE, DonVi).model
    rows = _rows(du_lieu, so_van_ban, nam)
    so_dang_ky.export(rows, tep, don_vi.ten, nam)
    click.echo(f"Đã xuất {len(rows)} văn bản ra {tep}")


@so_van_ban_group.command("thu-hoi", help="Thu hồi một số đã cấp; số này không bao giờ được cấp lại.\n\n"
                          "Ví dụ:  vanthu so-van-ban thu-hoi 5 --nam 2022 --ly-do \"Sai ngày ban hành\"")
@click.argument("so", type=int, metavar="SỐ")
@click.option("--nam", type=int, required=True, metavar="NĂM", help="Năm của số cần thu hồi.")
@click.option("--ly-do", "ly_do", required=True, metavar="LÝ_DO", help="Lý do thu hồi.")
@click.option("--loai", default=None, metavar="MÃ", help="Mã loại văn bản (KH, TB, BC…) khi mỗi loại một dãy số.")
@du_lieu
@so_van_ban
@_help
def thu_hoi_cmd(so: int, nam: int, ly_do: str, loai: str | None, du_lieu: Path, so_van_ban: Path | None) -> None:
    from . import vn
    with _register(du_lieu, so_van_ban) as register:
        row = register.revoke(nam, so, ly_do, loai)
    click.echo(f"Đã thu hồi số {vn.so_hieu(row.so, row.ky_hieu)} năm {row.nam}. Số này sẽ không được cấp lại.")


@cli.command("nam-moi", help="Tạo dữ liệu năm mới từ năm cũ: chép mọi thứ, lùi các ngày sang năm mới, "
             "giữ nguyên chú thích; đánh dấu !xem-lai những giá trị phải quyết định lại (căn cứ, chủ đề, "
             "chỉ tiêu, ngày ban hành) và in danh sách cần xem lại. Kết quả năm cũ không được chép.\n\n"
             "Ví dụ:  vanthu nam-moi --tu 2022 --den 2023")
@click.option("--tu", type=int, default=None, metavar="NĂM", help="Năm nguồn (mặc định: năm mới nhất).")
@click.option("--den", type=int, default=None, metavar="NĂM", help="Năm mới (mặc định: năm nguồn + 1).")
@click.option("--ghi-de", "ghi_de", is_flag=True, help="Làm lại năm mới dù thư mục đã có.")
@du_lieu
@_help
def nam_moi_cmd(tu: int | None, den: int | None, ghi_de: bool, du_lieu: Path) -> None:
    from . import rollover
    folder, items, skipped = rollover.new_year(du_lieu, tu, den, ghi_de)
    click.echo(f"Đã tạo {folder}/")
    if skipped:
        click.echo(f"Không chép (kết quả của năm cũ): {', '.join(skipped)}")
    click.echo(f"Cần xem lại {len(items)} giá trị trước khi ban hành; sửa nếu cần rồi xóa dấu !xem-lai:")
    for item in items:
        click.echo(f"- {item}")


@cli.command("so-sanh", help="So sánh dữ liệu hai năm, từng trường một, để xem lại trước khi ban hành.\n\n"
             "Ví dụ:  vanthu so-sanh 2022 2023")
@click.argument("nam_a", type=int, metavar="NĂM_CŨ")
@click.argument("nam_b", type=int, metavar="NĂM_MỚI")
@du_lieu
@_help
def so_sanh_cmd(nam_a: int, nam_b: int, du_lieu: Path) -> None:
    from . import rollover
    for line in rollover.compare(du_lieu, nam_a, nam_b):
        click.echo(line)


def main() -> None:
    cli(prog_name="vanthu")
