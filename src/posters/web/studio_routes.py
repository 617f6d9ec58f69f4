"""The studio's routes: the plan of an output, edits, undo/redo, and the event stream.

Edits are POSTs with a JSON body naming the output (edition, layout, lang,
message) and the edit; they answer with the new version or a refusal in plain
words (409). After an edit the edited output is drawn first and announced on
the event stream at once; its checks follow in a second event when they have run.
The event stream also announces changes made to the files by any other program.
"""

from __future__ import annotations

import asyncio
import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from posters.web.studio import Refused, Studio
from posters.web.toml_edit import EditError
from posters.web.workspace import NotFound, fingerprint

STREAM_SECONDS = 25  # a stream ends by itself so a stopping server never waits on it; the browser reconnects
WATCH_SECONDS = 0.25  # how often a stream looks for changes made by other programs (a few stat calls)
MAX_BODY = 64_000


class Hub:
    """Subscribers of the event stream, each an asyncio queue on the server's loop."""

    def __init__(self):
        self.queues: set[asyncio.Queue] = set()

    def publish(self, event: str, data: dict) -> None:
        for q in list(self.queues):
            q.put_nowait((event, data))


def _problem(p) -> dict:
    return {"file": p.file, "key": p.key, "message": p.message, "hint": p.hint, "severity": p.severity}


def studio_routes(ws, job_of) -> tuple[list[Route], Studio]:
    studio = Studio(ws)
    hub = Hub()

    def plan(request: Request) -> JSONResponse:
        job = job_of(request)
        out = ws.output(job, wait_for_checks=False)
        if out.made is None:
            return JSONResponse({"version": ws.version, "pages": [], "problems": [_problem(p) for p in out.problems]})
        return JSONResponse({"version": ws.version, "pages": studio.elements(job, out.made), "problems": []})

    async def _body(request: Request) -> dict:
        # read in pieces and stop past the limit: a 50 MB body is refused without being held
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_BODY:
                raise Refused(f"the edit is too large (over {MAX_BODY // 1000} kB)", "an edit is one box or one line of text; reload the page and try again")
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            raise Refused("the edit is not JSON") from None
        if not isinstance(body, dict):
            raise Refused("the edit must be a JSON object")
        return body

    async def _answer(request: Request, work) -> JSONResponse:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            # a form on another site cannot send JSON without the browser asking first
            return JSONResponse({"error": "edits are sent as application/json", "hint": ""}, status_code=415)
        try:
            body = await _body(request)
            change = await run_in_threadpool(work, body)
        except (Refused, EditError) as exc:
            return JSONResponse({"error": exc.message, "hint": exc.hint, "problems": [_problem(p) for p in getattr(exc, "problems", [])]}, status_code=409)
        hub.publish("update", {"version": ws.version, "files": sorted(change.files), "label": change.label, "job": _job(change.job)})
        asyncio.get_running_loop().create_task(_finish_checks(change.job))
        return JSONResponse({"ok": True, "version": ws.version, "files": sorted(change.files), "label": change.label, "undo": len(studio.history.done), "redo": len(studio.history.undone)})

    async def _finish_checks(job) -> None:
        version = ws.version
        # the preview goes first: the checks and the drawing share the PDF engine, one at a time
        out = ws.cached(job)
        for _ in range(50):
            if out is None or out.previews:
                break
            await asyncio.sleep(0.02)
        try:
            await run_in_threadpool(ws.check, job)
        except Exception:  # the next request makes the output again and reports what went wrong
            return
        if ws.version == version:
            hub.publish("checks", {"version": version, "job": _job(job)})

    def _job_from(body: dict):
        names = [body.get(k) for k in ("edition", "layout", "lang", "message")]
        for k, v in zip(("edition", "layout", "lang", "message"), names):
            if v is not None and not isinstance(v, str):  # a list or object here is no name
                raise Refused(f"{k} must be a name (text), not {type(v).__name__}", "edit from the studio page, which names the output it shows")
        ws.refresh()
        return ws.job(*names)

    async def edit(request: Request) -> JSONResponse:
        return await _answer(request, lambda body: studio.edit(_job_from(body), body))

    async def undo(request: Request) -> JSONResponse:
        return await _answer(request, lambda body: studio.undo())

    async def redo(request: Request) -> JSONResponse:
        return await _answer(request, lambda body: studio.redo())

    def history(request: Request) -> JSONResponse:
        return JSONResponse({"undo": [c.label for c in studio.history.done], "redo": [c.label for c in studio.history.undone]})

    async def events(request: Request) -> StreamingResponse:
        q: asyncio.Queue = asyncio.Queue()
        hub.queues.add(q)

        async def stream():
            seen = ws.version
            loop = asyncio.get_running_loop()
            end = loop.time() + STREAM_SECONDS
            try:
                yield f"retry: 500\nevent: hello\ndata: {json.dumps({'version': seen})}\n\n"
                while loop.time() < end:
                    try:
                        event, data = await asyncio.wait_for(q.get(), WATCH_SECONDS)
                        seen = data.get("version", seen)
                        yield f"event: {event}\ndata: {json.dumps(data)}\n\n"
                    except asyncio.TimeoutError:
                        now = await run_in_threadpool(fingerprint, ws.root)
                        if now != seen:  # a save from a text editor, or a file added or removed
                            seen = now
                            yield f"event: changed\ndata: {json.dumps({'version': now})}\n\n"
            finally:
                hub.queues.discard(q)

        return StreamingResponse(stream(), media_type="text/event-stream", headers={"cache-control": "no-cache"})

    routes = [
        Route("/api/plan", plan),
        Route("/api/edit", edit, methods=["POST"]),
        Route("/api/undo", undo, methods=["POST"]),
        Route("/api/redo", redo, methods=["POST"]),
        Route("/api/history", history),
        Route("/api/events", events),
    ]
    return routes, studio


def _job(job) -> dict:
    return {"edition": job.edition, "layout": job.format, "lang": job.lang, "message": job.message}


__all__ = ["studio_routes", "Hub", "NotFound"]
