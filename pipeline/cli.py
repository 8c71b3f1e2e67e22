"""The `vanthu` command: Vietnamese words, as the clerk says them. The only module that imports click."""

from __future__ import annotations

import dataclasses
import difflib
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

import click

from .app import KIND_CODES, LOAI_VAN_BAN, REGISTER_FILE
from .errors import VanthuError

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

# The application layer loads its modules when a job runs, so that `vanthu --help` starts at once.

class _Vietnamese(click.Command):
    """Section headings of the help text in Vietnamese (click's own are English)."""

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), "Cách dùng: ")

    def format_options(self, ctx, formatter):
        rows = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx))]
        if rows:
            with formatter.section("Tùy chọn"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            commands = [(n, command.get_short_help_str(60)) for n in self.list_commands(ctx)
                        if (command := self.get_command(ctx, n)) is not None]
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

    # Always click's non-standalone mode, whatever the caller asks: errors become messages here.
    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, **extra: Any) -> Any:
        # One place turns every expected error into a message; no traceback for the clerk.
        from .app import explain
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS_IS_HELP as exc:  # `vanthu` alone: the help, as a clerk expects
            click.echo(exc.ctx.get_help())
            sys.exit(0)
        except VanthuError as exc:
            click.echo(f"Lỗi: {_with_steps(str(exc), exc.steps)}", err=True)
            sys.exit(1)
        except OSError as exc:  # a file-system fault the layers below did not name
            click.echo(f"Lỗi: không đọc hoặc ghi được {exc.filename or 'tệp'}: {explain(exc)}", err=True)
            sys.exit(1)
        except click.exceptions.Abort:
            click.echo("Đã dừng.", err=True)
            # An object cut off halfway by the interrupt may complain while Python tears it down.
            sys.unraisablehook = lambda unraisable: None
            sys.exit(130)
        except click.UsageError as exc:
            click.echo(f"Lỗi: {_usage_message(exc)}", err=True)
            if exc.ctx is not None:
                click.echo(f"Xem: {exc.ctx.command_path} --help", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(f"Lỗi: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)


def _stop_on_term() -> None:
    """SIGTERM (a stopped service, `kill`) and SIGHUP (a closed terminal) stop vanthu as Ctrl-C does:
    delivered as SIGINT, so the register holds it back while it must and every temporary file or
    folder is removed on the way out."""
    import signal
    import threading
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None and signal.getsignal(signum) in (signal.SIG_DFL, None):
            signal.signal(signum, lambda *_: signal.raise_signal(signal.SIGINT))


def _with_steps(message: str, steps) -> str:
    """A message and how to do its steps here: after it in brackets, or on a last line after a list."""
    hint = "; ".join(dict.fromkeys(_step_words(s) for s in steps))
    if not hint:
        return message
    return f"{message}\n  Gợi ý: {hint}" if "\n" in message else f"{message} ({hint})"


def _step_words(step) -> str:
    """A next step of the core (pipeline.steps), as it is typed on the command line."""
    from .app import Do
    a = step.args
    if step.kind == Do.REVOKE:
        loai = f" --loai {a['loai']}" if a.get("loai") else ""
        return f"thu hồi số: vanthu so-van-ban thu-hoi {a['so']} --nam {a['nam']}{loai} --ly-do \"…\""
    if step.kind == Do.KEEP_DATE:
        return f"để dùng văn bản đã cấp, chạy lại không có --ngay, hoặc --ngay {a['ngay'].isoformat()}"
    if step.kind == Do.CHOOSE_DATE:
        return "chọn ngày bằng --ngay NĂM-THÁNG-NGÀY" + (f" trong năm {a['nam']}" if a.get("nam") else "")
    if step.kind == Do.REVIEW:
        return "bỏ --nhap; xem lại các giá trị !xem-lai rồi cấp số"
    return _STEP_WORDS.get(step.kind.value, step.kind.value)


_STEP_WORDS = {
    "give_reason": "thêm --ly-do \"LÝ_DO\"",
    "choose_sequence": "chọn dãy số bằng --loai MÃ",
    "allow_empty": "chạy với --cho-phep-trong để in trống",
    "drop_total": "chạy với --bo-hang-tong để bỏ qua hàng tổng",
    "group_by": "chạy với --nhom CỘT",
    "name_files": "mẫu tên tệp là --ten, ví dụ --ten \"{stt}-{ho_ten}\"",
    "show_columns": "xem tên các cột: vanthu mau-moi BẢNG.xlsx",
    "preview_only": "bỏ --cap-so, hoặc bỏ --xem-truoc để cấp số cho cả bảng",
    "draft": "thêm --nhap để soạn bản nháp",
    "overwrite": "thêm --ghi-de",
    "choose_name": "đặt tên bằng --ten TÊN",
    "choose_year": "thêm --nam NĂM",
    "new_document": "tạo văn bản: vanthu moi LOẠI TÊN",
    "issue": "cấp số: thêm --cap-so",
    "set_up_school": "khởi tạo trường: vanthu khoi-tao THƯ_MỤC",
    "choose_data_folder": "chỉ rõ thư mục dữ liệu: --du-lieu THƯ_MỤC",
    "choose_port": "chọn cổng bằng --cong CỔNG, hoặc bỏ --cong để tự chọn",
}


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
        expected = "cần một số nguyên" if kind is click.INT else None
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


def _data_folder(value):
    from .app import School
    return School.folder(value)


def _templates_folder(value):
    from .app import School
    return School.templates_folder(value)


du_lieu = click.option("--du-lieu", "du_lieu", type=click.Path(path_type=Path), default=None,
                       callback=lambda ctx, param, value: _data_folder(value), metavar="THƯ_MỤC",
                       help="Thư mục dữ liệu của trường (mặc định: thư mục hiện tại nếu có don-vi.yaml, "
                       "hoặc data/ trong đó, hoặc trường đã khởi tạo lần trước).")
nam = click.option("--nam", type=int, default=None, metavar="NĂM",
                   help="Năm cần làm (mặc định: năm mới nhất có dữ liệu).")
ra = click.option("--ra", type=click.Path(path_type=Path), default="out", metavar="THƯ_MỤC",
                  help="Thư mục ghi văn bản ra (mặc định: out).")
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
mau = click.option("--mau", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
                   callback=lambda ctx, param, value: _templates_folder(value),
                   help="Thư mục mẫu .docx (mặc định: templates/ nếu có, nếu không là mẫu kèm theo vanthu).")


@click.group(cls=Group, context_settings=HELP, help="Soạn văn bản hành chính của nhà trường theo "
             "Nghị định 30/2020/NĐ-CP, từ dữ liệu.")
@click.help_option("-h", "--help", help="Hiện hướng dẫn này.")
@click.version_option(package_name="vanthu", prog_name="vanthu", message="%(prog)s %(version)s",
                      help="Hiện phiên bản của vanthu.")
def cli() -> None:
    pass


def _help(command):
    return click.help_option("-h", "--help", help="Hiện hướng dẫn này.")(command)


def _rows(du_lieu: Path, path: Path | None, nam: int | None, *filters) -> list:
    """The register's rows (the application layer never creates the register to read it)."""
    from .app import School
    view = School(du_lieu, register=path).register_rows(nam, *filters)
    _warn(view.warnings)
    return view.rows


def _report_issued(what: str, issued) -> None:
    from . import vn
    so = vn.so_hieu(issued.so, issued.ky_hieu)
    if issued.moi:
        click.echo(f"Đã cấp số {so} ngày {vn.ngay_ngan(issued.ngay)} cho {what}: {issued.tep}")
    else:
        click.echo(f"{what[0].upper()}{what[1:]} đã có số {so} (cấp ngày {vn.ngay_ngan(issued.ngay)}); "
                   f"văn bản đã ban hành được giữ nguyên: {issued.tep}")


def _document_command(name: str, help: str):
    """A command that renders one kind of document: the same options everywhere."""
    def decorate(function):
        for option in reversed((du_lieu, nam, ra, mau, cap_so, ngay, so_van_ban, nhap, pdf_opt, _help)):
            function = option(function)
        return cli.command(name, help=help)(function)
    return decorate


def _shortcut(name: str, loai: str, what: str, example: str):
    """`vanthu ke-hoach` & co.: `vanthu soan` for every document of one kind."""
    @_document_command(name, help=f"Soạn mọi {what} của năm (data/<năm>/van-ban/, `loai: {loai}`); "
                       f"như `vanthu soan` với các văn bản đó.\n\nVí dụ:  vanthu {name} --nam 2022\n\n"
                       f"Cấp số:  vanthu {name} --nam 2022 --cap-so --ngay {example}")
    def command(du_lieu: Path, nam: int | None, ra: Path, mau: Path, cap_so: bool, ngay, so_van_ban,
                nhap: bool, xuat_pdf: bool) -> None:
        _make(None, du_lieu, nam, ra, mau, cap_so, ngay, so_van_ban, nhap, xuat_pdf, loai=loai)
    return command


_shortcut("ke-hoach", "KH", "kế hoạch", "2022-05-09")
_shortcut("thong-bao", "TB", "thông báo (thông báo phân công: một bản cho mỗi giáo viên)", "2022-05-12")
_shortcut("bao-cao", "BC", "báo cáo", "2022-12-20")


@_document_command("soan", help="Soạn các văn bản của năm (data/<năm>/van-ban/<tên>.yaml): mọi văn bản, hoặc "
                   "những văn bản có tên. Văn bản có `danh_sach` được soạn cho từng hàng, kèm một tệp gộp để in. "
                   "Bản dự thảo ghi vào out/<năm>/du-thao/; bản đã cấp số vào out/<năm>/.\n\n"
                   "Ví dụ:  vanthu soan quyet-dinh-ban-chi-dao --nam 2022\n\n"
                   "Cấp số:  vanthu soan quyet-dinh-ban-chi-dao --cap-so --ngay 2022-09-05")
@click.argument("ten", nargs=-1, metavar="[TÊN]...")
def soan_cmd(ten: tuple[str, ...], du_lieu: Path, nam: int | None, ra: Path, mau: Path, cap_so: bool, ngay,
             so_van_ban, nhap: bool, xuat_pdf: bool) -> None:
    _make(list(ten) or None, du_lieu, nam, ra, mau, cap_so, ngay, so_van_ban, nhap, xuat_pdf)


def _make(names, du_lieu, nam, ra, mau, cap_so, ngay, so_van_ban, nhap, xuat_pdf, loai: str | None = None) -> None:
    from . import app
    _pdf_ready(xuat_pdf)
    with _Bars("Đang soạn") as bars:
        made = app.make(du_lieu, nam, mau, ra, names, issue=cap_so, ngay=ngay.date() if ngay else None,
                        nhap=nhap, register=so_van_ban, progress=bars, loai=loai)
    _warn(w for result in made for w in result.warnings)
    for result in made:
        _report_made(result)
    if xuat_pdf:
        for result in made:
            _to_pdf(result.paths, result.combined.with_suffix(".pdf") if result.combined else None)


def _report_made(made) -> None:
    from . import vn
    from .app import KINDS
    what = f"{KINDS[made.loai].ten} «{made.ten}»"
    if made.issued and len(made.paths) == 1 and made.combined is None:
        _report_issued(what, made.issued[0])
        return
    if not made.issued and made.combined is None:
        click.echo(f"Đã ghi {what} (dự thảo, chưa cấp số): {made.paths[0]}")
        return
    state = "đã cấp số" if made.issued else "dự thảo, chưa cấp số"
    click.echo(f"Đã ghi {len(made.paths)} văn bản {what} ({state}) vào {made.paths[0].parent}/")
    for issued in made.issued:
        click.echo(f"  {vn.so_hieu(issued.so, issued.ky_hieu)} ngày {vn.ngay_ngan(issued.ngay)}: {issued.tep.name}"
                   + ("" if issued.moi else " (đã có số từ trước)"))
    click.echo(f"Bản gộp để in: {made.combined}")


class _Bars:
    """One progress bar per batch of more than one document, on a terminal only."""

    def __init__(self, label: str):
        self.label = label
        self.bar: ProgressBar[int] | None = None

    def __enter__(self):
        return self

    def __call__(self, total: int):
        self._close()
        if total < 2 or not sys.stdout.isatty():
            return None
        self.bar = click.progressbar(length=total, label=self.label)
        self.bar.__enter__()
        return lambda done=1: self.bar.update(done)

    def _close(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*(exc or (None, None, None)))
            self.bar = None

    def __exit__(self, *exc):
        self._close(*exc)


@cli.command("danh-sach", help="Các văn bản của năm: tên, loại, trích yếu và tình trạng (dự thảo; đã cấp số …; "
             "đã thu hồi).\n\nVí dụ:  vanthu danh-sach --nam 2022")
@du_lieu
@nam
@so_van_ban
@_help
def danh_sach_cmd(du_lieu: Path, nam: int | None, so_van_ban: Path | None) -> None:
    from .app import School
    listing = School(du_lieu, register=so_van_ban).documents(nam)
    _warn(listing.warnings)
    infos = listing.documents
    if not infos:
        click.echo(f"Năm {listing.nam} chưa có văn bản nào. Tạo một văn bản: vanthu moi LOẠI TÊN")
        return
    table = [("Tên", "Loại", "Trích yếu", "Tình trạng")]
    for info in infos:
        count = f" ({info.so_ban} bản)" if info.so_ban > 1 else ""
        table.append((info.ten, info.ten_loai + count, _short(info.trich_yeu), info.trang_thai))
    _print_table(table)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


@cli.command("moi", help="Tạo một văn bản mới của năm từ tệp mẫu có chú thích của loại đó "
             "(data/<năm>/van-ban/<TÊN>.yaml), để sửa rồi soạn.\n\n"
             "LOẠI là mã loại văn bản của Nghị định 30: " + ", ".join(KIND_CODES) + " (CV: công văn).\n\n"
             "Ví dụ:  vanthu moi QĐ quyet-dinh-ban-chi-dao --nam 2022")
@click.argument("loai", metavar="LOẠI")
@click.argument("ten", metavar="TÊN")
@du_lieu
@nam
@_help
def moi_cmd(loai: str, ten: str, du_lieu: Path, nam: int | None) -> None:
    from . import app
    from .app import KINDS
    path = app.new_document(du_lieu, nam, loai, ten)
    click.echo(f"Đã tạo {path} (mẫu {KINDS[loai].ten}). Sửa tệp này, rồi soạn: vanthu soan {ten}")


@cli.command("tron", help="Trộn thư: soạn một văn bản cho mỗi hàng của bảng Excel/CSV từ một mẫu .docx bất kỳ, "
             "kể cả mẫu Trộn thư (Mail Merge) của Word với các trường «Họ_và_tên». "
             "Tên cột (viết thường, không dấu, nối bằng _) là tên biến: cột «Ngày sinh» là {{ ngay_sinh }}, "
             "cột «Họ và tên» là {{ ho_ten }} (xem bằng: vanthu mau-moi BẢNG.xlsx). "
             "Mẫu dùng được cả các biến khung của trường (ten_don_vi, so_ky_hieu, dia_danh_ngay, nguoi_ky…). "
             "Bảng có thể có các hàng tiêu đề phía trên dòng tên cột; hàng trống được bỏ qua.\n\n"
             "Ví dụ:  vanthu tron templates/bao-cao-lop.docx data/2022/bao-cao-lop.xlsx --ten \"{stt}-{lop}\" "
             "--gop out/tron/tat-ca.docx\n\n"
             "Một quyết định kèm danh sách cho mỗi lớp:  vanthu tron quyet-dinh.docx hoc-sinh.xlsx --nhom Lớp "
             "--ten \"{lop}\"")
@click.argument("mau_docx", type=click.Path(path_type=Path), metavar="MẪU.docx")
@click.argument("bang", type=click.Path(path_type=Path), metavar="DỮ_LIỆU.xlsx|csv")
@click.option("--ra", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
              help="Thư mục ghi văn bản (mặc định: out/tron/<tên mẫu>); bản dự thảo vào du-thao/ trong đó.")
@click.option("--ten", default="{stt}", metavar="MẪU_TÊN", help="Tên tệp theo cột, ví dụ \"{stt}-{ho_ten}\" "
              "(mặc định: {stt}); chữ có dấu được đổi thành chữ không dấu.")
@click.option("--gop", type=click.Path(path_type=Path), default=None, metavar="TỆP.docx",
              help="Ghi thêm một tệp gộp mọi văn bản, mỗi văn bản một trang mới, để in một lần.")
@click.option("--loai", type=click.Choice(list(LOAI_VAN_BAN)), default="BC", metavar="MÃ",
              help="Mã loại văn bản cho ký hiệu và tên loại (mặc định: BC).")
@click.option("--trich-yeu", "trich_yeu", default=None, metavar="CÂU",
              help="Trích yếu, có thể dùng biến của hàng: \"Kết quả năm {{ nam }} của lớp {{ lop }}\".")
@click.option("--nhom", default=None, metavar="CỘT",
              help="Một văn bản cho mỗi nhóm hàng có cùng giá trị ở cột này; các hàng của nhóm là danh_sach, "
              "dùng trong vòng lặp {%tr for h in danh_sach %} của một bảng.")
@click.option("--xem-truoc", "xem_truoc", type=int, default=None, metavar="HÀNG",
              help="Chỉ soạn văn bản của hàng này (số hàng như trong Excel) để xem nhanh.")
@click.option("--cho-phep-trong", "cho_phep_trong", is_flag=True,
              help="Ô trống in thành chỗ trống (không có: ô trống mà mẫu in ra là lỗi).")
@click.option("--bo-hang-tong", "bo_hang_tong", is_flag=True,
              help="Bỏ qua hàng «Tổng cộng» của bảng (không có: bảng có hàng tổng là lỗi).")
@cap_so
@ngay
@du_lieu
@nam
@so_van_ban
@pdf_opt
@_help
def tron_cmd(mau_docx: Path, bang: Path, ra: Path | None, ten: str, gop: Path | None, loai: str,
             trich_yeu: str | None, nhom: str | None, xem_truoc: int | None, cho_phep_trong: bool,
             bo_hang_tong: bool, cap_so: bool, ngay, du_lieu: Path, nam: int | None, so_van_ban: Path | None,
             xuat_pdf: bool) -> None:
    from . import app, vn
    if xem_truoc is not None and gop:
        raise click.UsageError("--xem-truoc chỉ soạn một văn bản; bỏ --gop")
    _pdf_ready(xuat_pdf)
    out = ra or Path("out") / "tron" / mau_docx.stem
    with _Bars("Đang trộn") as bars:
        made = app.merge(du_lieu, nam, mau_docx, bang, out, pattern=ten, loai=loai, ngay=ngay.date() if ngay else None,
                         trich_yeu=trich_yeu, nhom=nhom, cho_phep_trong=cho_phep_trong, bo_hang_tong=bo_hang_tong,
                         xem_truoc=xem_truoc, issue=cap_so, register=so_van_ban, combined=gop, progress=bars)
    _warn(made.warnings)
    if xem_truoc is not None:
        click.echo(f"Bản xem trước của hàng {xem_truoc}: {made.paths[0]}")
    elif made.issued:
        first, last = made.issued[0], made.issued[-1]
        click.echo(f"Đã cấp số {vn.so_hieu(first.so, first.ky_hieu)} đến {vn.so_hieu(last.so, last.ky_hieu)} cho "
                   f"{len(made.paths)} văn bản vào {out}/")
    else:
        click.echo(f"Đã ghi {len(made.paths)} bản dự thảo vào {made.paths[0].parent}/")
    if made.combined:
        click.echo(f"Bản gộp để in: {made.combined}")
    if xuat_pdf:
        _to_pdf(made.paths, made.combined.with_suffix(".pdf") if made.combined else None)


@cli.command("mau-moi", help="In các cột của một bảng Excel/CSV thành thẻ dán được vào mẫu Word ({{ ho_ten }}) "
             "và tên trường Trộn thư của Word («Họ_và_tên»), cùng các biến mọi mẫu dùng được.\n\n"
             "Ví dụ:  vanthu mau-moi data/2022/bao-cao-lop.xlsx")
@click.argument("bang", type=click.Path(path_type=Path), metavar="TỆP.xlsx|csv")
@_help
def mau_moi_cmd(bang: Path) -> None:
    from .app import School
    found = School.columns(bang)
    table, columns = found.table, found.columns
    click.echo(f"Bảng {table.where()}: dòng tên cột là hàng {table.header_row}, {len(table.rows)} hàng dữ liệu.")
    click.echo("")
    rows = [("Cột", "Thẻ cho mẫu", "Trường Trộn thư", "Hàng đầu")]
    rows += [(c.header, f"{{{{ {c.key} }}}}", f"«{c.field}»", c.example) for c in columns]
    _print_table(rows)
    click.echo("")
    click.echo("Biến mọi mẫu dùng được (cùng các biến trong `bien:` của tham-so.yaml):")
    _print_table([(f"{{{{ {name} }}}}", text) for name, text in found.frame.items()], header=False)


def _print_table(rows: Sequence[tuple[str, ...]], header: bool = True) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if header and i == 0:
            click.echo("  ".join("-" * w for w in widths))


def _pdf_ready(wanted: bool) -> None:
    """Before any work: LibreOffice must be there; a missing font is worth a warning."""
    from .app import School
    if wanted:
        _warn(School.pdf_ready())


def _warn(warnings) -> None:
    """The warnings of a result, each once, on stderr."""
    for warning in dict.fromkeys(warnings):
        click.echo(f"Cảnh báo: {warning}", err=True)


def _to_pdf(docs: list[Path], combined: Path | None = None) -> None:
    """PDF beside each document and, for a batch, one file in print order; failures are named."""
    from .app import ConverterError, School
    with _Bars("Đang xuất PDF") as bars:
        result = School.to_pdf(docs, bars(len(docs)), combined)
    click.echo(f"Đã xuất {len(result.pdfs)} tệp PDF" + (f", ví dụ {result.pdfs[0]}" if result.pdfs else ""))
    if result.combined:
        click.echo(f"Bản PDF gộp để in: {result.combined}")
    if result.failed:
        raise ConverterError("\n".join(result.failed.values()))


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


@cli.command("kiem-tra", help="Kiểm tra dữ liệu của một năm, mọi văn bản (hoặc những văn bản có tên) và mẫu, "
             "không ghi gì.\n\nVí dụ:  vanthu kiem-tra --nam 2022")
@click.argument("ten", nargs=-1, metavar="[TÊN]...")
@du_lieu
@nam
@mau
@_help
def kiem_tra_cmd(ten: tuple[str, ...], du_lieu: Path, nam: int | None, mau: Path) -> None:
    from . import app
    from .app import KINDS
    checked = app.check(du_lieu, nam, mau, list(ten) or None)
    _warn(w for item in checked for w in item.warnings)
    for item in checked:
        count = f", {item.so_ban} bản" if item.so_ban > 1 else ""
        click.echo(f"{item.ten}: hợp lệ ({KINDS[item.loai].ten}{count})")
    click.echo(f"Dữ liệu hợp lệ: {len(checked)} văn bản.")


@cli.command("mau", help="Dựng lại các mẫu .docx kèm theo từ quy tắc trình bày của "
             "Nghị định 30 và cài đặt `trinh_bay` trong don-vi.yaml.\n\nVí dụ:  vanthu mau")
@du_lieu
@click.option("--mau", type=click.Path(path_type=Path), default="templates", metavar="THƯ_MỤC",
              help="Thư mục ghi mẫu (mặc định: templates).")
@_help
def mau_cmd(du_lieu: Path, mau: Path) -> None:
    from .app import School
    for path in School(du_lieu).write_templates(mau).paths:
        click.echo(f"Đã dựng mẫu: {path}")


@cli.group("so-van-ban", cls=Group, help="Sổ đăng ký văn bản đi: xem, xuất ra Excel, ghi số cấp ngoài vanthu, "
           "bắt đầu dãy số giữa năm, thu hồi số.\n\nVí dụ:  vanthu so-van-ban xem --nam 2022")
@_help
def so_van_ban_group() -> None:
    pass


def _from_one(ctx, param, value: str) -> str:
    """A number as registers hold it (38, or 38a recorded with a letter), from 1."""
    from . import vn
    try:
        number = vn.tach_so(value)[0]
    except ValueError as exc:
        raise click.UsageError(f"{param.metavar}: {exc}", ctx) from None
    if number < 1:
        raise click.UsageError(f"{param.metavar} phải từ 1 trở lên, không phải {value}", ctx)
    return value.strip()


def _day(value) -> date | None:
    return value.date() if value else None


@so_van_ban_group.command("xem", help="In sổ văn bản đi thành bảng, theo năm và số.\n\n"
                          "Ví dụ:  vanthu so-van-ban xem --nam 2022 --loai TB --tu 2022-05-01 --den 2022-05-31")
@du_lieu
@click.option("--nam", type=int, default=None, metavar="NĂM", help="Chỉ năm này (mặc định: mọi năm).")
@click.option("--loai", default=None, metavar="MÃ", help="Chỉ loại văn bản này (KH, TB, QĐ, CV…).")
@click.option("--tu", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="NĂM-THÁNG-NGÀY",
              help="Chỉ văn bản từ ngày này.")
@click.option("--den", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="NĂM-THÁNG-NGÀY",
              help="Chỉ văn bản đến ngày này.")
@so_van_ban
@_help
def xem_cmd(du_lieu: Path, nam: int | None, loai: str | None, tu, den, so_van_ban: Path | None) -> None:
    from . import vn
    from .app import OUTSIDE, REVOKED, STATES
    rows = _rows(du_lieu, so_van_ban, nam, loai, _day(tu), _day(den))
    if not rows:
        chosen = nam is not None or loai or tu or den
        click.echo("Sổ văn bản đi chưa có văn bản nào" + (" khớp với điều kiện đã chọn." if chosen else "."))
        return
    table = [("Năm", "Số, ký hiệu", "Ngày", "Loại", "Trích yếu", "Tình trạng")]
    for r in rows:
        state = STATES[r.trang_thai] + (f": {r.ly_do_thu_hoi}" if r.trang_thai == REVOKED else "")
        if r.nguon == OUTSIDE:
            state += " (ngoài vanthu)"
        table.append((str(r.nam), vn.so_hieu(r.so, r.ky_hieu), vn.ngay_ngan(r.ngay), r.ten_loai.capitalize(),
                      r.trich_yeu if len(r.trich_yeu) <= 60 else r.trich_yeu[:59] + "…", state))
    _print_table(table)


@so_van_ban_group.command("xuat", help="Xuất sổ văn bản đi ra tệp Excel in được (mẫu Phụ lục IV, Nghị định "
                          "30/2020/NĐ-CP): mỗi năm một bìa sổ và một trang các số theo thứ tự.\n\n"
                          "Ví dụ:  vanthu so-van-ban xuat so-van-ban-2022.xlsx --nam 2022")
@click.argument("tep", type=click.Path(path_type=Path), metavar="TỆP.xlsx")
@du_lieu
@click.option("--nam", type=int, default=None, metavar="NĂM", help="Chỉ năm này (mặc định: mọi năm).")
@click.option("--quyen", type=int, default=1, metavar="SỐ", help="Quyển số ghi trên bìa sổ (mặc định: 1).")
@so_van_ban
@_help
def xuat_cmd(tep: Path, du_lieu: Path, nam: int | None, quyen: int, so_van_ban: Path | None) -> None:
    from .app import School
    exported = School(du_lieu, register=so_van_ban).export_register(tep, nam, quyen)
    _warn(exported.warnings)
    click.echo(f"Đã xuất {exported.count} văn bản ra {tep}")


@so_van_ban_group.command("ghi", help="Ghi vào sổ một văn bản đã có số cấp ngoài vanthu (soạn bằng Word, viết "
                          "tay); dãy số tiếp tục sau nó. Không có --so: lấy số tiếp theo. Số đã có trong sổ, hay "
                          "ngày trái thứ tự số, bị từ chối.\n\n"
                          "Ví dụ:  vanthu so-van-ban ghi --so 38 --ngay 2023-05-10 --ky-hieu QĐ-THCSKB "
                          "--trich-yeu \"Về việc thành lập Ban chỉ đạo\" --nguoi-ky \"Nguyễn Văn A\" "
                          "--noi-nhan \"Như Điều 3\" --noi-nhan \"Lưu: VT\"\n\n"
                          "Số ghi tay có thể kèm một chữ cái, như trong sổ giấy: --so 38a.")
@click.option("--ngay", type=click.DateTime(["%Y-%m-%d"]), required=True, metavar="NĂM-THÁNG-NGÀY",
              help="Ngày của văn bản.")
@click.option("--ky-hieu", "ky_hieu", required=True, metavar="KÝ_HIỆU", help="Ký hiệu, ví dụ QĐ-THCSKB.")
@click.option("--trich-yeu", "trich_yeu", required=True, metavar="CÂU", help="Trích yếu nội dung.")
@click.option("--nguoi-ky", "nguoi_ky", required=True, metavar="HỌ_TÊN", help="Người ký.")
@click.option("--noi-nhan", "noi_nhan", multiple=True, metavar="NƠI", help="Một nơi nhận (lặp lại cho mỗi nơi).")
@click.option("--so", default=None, metavar="SỐ",
              help="Số đã cấp, có thể kèm chữ cái như 38a (mặc định: số tiếp theo).")
@click.option("--loai", default=None, metavar="MÃ", help="Mã loại văn bản (mặc định: theo ký hiệu; CV cho công văn).")
@du_lieu
@so_van_ban
@_help
def ghi_cmd(ngay, ky_hieu: str, trich_yeu: str, nguoi_ky: str, noi_nhan: tuple[str, ...], so: str | None,
            loai: str | None, du_lieu: Path, so_van_ban: Path | None) -> None:
    from . import vn
    from .app import School
    recorded = School(du_lieu, register=so_van_ban).record(ngay.date(), ky_hieu, trich_yeu, nguoi_ky, list(noi_nhan),
                                                            so, loai)
    _warn(recorded.warnings)
    row = recorded.row
    click.echo(f"Đã ghi số {vn.so_hieu(row.so, row.ky_hieu)} ngày {vn.ngay_ngan(row.ngay)} vào sổ văn bản đi: "
               f"{row.ten_loai.capitalize()} «{row.trich_yeu}».")


@so_van_ban_group.command("bat-dau", help="Bắt đầu dãy số của một năm từ SỐ, khi trường bắt đầu dùng vanthu giữa "
                          "năm và đã cấp các số trước đó bằng tay. Số vanthu cấp không kèm chữ: sau 152a là 153.\n\n"
                          "Ví dụ:  vanthu so-van-ban bat-dau 38 --nam 2023")
@click.argument("so", metavar="SỐ", callback=_from_one)
@click.option("--nam", type=int, required=True, metavar="NĂM", help="Năm của dãy số.")
@click.option("--loai", type=click.Choice(KIND_CODES), default=None, metavar="MÃ",
              help="Mã loại văn bản, khi mỗi loại một dãy số.")
@du_lieu
@so_van_ban
@_help
def bat_dau_cmd(so: str, nam: int, loai: str | None, du_lieu: Path, so_van_ban: Path | None) -> None:
    from . import vn
    from .app import School
    started = School(du_lieu, register=so_van_ban).start(nam, so, loai)
    _warn(started.warnings)
    first = started.so
    last = so if not so.isdigit() else first - 1  # the last number given by hand: 37, or 152a
    before = f" (các số 01–{vn.so_van_ban(last)} đã cấp ngoài vanthu)" if first > 1 else ""
    click.echo(f"Năm {nam}, số cấp tiếp theo{' cho loại ' + loai if loai else ''} là {vn.so_van_ban(first)}{before}.")


@so_van_ban_group.command("thu-hoi", help="Thu hồi một số đã cấp; số này không bao giờ được cấp lại.\n\n"
                          "Ví dụ:  vanthu so-van-ban thu-hoi 5 --nam 2022 --ly-do \"Sai ngày ban hành\"")
@click.argument("so", metavar="SỐ", callback=_from_one)
@click.option("--nam", type=int, required=True, metavar="NĂM", help="Năm của số cần thu hồi.")
@click.option("--ly-do", "ly_do", required=True, metavar="LÝ_DO", help="Lý do thu hồi.")
@click.option("--loai", default=None, metavar="MÃ", help="Mã loại văn bản (KH, TB, BC…) khi mỗi loại một dãy số.")
@du_lieu
@so_van_ban
@_help
def thu_hoi_cmd(so: str, nam: int, ly_do: str, loai: str | None, du_lieu: Path, so_van_ban: Path | None) -> None:
    from . import app, vn
    revoked = app.revoke(du_lieu, nam, so, ly_do, loai, so_van_ban)
    _warn(revoked.warnings)
    row = revoked.row
    click.echo(f"Đã thu hồi số {vn.so_hieu(row.so, row.ky_hieu)} năm {row.nam}. Số này sẽ không được cấp lại.")
    if revoked.moved_to:
        click.echo(f"Văn bản đã thu hồi được chuyển sang {revoked.moved_to}")
    if revoked.printed:
        click.echo(f"Tệp gộp để in đã được soạn lại, không còn văn bản này: {revoked.printed}")


@cli.command("nam-moi", help="Tạo dữ liệu năm mới từ năm cũ: chép mọi thứ, lùi các ngày sang năm mới, "
             "giữ nguyên chú thích; đánh dấu !xem-lai những giá trị phải quyết định lại (căn cứ, chủ đề, "
             "chỉ tiêu, ngày ban hành; sang sau 01/7/2025 cả nơi nhận còn ghi quận, huyện hay Phòng GD&ĐT) "
             "và in danh sách cần xem lại. Kết quả năm cũ không được chép.\n\n"
             "Ví dụ:  vanthu nam-moi --tu 2022 --den 2023")
@click.option("--tu", type=int, default=None, metavar="NĂM", help="Năm nguồn (mặc định: năm mới nhất).")
@click.option("--den", type=int, default=None, metavar="NĂM", help="Năm mới (mặc định: năm nguồn + 1).")
@click.option("--ghi-de", "ghi_de", is_flag=True, help="Làm lại năm mới dù thư mục đã có.")
@du_lieu
@_help
def nam_moi_cmd(tu: int | None, den: int | None, ghi_de: bool, du_lieu: Path) -> None:
    from .app import School
    made = School(du_lieu).new_year(tu, den, ghi_de)
    folder, items, skipped, backup = made.folder, made.review, made.skipped, made.backup
    click.echo(f"Đã tạo {folder}/")
    if backup:
        click.echo(f"Thư mục {folder.name} cũ (kể cả mọi chỉnh sửa và tệp thêm) được giữ ở {backup}/")
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
    from .app import School
    for line in School(du_lieu).compare(nam_a, nam_b):
        click.echo(line)


@cli.command("khoi-tao", help="Khởi tạo dữ liệu cho trường của bạn: hỏi tên trường, tỉnh/thành phố và phường/xã "
             "(theo đơn vị hành chính từ 01/7/2025: 34 tỉnh, thành phố và 3.321 phường, xã, đặc khu), từ đó gợi ý "
             "cơ quan chủ quản (Ủy ban nhân dân phường, xã; Sở GD&ĐT với trường trung học phổ thông) và địa danh; "
             "hỏi mã và người ký; kiểm tra tiêu đề văn bản in trọn (gợi ý viết tắt nếu cần); tạo don-vi.yaml, "
             "thư mục năm nay với tham-so.yaml và văn bản mẫu. Thư mục được ghi nhớ: từ đó vanthu chạy ở đâu "
             "cũng tìm thấy dữ liệu của trường. Nhận cả cách viết tắt quen dùng (TP.HCM, P., X., UBND).\n\n"
             "Ví dụ:  vanthu khoi-tao truong-cua-toi\n\n"
             "Không hỏi:  vanthu khoi-tao truong --ten \"Trường THCS Khánh Bình\" --tinh \"TP. Hồ Chí Minh\" "
             "--xa \"P. Chánh Hưng\" --ma THCSKB --ho-ten \"Nguyễn Văn A\"\n\n"
             "Tự ghi cơ quan chủ quản và địa danh:  vanthu khoi-tao truong --ten \"Trường THCS Khánh Bình\" "
             "--co-quan-chu-quan \"Ủy ban nhân dân phường Chánh Hưng\" --dia-danh \"Chánh Hưng\" --ho-ten \"Nguyễn Văn A\"")
@click.argument("thu_muc", type=click.Path(path_type=Path), default=".", required=False, metavar="[THƯ_MỤC]")
@click.option("--ten", default=None, metavar="TÊN", help="Tên trường, ví dụ «Trường THCS Khánh Bình».")
@click.option("--co-quan-chu-quan", "co_quan_chu_quan", default=None, metavar="TÊN",
              help="Cơ quan chủ quản, ví dụ «Ủy ban nhân dân Quận 8» (\"\" nếu không có).")
@click.option("--tinh", default=None, metavar="TỈNH", help="Tỉnh, thành phố của trường, ví dụ «TP. Hồ Chí Minh».")
@click.option("--xa", default=None, metavar="PHƯỜNG_XÃ", help="Phường, xã, đặc khu của trường, ví dụ «P. Chánh Hưng».")
@click.option("--ma", default=None, metavar="MÃ", help="Mã trường trong ký hiệu văn bản, ví dụ THCSKB.")
@click.option("--dia-danh", "dia_danh", default=None, metavar="ĐỊA_DANH", help="Địa danh ở dòng ngày tháng.")
@click.option("--chuc-vu", "chuc_vu", default=None, metavar="CHỨC_VỤ", help="Chức vụ người ký (mặc định: Hiệu trưởng).")
@click.option("--ho-ten", "ho_ten", default=None, metavar="HỌ_TÊN", help="Họ và tên người ký.")
@_help
def khoi_tao_cmd(thu_muc: Path, ten: str | None, co_quan_chu_quan: str | None, tinh: str | None, xa: str | None,
                 ma: str | None, dia_danh: str | None, chuc_vu: str | None, ho_ten: str | None) -> None:
    from .app import School, TruongMoi
    asked: list[str] = []

    def ask(value: str | None, text: str, default: str | None = None, check=None, choices=None) -> str:
        # Flags for scripting; a prompt for each missing answer, and for the defaulted ones once the
        # clerk is answering questions anyway. A checked answer is asked again until it is right;
        # `?` lists the choices, when there are.
        if value is not None:
            return value
        if default is not None and not asked:
            return default
        asked.append(text)
        while True:
            answer = click.prompt(text, default=default, show_default=bool(default))
            if choices and answer.strip() == "?":
                click.echo("; ".join(choices()))
                continue
            try:
                return check(answer) if check else answer
            except VanthuError as exc:
                click.echo(f"Lỗi: {exc.message}", err=True)

    ten = ask(ten, "Tên trường (ví dụ: Trường THCS Khánh Bình)")
    place = _ask_place(ask, ten, tinh, xa) if (tinh or xa or dia_danh is None) else None
    dia_danh = ask(dia_danh, "Địa danh ở dòng ngày tháng (ví dụ: Chánh Hưng)", place.dia_danh if place else None)
    ho_ten = ask(ho_ten, "Họ và tên người ký")
    answers = TruongMoi(
        ten=ten, dia_danh=dia_danh, ho_ten=ho_ten,
        co_quan_chu_quan=ask(co_quan_chu_quan, "Cơ quan chủ quản (ví dụ: Ủy ban nhân dân phường Chánh Hưng; "
                             "Enter nếu không có)", place.co_quan_chu_quan if place else ""),
        ma=ask(ma, "Mã trường trong ký hiệu văn bản", School.suggest_ma(ten)),
        chuc_vu=ask(chuc_vu, "Chức vụ người ký", "Hiệu trưởng"),
        tinh=place.tinh if place else None, xa=place.xa if place else None)
    for advice in School.check_answers(answers).advice:
        click.echo(f"Lưu ý: {advice}")
        if advice.suggestion and asked and click.confirm("Sửa như gợi ý?", default=True):
            answers = dataclasses.replace(answers, **advice.suggestion)
    written = School.set_up(thu_muc, answers).written
    click.echo(f"Đã khởi tạo {answers.ten} trong {thu_muc}: " + ", ".join(str(p.relative_to(thu_muc)) for p in written))
    click.echo("Từ nay vanthu tìm thấy dữ liệu này dù chạy ở thư mục nào. Mở trang làm việc: vanthu web")


def _ask_place(ask, ten: str, tinh: str | None, xa: str | None):
    """Province and ward (asked, or from the flags) → the suggested chủ quản and địa danh; None when the
    clerk leaves the province empty to type both."""
    from . import app

    def checked(make):
        return lambda text: make(text) if text.strip() else text

    tinh = ask(tinh, "Tỉnh, thành phố (ví dụ: TP. Hồ Chí Minh; ? để xem danh sách; Enter để tự gõ cơ quan chủ quản "
               "và địa danh)", "", checked(app.check_province), app.province_names)
    if not tinh.strip():
        return None
    xa = ask(xa, "Phường, xã, đặc khu (ví dụ: P. Chánh Hưng; ? để xem danh sách)", None,
             checked(lambda text: app.suggest_place(ten, tinh, text).xa), lambda: app.ward_names(tinh))
    return app.suggest_place(ten, tinh, xa)


@cli.command("web", help="Mở trang làm việc của văn thư trong trình duyệt: thông tin trường, các năm, "
             "sổ văn bản đi, trộn thư. Chỉ máy này vào được (127.0.0.1), bằng địa chỉ có mã bí mật in ra khi chạy. "
             "Dừng: Ctrl-C.\n\nVí dụ:  vanthu web\n\nChọn cổng, không tự mở trình duyệt:  vanthu web --cong 8080 --khong-mo")
@click.option("--cong", type=int, default=0, metavar="CỔNG",
              help="Cổng để nghe (mặc định: một cổng còn trống).")
@click.option("--du-lieu", "du_lieu", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
              help="Thư mục dữ liệu của trường (mặc định: như các lệnh khác; chưa có thì trang đầu là khởi tạo).")
@click.option("--khong-mo", "khong_mo", is_flag=True, help="Không tự mở trình duyệt, chỉ in địa chỉ.")
@_help
def web_cmd(cong: int, du_lieu: Path | None, khong_mo: bool) -> None:
    from .app import School
    from .web import serve  # Flask only when the page is wanted (the one front end starting the other)

    serve(School.find(du_lieu), cong, open_browser=not khong_mo, say=click.echo)


@cli.command("nhap", help="Nhập văn bản Word đã có (.docx, .doc) thành dữ liệu của vanthu: "
             "data/<năm>/van-ban/<tên>.yaml, kèm thông tin đơn vị vào don-vi.yaml nếu chưa có. Nhận ra phần đầu, "
             "tên loại, trích yếu, căn cứ, các mục, khoản, điểm, gạch đầu dòng, bảng, chữ ký, Nơi nhận và phụ lục; "
             "năm và tên trường trong câu thành tham số; chỗ chưa chắc được đánh dấu !xem-lai.\n\n"
             "Ví dụ:  vanthu nhap \"Kế hoạch BĐG 2022.docx\" --ten ke-hoach-bdg\n\n"
             "Văn bản năm trước dùng cho năm nay:  vanthu nhap quyet-dinh-2022.doc --nam 2023")
@click.argument("tep", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="TỆP.docx|TỆP.doc...")
@du_lieu
@click.option("--nam", type=int, default=None, metavar="NĂM",
              help="Năm ghi dữ liệu (mặc định: năm của văn bản); văn bản năm khác được lùi ngày và đánh dấu xem lại.")
@click.option("--ten", default=None, metavar="TÊN",
              help="Tên tệp dữ liệu, chữ thường không dấu, ví dụ ke-hoach-bdg (mặc định: theo tên tệp Word).")
@click.option("--ghi-de", "ghi_de", is_flag=True, help="Ghi đè tệp dữ liệu đã có của văn bản.")
@click.option("--chuan-hoa-ten", "chuan_hoa_ten", is_flag=True,
              help="Đầu trang in tên trường như câu văn viết (in hoa), thay vì giữ đúng các dòng tên đã gõ ở phần đầu.")
@_help
def nhap_cmd(tep: tuple[Path, ...], du_lieu: Path, nam: int | None, ten: str | None, ghi_de: bool,
             chuan_hoa_ten: bool) -> None:
    from .app import School
    for imported in School(du_lieu).import_word(list(tep), nam, ten, ghi_de, chuan_hoa_ten).imported:
        for line in imported.summary():
            click.echo(line)


@cli.command("cap-so", help="Cấp số cho một văn bản soạn bằng Word: điền số và ngày vào dòng «Số:      /KH-THCSKB» "
             "và dòng «Quận 8, ngày    tháng 5 năm 2022» của phần đầu văn bản, giữ nguyên định dạng, ghi sổ văn "
             "bản đi, và ghi bản đã cấp số cạnh tệp gốc (tệp gốc không bị sửa).\n\n"
             "Ví dụ:  vanthu cap-so ke-hoach-x.docx --ngay 2022-05-09   (ghi ke-hoach-x-KH-05-THCSKB.docx)")
@click.argument("tep", type=click.Path(path_type=Path), metavar="TỆP.docx")
@click.option("--ngay", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="NĂM-THÁNG-NGÀY",
              help="Ngày ban hành (mặc định: khi cấp lại, ngày đã ghi sổ; nếu không, ngày đã gõ đủ trên văn "
              "bản, hoặc hôm nay).")
@click.option("--nam", type=int, default=None, metavar="NĂM", help="Năm của sổ; ngày ban hành phải thuộc năm này.")
@click.option("--ra", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
              help="Thư mục ghi bản đã cấp số (mặc định: thư mục của tệp gốc).")
@du_lieu
@so_van_ban
@_help
def cap_so_cmd(tep: Path, ngay, nam: int | None, ra: Path | None, du_lieu: Path, so_van_ban: Path | None) -> None:
    from . import app
    from .app import KINDS
    result = app.issue_word(du_lieu, tep, ngay.date() if ngay else None, nam=nam, register=so_van_ban, out=ra)
    _warn(result.warnings)
    _report_issued(f"{KINDS[result.loai].ten.lower()} «{result.trich_yeu}»", result.issued)


@cli.command("ky-so", help="Ký số một văn bản đã cấp số thành văn bản điện tử theo Nghị định 30/2020/NĐ-CP "
             "(Phụ lục I, Phần II): xuất PDF/A từ tệp .docx đã cấp số, rồi ký số của người ký và của trường "
             "(PAdES), ảnh chữ ký giữa chức vụ và họ tên, ảnh dấu trùm 1/3 ảnh chữ ký bên trái. Ghi <tên>-ky-so.pdf "
             "cạnh tệp và vào sổ văn bản đi; tệp đã ký không bao giờ bị ghi lại. Khóa, ảnh và chứng thư gốc "
             "khai trong ky-so.yaml của trường; mã PIN được hỏi khi ký, không bao giờ lưu.\n\n"
             "Ví dụ:  vanthu ky-so out/2022/KH-01-THCSKB.docx\n\n"
             "Kèm phụ lục riêng (trường ký, thông tin ở góc trên bên phải):  vanthu ky-so out/2022/KH-01-THCSKB.docx "
             "--kem-theo phu-luc.pdf\n\n"
             "Kiểm tra một tệp đã ký (ai ký, lúc nào, còn nguyên vẹn không):  vanthu ky-so --kiem-tra tep-nhan-duoc.pdf")
@click.argument("tep", type=click.Path(path_type=Path), metavar="TỆP")
@click.option("--kem-theo", "kem_theo", multiple=True, type=click.Path(path_type=Path), metavar="TỆP",
              help="Tệp phụ lục riêng ban hành kèm văn bản (.pdf hoặc .docx), do trường ký; lặp lại cho nhiều tệp.")
@click.option("--kiem-tra", "kiem_tra", is_flag=True,
              help="Chỉ kiểm tra chữ ký số của tệp PDF: ai ký, lúc nào, tệp còn nguyên vẹn, chứng thư có tin cậy.")
@du_lieu
@so_van_ban
@_help
def ky_so_cmd(tep: Path, kem_theo: tuple[Path, ...], kiem_tra: bool, du_lieu: Path, so_van_ban: Path | None) -> None:
    from . import app
    if kiem_tra:
        _report_checked(app.check_signed(du_lieu, tep))
        return
    planned = app.to_sign(du_lieu, tep, so_van_ban)  # a draft or a revoked number is refused before any PIN
    secrets = {} if planned.da_ky else {s.role: click.prompt(f"Nhập {s.label}", hide_input=True)
                                        for s in app.secrets_needed(du_lieu)}
    result = app.sign_document(du_lieu, tep, secrets, register=so_van_ban, annexes=list(kem_theo))
    if not result.moi:
        click.echo(f"Văn bản số {result.so_hieu} đã được ký số từ trước; tệp đã ký được giữ nguyên: {result.tep}")
        return
    click.echo(f"Đã ký số văn bản số {result.so_hieu} ({', '.join(result.nguoi_ky)}): {result.tep}")
    for annex in result.kem_theo:
        click.echo(f"Đã ký số tệp kèm theo: {annex}")
    if result.chung_thu_thu:
        click.echo("Lưu ý: đây là chứng thư THỬ NGHIỆM của trường ví dụ, chữ ký không có giá trị pháp lý.")


def _report_checked(checked) -> None:
    from .errors import SigningError
    click.echo(f"{checked.tep}: {len(checked.chu_ky)} chữ ký số")
    for i, c in enumerate(checked.chu_ky, 1):
        when = c.luc.isoformat() if c.luc else "không rõ thời gian"
        if c.dau_thoi_gian:
            when += f" (dấu thời gian: {c.dau_thoi_gian.isoformat()})"
        state = "nguyên vẹn" if c.nguyen_ven and c.phu_ca_tep else "KHÔNG nguyên vẹn"
        trust = "chứng thư tin cậy" if c.tin_cay else "chứng thư CHƯA được tin cậy"
        click.echo(f"  {i}. {c.ten}, ký lúc {when}: {state}; {trust}")
        if c.ghi_chu:
            click.echo(f"     {c.ghi_chu}")
    if not checked.nguyen_ven:
        raise SigningError(f"{checked.tep} đã bị sửa sau khi ký: không dùng tệp này như văn bản đã ký")


@cli.command("the-thuc", help="Kiểm tra thể thức và kỹ thuật trình bày của văn bản Word bất kỳ (.docx, cả .doc) "
             "theo Nghị định 30/2020/NĐ-CP: khổ giấy, lề, phần đầu, số và ngày, tên loại, trích yếu, nội dung, "
             "đánh số mục, phần ký, Nơi nhận, số trang. Mỗi điều sai ghi quy tắc, mức (lỗi, cảnh báo), vị trí và "
             "cách sửa. Trả về 0 khi không thấy gì sai, 1 khi có lỗi hay cảnh báo, 2 khi không đọc được tệp.\n\n"
             "Ví dụ:  vanthu the-thuc ke-hoach.docx\n\n"
             "Sửa:    vanthu the-thuc ke-hoach.docx --sua ke-hoach-da-sua.docx   (tệp gốc không bị sửa)")
@click.argument("tep", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="TỆP.docx...")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (mảng các lỗi).")
@click.option("--sua", type=click.Path(path_type=Path), default=None, metavar="RA.docx",
              help="Ghi một bản đã sửa mọi lỗi sửa được (chỉ với một tệp); liệt kê những lỗi phải sửa tay.")
@_help
def the_thuc_cmd(tep: tuple[Path, ...], as_json: bool, sua: Path | None) -> None:
    import json

    from . import app
    if sua is not None and len(tep) != 1:
        raise click.UsageError("--sua chỉ dùng với một tệp")
    rows: list[dict[str, Any]] = []
    unreadable, wrong = False, False
    for path in tep:
        try:
            report = app.check_format(path)
            if sua is not None:
                fixed = app.fix_format(path, sua)
        except VanthuError as exc:
            unreadable = True
            click.echo(f"Lỗi: {exc}", err=True)
            continue
        wrong = wrong or not report.ok
        rows.extend(f.as_dict() for f in report.findings)
        if not as_json:
            _print_format(report)
            if sua is not None:
                _print_fixed(fixed)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    sys.exit(2 if unreadable else 1 if wrong else 0)


def _print_format(report) -> None:
    if report.ok:
        click.echo(f"{report.tep}: đúng thể thức Nghị định 30, không thấy lỗi.")
        return
    errors = len(report.errors)
    click.echo(f"{report.tep}: {errors} lỗi, {len(report.findings) - errors} cảnh báo"
               + (" (số trang ước tính)" if report.trang_uoc_tinh else ""))
    for f in report.findings:
        mark = "LỖI     " if f.muc == "loi" else "CẢNH BÁO"
        click.echo(f"  {f.so:>2}. {mark} [{f.quy_tac}] {f.vi_tri}")
        click.echo(f"      {f.thong_bao}" + ("" if f.sua_duoc else " (phải sửa tay)"))


def _print_fixed(fixed) -> None:
    click.echo(f"Đã ghi bản sửa: {fixed.ra} ({len(fixed.fixed)} lỗi đã sửa).")
    if fixed.left.findings:
        click.echo(f"Còn {len(fixed.left.findings)} điều phải sửa tay:")
        for f in fixed.left.findings:
            click.echo(f"  - [{f.quy_tac}] {f.vi_tri}: {f.thong_bao}")

def main() -> None:
    _stop_on_term()  # the program's own process only: a caller running the commands keeps its handlers
    cli(prog_name="vanthu")
