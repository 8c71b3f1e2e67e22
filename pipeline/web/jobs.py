"""Long work (a batch, a PDF) in a background thread, with progress a page can poll."""

from __future__ import annotations

import logging
import secrets
import contextlib
import threading
from dataclasses import dataclass, field
from typing import Callable

from flask import current_app, has_app_context

from ..errors import VanthuError

log = logging.getLogger(__name__)
RUNNING, DONE, FAILED = "dang-chay", "xong", "loi"


@dataclass
class Job:
    title: str
    state: str = RUNNING
    done: int = 0
    total: int = 0
    step: str = ""
    error: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url) once done
    back: str = "/"                                               # the page the work was started from
    then: list[tuple[str, str]] = field(default_factory=list)     # what to do next, once done
    warnings: list[str] = field(default_factory=list)             # what the core warned of (a line that wraps)
    steps: list = field(default_factory=list)                     # what the core says to do after an error

    def warn(self, warnings: list[str]) -> None:
        self.warnings += [w for w in warnings if w not in self.warnings]

    def progress(self, done: int | None = None, total: int | None = None, step: str | None = None) -> None:
        self.done = self.done + 1 if done is None else done
        self.total = total if total is not None else self.total
        self.step = step if step is not None else self.step

    def as_dict(self) -> dict:
        return {"trang_thai": self.state, "xong": self.done, "tong": self.total, "buoc": self.step,
                "loi": self.error, "canh_bao": self.warnings, "ket_qua": [{"nhan": label, "url": url} for label, url in self.links]}


Work = Callable[[Job], list[tuple[str, str]]]


class Jobs:
    """The jobs of one running page, by id."""

    def __init__(self):
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, title: str, work: Work, back: str = "/", then: list[tuple[str, str]] | None = None) -> str:
        """Run `work(job)` in a thread; it reports progress on the job and returns the links to its results."""
        job_id = secrets.token_hex(8)
        job = Job(title, back=back, then=then or [])
        with self._lock:
            self._jobs[job_id] = job
        # The page's own things (its warm LibreOffice, …) stay reachable from the thread.
        context = current_app.app_context() if has_app_context() else contextlib.nullcontext()
        threading.Thread(target=self._run, args=(job, work, context), daemon=True, name=f"vanthu-viec-{job_id}").start()
        return job_id

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    @staticmethod
    def _run(job: Job, work: Work, context: contextlib.AbstractContextManager) -> None:
        try:
            with context:
                job.links = work(job)
            job.state = DONE
        except VanthuError as exc:
            job.error, job.steps, job.state = str(exc), exc.steps, FAILED
        except Exception:  # a bug: logged for the developer, a plain message for the clerk
            log.exception("background job %r failed", job.title)
            job.error = "Có lỗi ngoài dự kiến trong vanthu; việc này không hoàn thành. Dữ liệu của trường không bị ghi dở."
            job.state = FAILED
