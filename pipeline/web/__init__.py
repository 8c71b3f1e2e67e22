"""The clerk's web page (`vanthu web`): server-rendered pages over the same core as the command line.

Only this machine reaches it (127.0.0.1), and only with the secret token of the printed address:
the token becomes a cookie, every form carries a CSRF token, uploads are size-limited and kept
inside the data folder, and every error is a Vietnamese message on the page.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import signal
import socket
import threading
import webbrowser
from datetime import date
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode

from flask import Flask, abort, redirect, render_template, request
from flask.globals import request_ctx
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException
from werkzeug.serving import make_server

from .. import vn
from ..app import Do, School, Step, WebAddress, keep_web_address, web_address
from ..errors import VanthuError
from .context import State, same, state
from .preview import can_preview as preview_possible

MAX_UPLOAD_MB = 20
_STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
log = logging.getLogger(__name__)


class BugReport(logging.Handler):
    """A bug of the page (logged by `_unexpected` and the background jobs): its traceback appended to
    a log file for whoever fixes it, one Vietnamese line in the terminal of `vanthu web`."""

    def __init__(self, say: Callable[[str], None], path: Path):
        super().__init__(logging.ERROR)
        self.say, self.path = say, path
        self.setFormatter(logging.Formatter("%(asctime)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as log_file:
                log_file.write(self.format(record) + "\n")
            where = f"; chi tiết để báo lỗi đã ghi vào {self.path}"
        except OSError:
            where = ""
        self.say(f"Có lỗi ngoài dự kiến trên trang, thao tác đó không được thực hiện{where}.")


def report_bugs(say: Callable[[str], None], path: Path | None = None) -> BugReport:
    """Route the page's bugs to a log file and one line for the clerk (never a traceback on screen)."""
    import platformdirs
    handler = BugReport(say, path or platformdirs.user_log_path("vanthu") / "loi-trang.log")
    logger = logging.getLogger(__package__)
    for old in [h for h in logger.handlers if isinstance(h, BugReport)]:
        logger.removeHandler(old)
    logger.addHandler(handler)
    logger.propagate = False
    return handler


class Refused(HTTPException):
    """A request without the page's token or CSRF token."""

    code = 403

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


HTTP_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    404: "Không có trang này.",
    405: "Trang này không nhận cách gửi đó.",
    413: f"Tệp tải lên quá lớn: tối đa {MAX_UPLOAD_MB} MB mỗi lần gửi.",
}


def create_app(data: Path | None, token: str | None = None, default_folder: Path | None = None) -> Flask:
    """The application for one school folder (None: the first page sets a school up)."""
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_UPLOAD_MB * 1024 * 1024,
                      TRUSTED_HOSTS=["127.0.0.1", "localhost"], TEMPLATES_AUTO_RELOAD=False)
    kept = None if token else web_address(data if data and School.is_school(data) else None)
    if kept is not None:
        token = kept.token
    assert token is not None  # given, or the one kept
    app.extensions["vanthu"] = State(Path(data) if data else None, token,
                                     Path(default_folder or Path.home() / "vanthu"), kept.port if kept else None)
    # Signs the one-time messages and the chosen year; from the token, so that both survive a restart.
    app.secret_key = hashlib.sha256(b"vanthu-phien:" + state(app).token.encode()).digest()
    app.before_request(_guard)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(VanthuError, lambda exc: (_page_error(str(exc), exc.steps), 400))
    app.register_error_handler(Exception, _unexpected)
    app.jinja_env.filters["ngay"] = _shown_date
    app.jinja_env.globals.update(csrf_field=lambda: Markup(
        f'<input type="hidden" name="csrf" value="{state().csrf}">'))
    from . import ky_so, nam, pages, phan_cong, so_van_ban, truong, tron, van_ban, viec  # noqa: F401 (each adds its pages)
    app.register_blueprint(pages.bp)
    from . import the_thuc
    app.register_blueprint(the_thuc.bp)
    return app


def _shown_date(value) -> str:
    """A date as every page shows it, dd/mm/yyyy whatever the browser's language; None as nothing."""
    return vn.ngay_ngan(value) if isinstance(value, date) else (value or "")


def _guard():
    """The token from the printed address becomes a cookie; without it nothing is served."""
    if request_ctx.url_adapter is None:
        abort(400)  # a host name other than 127.0.0.1 or localhost (TRUSTED_HOSTS): DNS rebinding
    st = state()
    given = request.args.get("token")
    if given is not None:
        if not same(given, st.token):
            raise Refused("Mã trong địa chỉ không đúng. Hãy mở trang bằng địa chỉ mà lệnh `vanthu web` đã in.")
        args = urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "token"])
        response = redirect(request.path + (f"?{args}" if args else ""))
        response.set_cookie(st.cookie, st.token, httponly=True, samesite="Strict")
        return response
    if not same(request.cookies.get(st.cookie, ""), st.token):
        raise Refused("Trang này chỉ mở được bằng địa chỉ mà lệnh `vanthu web` đã in (có mã bí mật). "
                      "Hãy mở lại địa chỉ đó.")
    if request.method == "POST" and not same(request.form.get("csrf", ""), st.csrf):
        raise Refused("Biểu mẫu này không đến từ trang vanthu đang chạy, hoặc đã cũ (vanthu đã khởi động lại). "
                      "Hãy tải lại trang rồi gửi lại.")


def _page_error(message: str, steps=()) -> str:
    if request_ctx.url_adapter is None:  # a refused host name: no page with links can be built
        return f'<!doctype html><html lang="vi"><meta charset="utf-8"><p role="alert">{escape(message)}</p></html>'
    from .steps import step_hints
    return render_template("loi.html", message=message, hints=step_hints(steps))


def _http_error(exc: HTTPException):
    message = getattr(exc, "message", None) or HTTP_MESSAGES.get(exc.code or 500, "Yêu cầu không thực hiện được.")
    return _page_error(message), exc.code or 500


def _unexpected(exc: Exception):
    log.exception("unexpected error on %s", request.path)
    return _page_error("Có lỗi ngoài dự kiến trong vanthu; thao tác vừa rồi không được thực hiện. Dữ liệu của "
                       "trường không bị ghi dở. Nếu lỗi lặp lại, hãy báo lỗi kèm những gì vừa làm."), 500


def _bind(app: Flask, port: int, fallback: bool):
    """The server on `port`; the port kept from last time may be taken meanwhile: then any free one.
    (werkzeug exits the process, in English, on a taken port: it is tried first.)"""
    if port and not _free(port):
        if not fallback:
            raise OSError(errno.EADDRINUSE, "cổng đang được chương trình khác dùng")
        port = 0
    return make_server("127.0.0.1", port, app, threaded=True)


def _free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def serve(data: Path | None, port: int = 0, open_browser: bool = True, say: Callable[[str], None] = print) -> None:
    """Serve on 127.0.0.1 until Ctrl-C; `port` 0 takes a free one. Prints the address with its token."""
    if not 0 <= port <= 65535:
        raise VanthuError(f"cổng {port} không hợp lệ; cần một số từ 1 đến 65535 (0: tự chọn cổng trống)")
    app = create_app(data)
    report_bugs(say)
    st = state(app)
    try:
        server = _bind(app, port or st.port or 0, fallback=not port)
    except OSError as exc:
        raise VanthuError(f"không mở được cổng {port} ({exc.strerror}); chọn cổng khác, hoặc để tự chọn cổng trống",
                          [Step(Do.CHOOSE_PORT)]) from None
    st.port = server.port
    if st.data and School.is_school(st.data):
        keep_web_address(st.data, WebAddress(st.token, st.port))
    url = f"http://127.0.0.1:{server.port}/?token={state(app).token}"
    say(f"Trang làm việc của vanthu: {url}")
    say("Chỉ máy này mở được trang. Dừng: Ctrl-C.")
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    if preview_possible():
        st.pdfs.warm_up()  # LibreOffice ready before the first preview
    try:  # SIGTERM and SIGHUP arrive as Ctrl-C (cli.main), so this ends the warm LibreOffice too
        server.serve_forever()
    except KeyboardInterrupt:
        say("Đã dừng trang làm việc.")
    finally:
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)  # a second Ctrl-C must not leave LibreOffice behind
        try:
            server.server_close()
            st.pdfs.close()
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
