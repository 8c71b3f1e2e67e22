"""The `vanthu` command: Vietnamese words, as the clerk says them. The only module that imports click."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .documents import ke_hoach
from .errors import VanthuError
from .load import DON_VI_FILE, load_model, open_year
from .models import DonVi
from .shipped import write_templates


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

    def main(self, *args, **kwargs):
        # One place turns every expected error into a message; no traceback for the clerk.
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
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


def _usage_message(exc: click.UsageError) -> str:
    if isinstance(exc, click.NoSuchOption):
        return f"không có tùy chọn {exc.option_name}"
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        return f"giá trị không hợp lệ cho {exc.param.opts[0] if exc.param.opts else exc.param.name}: {exc.message}"
    if isinstance(exc, click.MissingParameter):
        return f"thiếu {exc.param.opts[0] if exc.param and exc.param.opts else 'tham số'}"
    return exc.format_message()


HELP = {"help_option_names": ["-h", "--help"]}

du_lieu = click.option("--du-lieu", "du_lieu", type=click.Path(path_type=Path), default="data",
                       metavar="THƯ_MỤC", help="Thư mục dữ liệu của trường (mặc định: data).")
nam = click.option("--nam", type=int, default=None, metavar="NĂM",
                   help="Năm cần làm (mặc định: năm mới nhất có dữ liệu).")
ra = click.option("--ra", type=click.Path(path_type=Path), default="out", metavar="THƯ_MỤC",
                  help="Thư mục ghi văn bản ra (mặc định: out).")
mau = click.option("--mau", type=click.Path(path_type=Path), default="templates", metavar="THƯ_MỤC",
                   help="Thư mục mẫu .docx (mặc định: templates).")


@click.group(cls=Group, context_settings=HELP, help="Soạn văn bản hành chính của nhà trường theo "
             "Nghị định 30/2020/NĐ-CP, từ dữ liệu.")
@click.help_option("-h", "--help", help="Hiện hướng dẫn này.")
def cli() -> None:
    pass


def _help(command):
    return click.help_option("-h", "--help", help="Hiện hướng dẫn này.")(command)


@cli.command("ke-hoach", help="Soạn Kế hoạch của một năm từ data/<năm>/ke-hoach.yaml.\n\n"
             "Ví dụ:  vanthu ke-hoach --nam 2022")
@du_lieu
@nam
@ra
@mau
@_help
def ke_hoach_cmd(du_lieu: Path, nam: int | None, ra: Path, mau: Path) -> None:
    year = open_year(du_lieu, nam)
    out = ke_hoach.render(year, mau, ra)
    click.echo(f"Đã ghi Kế hoạch năm {year.nam} (dự thảo, chưa cấp số): {out}")


@cli.command("kiem-tra", help="Kiểm tra dữ liệu của một năm và mẫu, không ghi gì.\n\n"
             "Ví dụ:  vanthu kiem-tra --nam 2022")
@du_lieu
@nam
@mau
@_help
def kiem_tra_cmd(du_lieu: Path, nam: int | None, mau: Path) -> None:
    year = open_year(du_lieu, nam)
    plan = ke_hoach.check(year, mau)
    click.echo(f"Dữ liệu năm {year.nam} hợp lệ: kế hoạch có {len(plan.data.muc)} mục, "
               f"{len(plan.chi_tieu)} chỉ tiêu, {len(plan.nhiem_vu)} nhiệm vụ theo vai trò.")


@cli.command("mau", help="Dựng lại các mẫu .docx kèm theo từ quy tắc trình bày của "
             "Nghị định 30 và cài đặt `trinh_bay` trong don-vi.yaml.\n\nVí dụ:  vanthu mau")
@du_lieu
@mau
@_help
def mau_cmd(du_lieu: Path, mau: Path) -> None:
    don_vi = load_model(Path(du_lieu) / DON_VI_FILE, DonVi).model
    for path in write_templates(don_vi.trinh_bay, mau):
        click.echo(f"Đã dựng mẫu: {path}")


def main() -> None:
    cli(prog_name="vanthu")
