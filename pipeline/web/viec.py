"""Long work: its progress (a page and its JSON), and the files the page wrote."""

from __future__ import annotations

from pathlib import Path

from flask import abort, jsonify, render_template, send_from_directory

from .context import state
from .steps import step_hints
from .pages import bp, needs_school, out_dir


@bp.get("/viec/<job_id>")
def viec(job_id: str):
    job = state().jobs.get(job_id)
    if job is None:
        abort(404)
    images = [(label, url) for label, url in job.links if url.endswith((".png", ".jpg"))]
    files = [link for link in job.links if link not in images]
    return render_template("viec.html", job=job, job_id=job_id, images=images, files=files, hints=step_hints(job.steps))


@bp.get("/viec/<job_id>.json")
def viec_json(job_id: str):
    job = state().jobs.get(job_id)
    if job is None:
        abort(404)
    return jsonify(job.as_dict())


@bp.get("/tep/<path:rel>")
@needs_school
def tep(rel: str):
    """A file the page wrote (never anything outside `<data>/out/`)."""
    inline = Path(rel).suffix.lower() in (".png", ".jpg", ".pdf")
    return send_from_directory(out_dir().resolve(), rel, as_attachment=not inline)
