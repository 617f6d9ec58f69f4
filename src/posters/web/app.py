"""The studio web app: routes only, over a Workspace and the build's make_output.

The preview routes here are GETs and read nothing but the project the server
was started on; the studio's edit routes (POST, JSON only) and its event
stream live in `studio_routes`. An output is named by edition, layout, language and message, checked by
the Workspace against the loaded project; an unknown name is a 404 with a
plain message, a broken layout is a readable message in the page, and an
unexpected failure is a short message, never a traceback.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from posters import names
from posters.errors import InputError
from posters.verify.report import CHECK_NAMES
from posters.web.workspace import NotFound, Refused, Workspace, failed, pdf_of

PREVIEW_WIDTH_PX = 1400  # sharp on high-density screens, still well under a second to draw
PREVIEW_WIDTHS = (700, 1000, PREVIEW_WIDTH_PX)  # the studio asks for the smallest that is sharp at its zoom
_ELEMENT_KEY = re.compile(r"\((pages\[\d+\]\.elements\[\d+\])\)")
STATIC = {  # name -> media type; served from the package, never from a request path
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
}
SECURITY_HEADERS = {
    # the page needs nothing from elsewhere: print teams may be offline, and nothing should leak out
    "content-security-policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def _static(name: str) -> bytes:
    return resources.files("posters.web").joinpath("static", name).read_bytes()


def _problem(p, root: Path | None = None) -> dict:
    d = {"file": p.file, "key": p.key, "message": p.message, "hint": p.hint, "severity": p.severity}
    if root is not None and p.severity == "error":
        from posters.web.studio import source_of

        d["source"] = source_of(root, p)  # the offending line, for the page to highlight
    return d


def _query(job) -> str:
    return urlencode({"edition": job.edition, "layout": job.format, "lang": job.lang, "message": job.message})


class _Headers:
    """Adds the security headers to every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _HostGuard:
    """Answers only requests for this server by a name it knows, and changes nothing for another site.

    DNS rebinding points an attacker's own name at this machine, so a page of theirs in the
    designer's browser would reach the studio as its own site: a request is answered only when
    its Host is one of `names` (the machine's, loopback's, any the designer allowed) or an IP
    address, which no one can rebind. A request that changes something (not GET or HEAD) and
    says it comes from another origin is refused as well."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, app, names: list[str]):
        self.app = app
        self.names = {n.lower().strip("[]").removesuffix(".") for n in names}

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if not self._known(host):
            status, why = 400, "Invalid host header: this server answers only by its own names (see posters serve --allow-host)"
        elif scope.get("method", "GET") not in self.SAFE and "origin" in headers and not _same_origin(headers["origin"], host):
            status, why = 403, "a change requested by another site is refused"
        else:
            return await self.app(scope, receive, send)
        from starlette.responses import PlainTextResponse

        await PlainTextResponse(why, status_code=status)(scope, receive, send)

    def _known(self, host: str) -> bool:
        import ipaddress

        name = _host_name(host)
        if not name:
            return False
        if name in self.names:
            return True
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return False


def _host_name(host: str) -> str:
    """The name or address of a Host header, without its port ('[::1]:8000' -> '::1') or the final dot
    of a fully qualified name ('localhost.:8000' -> 'localhost': the same name, as a browser may send it)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name[:-1] if name.endswith(".") and not name.endswith("..") else name


def _same_origin(origin: str, host: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc.lower() == host.strip().lower()
    except ValueError:
        return False


class _Routes:
    """The endpoints, over one Workspace: each reads the request's names, asks the
    Workspace, and answers with JSON, a picture, a file or a readable error."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.pages = {name: _static(name) for name in STATIC}

    def static(self, name: str):
        def endpoint(request: Request) -> Response:
            return Response(self.pages[name], media_type=STATIC[name], headers={"cache-control": "no-cache"})

        return endpoint

    def job_of(self, request: Request):
        self.ws.refresh()
        return self.ws.job(*(_param(request, name) for name in ("edition", "layout", "lang", "message")))

    def version(self, request: Request) -> JSONResponse:
        return JSONResponse({"version": self.ws.refresh()})

    def project(self, request: Request) -> JSONResponse:
        v = self.ws.refresh()
        p = self.ws.project
        if p is None:
            return JSONResponse({"version": v, "ok": False, "problems": [_problem(x, self.ws.root) for x in self.ws.load_problems]})
        return JSONResponse(
            {
                "version": v,
                "ok": True,
                "root": p.root.name,
                "editions": [{"slug": e.slug, "name": e.name, "languages": e.languages} for e in p.editions],
                "layouts": [
                    {
                        "format": lay.format,
                        "name": lay.name,
                        "profile": lay.profile,
                        "file": lay.file,
                        "trim_mm": list(lay.trim_mm),
                        "size_px": list(lay.size_px) if lay.size_px else None,
                        "messages": list(lay.messages),
                        "editions": list(lay.editions),  # built for these only (empty: all)
                        "languages": list(lay.languages),
                        # added or changed since the server started: its hardest cases, to be shown first
                        "hardest": [{"job": {"edition": j.edition, "layout": j.format, "lang": j.lang, "message": j.message}, "label": j.label, "why": why} for j, why in self.ws.hardest(lay.format)],
                    }
                    for lay in p.layouts
                ],
                "check_names": CHECK_NAMES,
                "languages": dict(p.campaign.language_names),
                "messages": dict(p.campaign.messages),
                "problems": [_problem(x, self.ws.root) for probs in p.layout_problems.values() for x in probs] + [_problem(w) for w in p.warnings],
            }
        )

    def output(self, request: Request) -> JSONResponse:
        try:
            job = self.job_of(request)
        except NotFound as exc:
            # a layout (or the project) that cannot be read: the error, and beside it what it last looked like
            return _error(request, 404, exc.message, exc.hint, exc.problems, extra={"last_good": self._last_good(request)})
        out = self.ws.output(job, wait_for_checks=False)  # a studio edit is shown first, its checks follow
        lay = self.ws.project.layout(job.format)
        body = {
            "version": self.ws.version,
            "job": {"edition": job.edition, "layout": job.format, "lang": job.lang, "message": job.message},
            "title": f"{self.ws.project.edition(job.edition).name}: {lay.name}, {job.lang}, {job.message}",
            "profile": lay.profile,
            "size_px": list(lay.size_px) if lay.size_px else None,
            "problems": [_problem(p, self.ws.root) for p in out.problems],
            "checks": [],
            "pages": [],
            "downloads": [],
        }
        if out.made is None:
            body["last_good"] = self._last_good(request)
            return JSONResponse(body)
        q = _query(job)
        body["geometry"] = guides(lay)
        body["checks"] = [_finding(f) for f in out.made.findings]
        body["checks_ran"] = list(getattr(out.made, "checks", None) or [])
        body["checks_pending"] = not out.checked
        body["pages"] = [
            {"name": pg.name, "preview": f"/preview?{q}&page={i}&v={self.ws.version}", "elements": [_element(p) for p in pg.elements]}
            for i, pg in enumerate(out.made.plan.pages)
        ]
        if not out.checked:
            # just edited in the studio: drawn first, checked a moment later (an event says when)
            body["downloads_withheld"] = "checking the edited output; downloads follow when the checks have run"
            return JSONResponse(body)
        if failed(out.made):
            # a file that fails a check is never handed out, here as in the build
            body["downloads_withheld"] = "this output fails a check (see the errors): there is nothing to download until it is fixed"
            return JSONResponse(body)
        body["downloads"].append({"kind": "pdf", "label": "PDF", "file": pdf_name(out.made), "url": f"/download/pdf?{q}"})
        for i, name in enumerate(n for n in out.made.files if n.endswith(".png")):
            body["downloads"].append({"kind": "png", "label": "PNG" + (f" {i + 1}" if len(out.made.plan.pages) > 1 else ""), "file": name, "url": f"/download/png?{q}&page={i}"})
        body["downloads"].append({"kind": "pack", "label": "Force pack", "file": f"{job.edition}.zip", "url": f"/download/pack?{urlencode({'edition': job.edition})}"})
        return JSONResponse(body)

    def hardest(self, request: Request) -> JSONResponse:
        """The hardest cases of a new or changed layout, each made and checked, with its verdict."""
        self.ws.refresh()
        self.ws.require_project()
        fmt = _param(request, "layout")
        if not fmt or not any(lay.format == fmt for lay in self.ws.project.layouts):
            raise NotFound(f"unknown layout {fmt!r}" if fmt else "no layout chosen", "choose a layout of the project")
        return JSONResponse({"version": self.ws.version, "layout": fmt, "new_or_changed": self.ws.is_new_or_changed(fmt), "cases": self.ws.try_hardest(fmt)})

    def _names(self, request: Request) -> tuple:
        return tuple(_param(request, name) for name in ("edition", "layout", "lang", "message"))

    def _last_good(self, request: Request) -> dict | None:
        """The output these names last made without an error: pages to look at, no downloads."""
        try:
            self.ws.refresh()
        except Exception:  # noqa: BLE001 - only the error itself is shown then
            return None
        hit = self.ws.last_good(*self._names(request))
        if hit is None:
            return None
        version, out = hit
        made = out.made
        q = urlencode({k: v for k, v in zip(("edition", "layout", "lang", "message"), self._names(request)) if v})
        return {
            "version": version,
            "title": made.plan.title,
            "geometry": guides(made.plan.layout),
            "pages": [{"name": pg.name, "preview": f"/preview/last-good?{q}&page={i}&v={version}"} for i, pg in enumerate(made.plan.pages)],
        }

    def preview_last_good(self, request: Request) -> Response:
        self.ws.refresh()
        hit = self.ws.last_good(*self._names(request))
        if hit is None:
            raise NotFound("there is no earlier good preview of this output", "fix the file; the page updates by itself.")
        page = self._page(request, len(hit[1].made.plan.pages))
        return Response(self.ws.good_preview_png(hit, page, _width(request)), media_type="image/png", headers={"cache-control": "no-cache"})

    def _made(self, request: Request):
        job = self.job_of(request)
        out = self.ws.output(job)
        if out.made is None:
            first = out.problems[0]
            raise NotFound(f"{job.label} cannot be made: {first.file}: {first.key}: {first.message}", first.hint)
        return job, out.made

    def _page(self, request: Request, count: int) -> int:
        raw = request.query_params.get("page") or "0"
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 4):  # '²' and '٣' are digits to str.isdigit, not to int()
            raise BadRequest(f"page {raw[:20]!r} is not a page number", f"pages are numbered 0 to {count - 1}")
        if int(raw) >= count:
            raise NotFound(f"no page {raw!r}", f"pages are numbered 0 to {count - 1}")
        return int(raw)

    def preview(self, request: Request) -> Response:
        job, made = self._made(request)
        page = self._page(request, len(made.plan.pages))
        png = self.ws.preview_png(job, page, _width(request))
        # a picture named by the version it shows never changes, so the studio may fetch it ahead
        fixed = request.query_params.get("v") == self.ws.version
        return Response(png, media_type="image/png", headers={"cache-control": "private, max-age=600" if fixed else "no-cache"})

    def _deliverable(self, request: Request):
        job, made = self._made(request)
        if failed(made):
            first = next(f for f in made.findings if f.severity == "error")
            raise Refused(f"{job.label} fails a check and is not offered for download (not for print): [{first.check}] {first.message}", first.hint or "fix the layout or data; the page updates by itself.")
        return job, made

    def download_pdf(self, request: Request) -> Response:
        job, made = self._deliverable(request)
        return _attachment(pdf_of(made), pdf_name(made), "application/pdf")

    def download_png(self, request: Request) -> Response:
        job, made = self._deliverable(request)
        pngs = [(n, d) for n, d in made.files.items() if n.endswith(".png")]
        if not pngs:
            raise NotFound(f"{job.format} is a print layout; it has no PNG", "choose a screen layout for PNG files")
        name, data = pngs[self._page(request, len(pngs))]
        return _attachment(data, name, "image/png")

    def download_pack(self, request: Request) -> Response:
        self.ws.refresh()
        ed = self.ws.edition(_param(request, "edition"))
        try:
            name, data = self.ws.pack(ed.slug)
        except InputError as exc:
            first = exc.problems[0]
            return _error(request, 409, f"the {ed.name} force pack cannot be made: {first.file}: {first.message}", first.hint, exc.problems)
        return _attachment(data, name, "application/zip")


def create_app(root: Path, allowed_hosts: list[str] | None = None) -> Starlette:
    """The app for the project at `root`. `allowed_hosts`: the names it answers by (see _HostGuard)."""
    r = _Routes(Workspace(root))
    routes = [Route("/", r.static("index.html"))]
    routes += [Route(f"/{n}", r.static(n)) for n in STATIC if n != "index.html"]
    routes += [
        Route("/api/version", r.version),
        Route("/api/project", r.project),
        Route("/api/output", r.output),
        Route("/api/hardest", r.hardest),
        Route("/preview", r.preview),
        Route("/preview/last-good", r.preview_last_good),
        Route("/download/pdf", r.download_pdf),
        Route("/download/png", r.download_png),
        Route("/download/pack", r.download_pack),
    ]
    from posters.web.studio_routes import studio_routes

    extra, studio = studio_routes(r.ws, r.job_of)
    routes += extra
    middleware = [Middleware(_Headers)]
    if allowed_hosts:
        middleware.append(Middleware(_HostGuard, names=allowed_hosts))
    handlers = {NotFound: _not_found, BadRequest: _bad_request, HTTPException: _http_error, Exception: _internal_error}
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=handlers)
    app.state.workspace = r.ws
    app.state.studio = studio
    return app


def guides(layout) -> dict:
    """Trim, bleed and safe-zone boxes in mm from the page's top-left corner, for the page to draw.

    The page geometry is the plan's, so the guides sit exactly where the PDF
    puts its trim and bleed boxes.
    """
    from posters.plan.geometry import PageGeometry

    g = PageGeometry.of(layout)
    tw, th = layout.trim_mm  # layout (full-size) units; the geometry scales them onto the page
    b, s = layout.bleed_mm, layout.safe_mm
    return {
        "media": list(g.media),
        "trim": list(g.from_page_top(0, 0, tw, th)),
        "bleed": list(g.from_page_top(-b, -b, tw + 2 * b, th + 2 * b)),
        "safe": list(g.from_page_top(s, s, tw - 2 * s, th - 2 * s)),
        "bleed_mm": b,
        "safe_mm": s,
    }


def _element(placed) -> dict:
    """What the page shows, as its element kind describes it: where it is, in
    words, and which of its layout keys may be edited."""
    from posters.elements.base import REGISTRY

    kind = REGISTRY[placed.kind]
    b = placed.box
    return {"kind": kind.name, "key": placed.key, "box_mm": [b.x, b.y, b.w, b.h], "what": kind.describe(placed), "editable": list(kind.editable)}


def _width(request: Request) -> int:
    raw = request.query_params.get("w", str(PREVIEW_WIDTH_PX))
    return int(raw) if raw.isdigit() and int(raw) in PREVIEW_WIDTHS else PREVIEW_WIDTH_PX


def _finding(f) -> dict:
    """A finding, with the element it names (if it names one) so the studio can draw it there."""
    d = f.as_dict()
    m = _ELEMENT_KEY.search(f.message)
    d["key"] = m.group(1) if m else None
    return d


def pdf_name(made) -> str:
    return next(n for n in made.files if n.endswith(".pdf"))


def _attachment(data: bytes, filename: str, media_type: str) -> Response:
    # file names come from validated slugs and formats only, so they need no quoting beyond this
    return Response(data, media_type=media_type, headers={"content-disposition": f'attachment; filename="{filename}"'})


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str, hint: str, problems=(), extra: dict | None = None) -> Response:
    if _wants_json(request):
        root = request.app.state.workspace.root
        return JSONResponse({"error": message, "hint": hint, "problems": [_problem(p, root) for p in problems], **(extra or {})}, status_code=status)
    from posters.html_pages import render

    return HTMLResponse(render("error.html", message=message[:1].upper() + message[1:], hint=hint), status_code=status)


class BadRequest(Exception):
    """A query parameter that cannot name anything: answered 400, never looked up."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


# what each query parameter may look like (the same patterns the project's names follow)
_PARAMS = {"edition": names.SLUG, "layout": names.SLUG, "message": names.SLUG, "lang": names.LANGUAGES}


def _param(request: Request, name: str) -> str | None:
    """One query parameter, checked by shape before anything looks it up; absent is None."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise BadRequest(f"{name} is given {len(values)} times", f"give {name} once")
    value = values[0]
    if not value:  # the page sends an empty parameter for "not chosen"
        return None
    if len(value) > names.MAX_NAME or not _PARAMS[name].match(value):
        raise BadRequest(f"{name} {value[:40]!r} is not a name the project could have", "use the links on the preview page")
    return value


async def _bad_request(request: Request, exc: BadRequest) -> Response:
    return _error(request, 400, exc.message, exc.hint)


async def _not_found(request: Request, exc: NotFound) -> Response:
    return _error(request, 409 if isinstance(exc, Refused) else 404, exc.message, exc.hint, exc.problems)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code == 404:
        return _error(request, 404, f"there is no page at {request.url.path}", "start from the preview page")
    return _error(request, exc.status_code, str(exc.detail), "")


async def _internal_error(request: Request, exc: Exception) -> Response:
    return _error(request, 500, f"internal error: {type(exc).__name__}: {exc}", "please report this with the file you were editing")
