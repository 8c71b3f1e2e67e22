"""The clerk's web page (`vanthu web`): server-rendered pages over the same core as the command line.

Only this machine reaches it (127.0.0.1), and only with the secret token of the printed address:
the token becomes a cookie, every form carries a CSRF token, uploads are size-limited and kept
inside the data folder, and every error is a Vietnamese message on the page.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode

from flask import Flask, abort, current_app, redirect, render_template, request
from flask.globals import request_ctx
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException
from werkzeug.serving import make_server

from ..errors import VanthuError
from .jobs import Jobs

MAX_UPLOAD_MB = 20
log = logging.getLogger(__name__)


@dataclass
class State:
    """What the running page knows: the school's folder (None until one is set up) and its secrets."""

    data: Path | None
    token: str
    default_folder: Path
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    jobs: Jobs = field(default_factory=Jobs)

    @property
    def cookie(self) -> str:
        # Cookies are per host, not per port: two servers on one machine must not share one.
        return "vanthu-" + hashlib.sha256(self.token.encode()).hexdigest()[:12]


def state(app: Flask | None = None) -> State:
    return (app or current_app).extensions["vanthu"]


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
    app.secret_key = secrets.token_bytes(32)  # signs the one-time messages shown after a redirect
    app.extensions["vanthu"] = State(Path(data) if data else None, token or secrets.token_urlsafe(32),
                                     Path(default_folder or Path.home() / "vanthu"))
    app.before_request(_guard)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(VanthuError, lambda exc: (_page_error(str(exc)), 400))
    app.register_error_handler(Exception, _unexpected)
    app.jinja_env.globals.update(csrf_field=lambda: Markup(
        f'<input type="hidden" name="csrf" value="{state().csrf}">'))
    from . import pages, soan_thao  # noqa: F401 (soan_thao adds the Văn bản pages to the blueprint)
    app.register_blueprint(pages.bp)
    from . import the_thuc
    app.register_blueprint(the_thuc.bp)
    return app


def _guard():
    """The token from the printed address becomes a cookie; without it nothing is served."""
    if request_ctx.url_adapter is None:
        abort(400)  # a host name other than 127.0.0.1 or localhost (TRUSTED_HOSTS): DNS rebinding
    st = state()
    given = request.args.get("token")
    if given is not None:
        if not hmac.compare_digest(given, st.token):
            raise Refused("Mã trong địa chỉ không đúng. Hãy mở trang bằng địa chỉ mà lệnh `vanthu web` đã in.")
        args = urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "token"])
        response = redirect(request.path + (f"?{args}" if args else ""))
        response.set_cookie(st.cookie, st.token, httponly=True, samesite="Strict")
        return response
    if not hmac.compare_digest(request.cookies.get(st.cookie, ""), st.token):
        raise Refused("Trang này chỉ mở được bằng địa chỉ mà lệnh `vanthu web` đã in (có mã bí mật). "
                      "Hãy mở lại địa chỉ đó.")
    if request.method == "POST" and not hmac.compare_digest(request.form.get("csrf", ""), st.csrf):
        raise Refused("Biểu mẫu này không đến từ trang vanthu đang chạy, hoặc đã cũ (vanthu đã khởi động lại). "
                      "Hãy tải lại trang rồi gửi lại.")


def _page_error(message: str) -> str:
    if request_ctx.url_adapter is None:  # a refused host name: no page with links can be built
        return f'<!doctype html><html lang="vi"><meta charset="utf-8"><p role="alert">{escape(message)}</p></html>'
    return render_template("loi.html", message=message)


def _http_error(exc: HTTPException):
    message = getattr(exc, "message", None) or HTTP_MESSAGES.get(exc.code or 500, "Yêu cầu không thực hiện được.")
    return _page_error(message), exc.code or 500


def _unexpected(exc: Exception):
    log.exception("unexpected error on %s", request.path)
    return _page_error("Có lỗi ngoài dự kiến trong vanthu; thao tác vừa rồi không được thực hiện. Dữ liệu của "
                       "trường không bị ghi dở. Nếu lỗi lặp lại, hãy báo lỗi kèm những gì vừa làm."), 500


def serve(data: Path | None, port: int = 0, open_browser: bool = True, say: Callable[[str], None] = print) -> None:
    """Serve on 127.0.0.1 until Ctrl-C; `port` 0 takes a free one. Prints the address with its token."""
    if not 0 <= port <= 65535:
        raise VanthuError(f"cổng {port} không hợp lệ; cần một số từ 1 đến 65535 (0: tự chọn cổng trống)")
    app = create_app(data)
    try:
        server = make_server("127.0.0.1", port, app, threaded=True)
    except OSError as exc:
        raise VanthuError(f"không mở được cổng {port} ({exc.strerror}); chọn cổng khác bằng --cong, "
                          "hoặc bỏ --cong để tự chọn") from None
    url = f"http://127.0.0.1:{server.port}/?token={state(app).token}"
    say(f"Trang làm việc của vanthu: {url}")
    say("Chỉ máy này mở được trang. Dừng: Ctrl-C.")
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        say("Đã dừng trang làm việc.")
    finally:
        server.server_close()

