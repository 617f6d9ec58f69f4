"""The bad-input corpus: every case in tests/bad_inputs/ breaks a private copy
of the real project in one way, runs the real `posters build`, and checks
what a user would see: the exit code, one error naming the file and key with
a hint, no traceback, nothing half-written, and no output for what broke.

A case is a folder with `case.toml`:

    about = "what is wrong"
    args = [...]           # build arguments (default: DEFAULT_ARGS)
    exit = 1               # 2 for command-line usage errors
    subprocess = false     # true: run `python -m posters` as a user would
    [expect]
    file = "layouts/a4-poster.toml"   # "" for usage errors
    key = "trim_mm"                   # "" when the whole file is wrong
    message = "fragment of the message"
    hint = "fragment of the hint"     # optional; a hint line is always required
    severity = "warning"              # optional: expect a warning line instead of an error
    absent = ["*/a4-poster.*.pdf"]    # globs under the output folder that must not exist
    present = ["lancashire/a3-poster.self.en.pdf"]  # outputs that must still be built
    [[patch]]   file, find, replace   # text replacement in a project file (find must occur)
    [[write]]   path, text | from (a file in the case folder) | encoding
    [[symlink]] path, target
    [[delete]]  path
    [[fifo]]    path                  # a named pipe: reading it would hang the build

In texts and targets, @@OUTSIDE@@ is a folder outside the project copy,
@@LISTEN@@ is host:port of a socket that must never receive a connection,
@@PROJECT@@ the project copy and @@OUT@@ the output folder.

A case may also run another command (`command = "check"` or `"serve"`):

    command = "check"      # build first (build_args, anchors), break the output, run `posters check args`
    build_args = [...]     # default: CHECK_BUILD_ARGS (a print A4 and a screen square for cheshire)
    outside = true         # run check from a folder that is not a project, without --project
    [anchors]              # the trust anchors of a forged tool the build runs with
    HELPLINE_E164 = "..."  ALLOWED_HOSTS = [...]
    [[pdf_set]]   path, object ("/Root", "page:N", "page:N/annot:M"), key, value (PDF syntax)
    [[pdf_content]] path, append   # PDF operators added to page 0's content
    [[pdf_bomb]]  path, mb, ops?   # a flate stream of zeros (or of `ops` repeated) inflating to `mb` MB added to page 0
    [[json_set]]  path, key, value # key "a" or "files[0].file" in a JSON file under @@OUT@@
    [[out_write]] path, text | from; [[out_symlink]] path, target   # under the output folder
    [expect] finding = "..."       # an error finding `posters check` prints (besides or instead of file/key)

    command = "serve"      # requests to the preview app on the (patched) project copy
    [[request]] path, status, text (fragment of the body)
    [expect] (file/key/message may be empty: only the requests are checked)
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import pytest

from conftest import ROOT

CASES_DIR = Path(__file__).parent / "bad_inputs"
CASES = sorted(p for p in CASES_DIR.iterdir() if (p / "case.toml").is_file())
# three editions: a force that may be broken, one that must still build, and the regional
# edition (which carries every force's logo)
DEFAULT_ARGS = ["-e", "cheshire", "-e", "lancashire", "-e", "regional", "-l", "a4-poster", "-m", "self", "-L", "en", "-j", "1", "-q"]
SENTINEL = "MUST-NOT-BE-READ"

# Reads of sentinel files and any network use during an in-process case are
# recorded by an audit hook (hooks cannot be removed, so it is gated).
_AUDIT = {"on": False, "events": []}


def _audit(event: str, args) -> None:
    if not _AUDIT["on"]:
        return
    if event == "open" and args and SENTINEL in str(args[0]):
        _AUDIT["events"].append((event, str(args[0])))
    elif event in ("os.remove", "os.rename", "os.replace", "os.rmdir", "shutil.rmtree", "os.symlink") and SENTINEL in repr(args):
        _AUDIT["events"].append((event, repr(args)[:200]))
    elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn"):
        _AUDIT["events"].append((event, repr(args)[:200]))  # no outside program runs at build time
    elif event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
        _AUDIT["events"].append((event, repr(args)[:200]))


sys.addaudithook(_audit)


def copy_project(dst: Path) -> Path:
    dst.mkdir(parents=True)
    # symlinks=True: a link in the project stays a link; nothing outside is copied in
    shutil.copytree(ROOT / "assets", dst / "assets", symlinks=True)
    shutil.copytree(ROOT / "layouts", dst / "layouts", symlinks=True)
    return dst


def _subst(text: str, ctx: dict) -> str:
    for k, v in ctx.items():
        text = text.replace(f"@@{k}@@", v)
    return text


def apply_case(case_dir: Path, spec: dict, proj: Path, ctx: dict) -> None:
    for p in spec.get("patch", []):
        f = proj / p["file"]
        text = f.read_text(encoding="utf-8")
        find = _subst(p["find"], ctx)
        assert find in text, f"{case_dir.name}: patch text not found in {p['file']}: {find!r}"
        f.write_text(text.replace(find, _subst(p["replace"], ctx), p.get("count", 1)), encoding="utf-8")
    for w in spec.get("write", []):
        f = proj / w["path"]
        f.parent.mkdir(parents=True, exist_ok=True)
        if "from" in w:
            f.write_bytes((case_dir / w["from"]).read_bytes())
        else:
            f.write_bytes(_subst(w["text"], ctx).encode(w.get("encoding", "utf-8")))
    for s in spec.get("symlink", []):
        f = proj / s["path"]
        if f.is_dir() and not f.is_symlink():
            shutil.rmtree(f)
        elif f.exists() or f.is_symlink():
            f.unlink()
        f.symlink_to(_subst(s["target"], ctx))
    for d in spec.get("delete", []):
        f = proj / d["path"]
        shutil.rmtree(f) if f.is_dir() else f.unlink()
    for fi in spec.get("fifo", []):
        os.mkfifo(_subst(fi["path"], ctx))


CHECK_BUILD_ARGS = ["-e", "cheshire", "-l", "a4-poster", "-l", "social-square", "-m", "self", "-L", "en", "-j", "1", "-q"]


def build_for_check(spec: dict, proj: Path, out: Path) -> None:
    """The output a check case breaks: built by the real tool (or by a forged one, with [anchors])."""
    from unittest import mock

    with contextlib.ExitStack() as stack:
        for name, value in spec.get("anchors", {}).items():
            stack.enter_context(mock.patch(f"posters.anchors.{name}", tuple(value) if isinstance(value, list) else value))
        code, stdout, stderr = run_in_process(["--project", str(proj), "build", "-o", str(out), *spec.get("build_args", CHECK_BUILD_ARGS)])
    assert code == 0, f"the build a check case starts from failed\n{stderr}"


def plant_in_output(spec: dict, out: Path, ctx: dict) -> None:
    """Files and links a case puts in the output folder (before a build, or after the build a check case starts from)."""
    for w in spec.get("out_write", []):
        f = out / w["path"]
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes((CASES_DIR / spec["_name"] / w["from"]).read_bytes() if "from" in w else _subst(w["text"], ctx).encode("utf-8"))
    for s in spec.get("out_symlink", []):
        f = out / s["path"]
        f.parent.mkdir(parents=True, exist_ok=True)
        if f.is_dir() and not f.is_symlink():
            shutil.rmtree(f)
        elif f.exists() or f.is_symlink():
            f.unlink()
        f.symlink_to(_subst(s["target"], ctx))


def break_output(spec: dict, out: Path, ctx: dict) -> None:
    import pikepdf

    for e in spec.get("pdf_set", []) + spec.get("pdf_content", []):
        f = out / e["path"]
        with pikepdf.open(f, allow_overwriting_input=True) as pdf:
            if "append" in e:
                page = pdf.pages[0]
                page.contents_add(pdf.make_stream(_subst(e["append"], ctx).encode("latin-1")), prepend=False)
            else:
                target = pdf.Root
                for part in [] if e["object"] == "/Root" else e["object"].split("/"):
                    kind, _, n = part.partition(":")
                    if kind == "page":
                        target = pdf.pages[int(n)].obj
                    elif kind == "annot":
                        target = target.Annots[int(n)]
                    elif kind:
                        target = target[kind if kind.startswith("/") else "/" + kind]
                value = pikepdf.Object.parse(_subst(e["value"], ctx).encode("latin-1"))
                target[e["key"]] = pdf.make_indirect(value) if e.get("indirect") else value
            with warnings.catch_warnings():
                # a planted form widget outside /AcroForm is the point of such a case
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                pdf.save(f)
    for e in spec.get("pdf_bomb", []):
        # a content stream of zeros (PDF whitespace) that inflates to `mb` megabytes from a few hundred kB
        import zlib

        z = zlib.compressobj(9)
        # `ops`: the megabytes are these drawing instructions repeated, not whitespace
        block = (e["ops"].encode() * ((1 << 20) // len(e["ops"]) + 1))[: 1 << 20] if "ops" in e else bytes(1 << 20)
        raw = b"".join(z.compress(block) for _ in range(e["mb"])) + z.flush()
        f = out / e["path"]
        with pikepdf.open(f, allow_overwriting_input=True) as pdf:
            stream = pikepdf.Stream(pdf, raw)
            stream.Filter = pikepdf.Name.FlateDecode
            pdf.pages[0].contents_add(stream, prepend=False)
            pdf.save(f)
    for e in spec.get("json_set", []):
        f = out / e["path"]
        doc = json.loads(f.read_text(encoding="utf-8"))
        node, parts = doc, re.findall(r"[^.\[\]]+", e["key"])
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        last = parts[-1]
        value = json.loads(_subst(json.dumps(e["value"]), ctx))
        if last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value
        f.write_text(json.dumps(doc), encoding="utf-8")
    plant_in_output(spec, out, ctx)


def run_serve_case(spec: dict, proj: Path) -> None:
    from starlette.testclient import TestClient

    from posters.web.app import create_app

    with TestClient(create_app(proj), raise_server_exceptions=False) as client:
        for r in spec["request"]:
            resp = client.get(r["path"])
            assert resp.status_code == r["status"], f"{r['path']}: {resp.status_code} {resp.text[:300]}"
            assert "Traceback" not in resp.text and "internal error" not in resp.text, resp.text[:300]
            if "text" in r:
                assert r["text"] in resp.text, f"{r['path']}: {resp.text[:300]}"


def run_in_process(args: list[str]) -> tuple[int, str, str]:
    from posters.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def run_subprocess(args: list[str], cwd: Path) -> tuple[int, str, str]:
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1")
    p = subprocess.run([sys.executable, "-m", "posters", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def error_lines(stderr: str, file: str, key: str, severity: str = "error") -> list[tuple[str, str]]:
    """(error line, the line after it) for every error (or warning) naming `file` and `key`."""
    lines = stderr.splitlines()
    if file:
        prefix = f"{severity}: {file}: {key}: " if key else f"{severity}: {file}: "
    else:
        prefix = f"{severity}: "
    return [(line, lines[i + 1] if i + 1 < len(lines) else "") for i, line in enumerate(lines) if line.startswith(prefix)]


def check_outputs(out: Path, expect: dict) -> None:
    leftovers = [p for p in out.rglob("*.part")] if out.exists() else []
    assert not leftovers, f"temporary files left behind: {leftovers}"
    for pattern in expect.get("absent", ["**/*.pdf"]):
        found = sorted(out.glob(pattern)) if out.exists() else []
        assert not found, f"outputs that should not exist: {found}"
    for name in expect.get("present", []):
        assert (out / name).is_file(), f"{name} should have been built"


@pytest.mark.parametrize("case_dir", CASES, ids=[p.name for p in CASES])
def test_bad_input(case_dir: Path, tmp_path: Path):
    spec = tomllib.loads((case_dir / "case.toml").read_text(encoding="utf-8"))
    proj = copy_project(tmp_path / "proj")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / f"{SENTINEL}.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    (outside / f"{SENTINEL}.pdf").write_bytes(b"%PDF-1.4 a file outside the output folder")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.setblocking(False)
    ctx = {"OUTSIDE": str(outside), "LISTEN": "127.0.0.1:%d" % listener.getsockname()[1], "PROJECT": str(proj)}
    out = tmp_path / "out"
    ctx["OUT"] = str(out)
    spec["_name"] = case_dir.name
    command = spec.get("command", "build")
    try:
        # inside the try: a case that cannot be applied still closes the socket
        apply_case(case_dir, spec, proj, ctx)
        if command == "serve":
            run_serve_case(spec, proj)
            return
        if command == "check":
            build_for_check(spec, proj, out)
            break_output(spec, out, ctx)
            args = [*([] if spec.get("outside") else ["--project", str(proj)]), "check", *(_subst(a, ctx) for a in spec.get("args", [str(out)]))]
        else:
            plant_in_output(spec, out, ctx)
            args = ["--project", str(proj), "build", "-o", str(out), *(_subst(a, ctx) for a in spec.get("args", DEFAULT_ARGS))]
        if spec.get("subprocess", False):
            code, stdout, stderr = run_subprocess(args, cwd=tmp_path)
        elif spec.get("outside"):
            here = os.getcwd()
            os.chdir(tmp_path)
            try:
                code, stdout, stderr = run_in_process(args)
            finally:
                os.chdir(here)
        else:
            _AUDIT["on"], _AUDIT["events"] = True, []
            try:
                code, stdout, stderr = run_in_process(args)
            finally:
                _AUDIT["on"] = False
            assert not _AUDIT["events"], f"the build read, moved or removed a file it must leave alone, or used the network: {_AUDIT['events']}"
        with pytest.raises(BlockingIOError):
            listener.accept()  # nothing connected to the socket named in the input
    finally:
        listener.close()

    expect = spec["expect"]
    report = f"exit {code}\n--- stderr ---\n{stderr}\n--- stdout ---\n{stdout}"
    assert "Traceback" not in stderr + stdout, report
    assert "internal error" not in stderr, report
    assert code == spec.get("exit", 1), report
    if "finding" in expect:
        lines = stdout.splitlines()
        found = [i for i, line in enumerate(lines) if line.lstrip().startswith("error: ") and expect["finding"] in line]
        assert found, f"`posters check` reports no error saying {expect['finding']!r}\n{report}"
        assert any(i + 1 < len(lines) and lines[i + 1].lstrip().startswith("hint: ") for i in found), f"the finding has no hint\n{report}"
        if "file" not in expect:
            return
    hits = error_lines(stderr, _subst(expect["file"], ctx), expect["key"], expect.get("severity", "error"))
    assert hits, f"no error naming {expect['file']!r} and key {expect['key']!r}\n{report}"
    matching = [(line, nxt) for line, nxt in hits if expect["message"] in line]
    assert matching, f"no error for {expect['file']}: {expect['key']} says {expect['message']!r}\n{report}"
    hints = [nxt for _, nxt in matching if nxt.startswith("  hint: ") and len(nxt) > len("  hint: ")]
    assert hints, f"the error has no hint\n{report}"
    if "hint" in expect:
        assert any(expect["hint"] in h for h in hints), f"no hint says {expect['hint']!r}\n{report}"
    if command == "build":
        check_outputs(out, expect)
        check_last_line(stdout, code)


def check_last_line(stdout: str, code: int) -> None:
    """A build that failed never ends by saying all passed: its last line says FAILED."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    if code == 1 and lines and lines[-1].startswith("Verification:"):
        assert "FAILED" in lines[-1] and "all passed" not in lines[-1], f"the build failed but its last line reads {lines[-1]!r}"


def test_corpus_is_large_enough():
    assert len(CASES) >= 140


def test_one_broken_logo_does_not_stop_the_other_editions(tmp_path):
    proj = copy_project(tmp_path / "proj")
    (proj / "assets/forces/cheshire/logo.svg").write_text("this is not artwork")
    out = tmp_path / "out"
    code, stdout, stderr = run_in_process(["--project", str(proj), "build", "-o", str(out), "-j", "1", "-q", "-l", "a4-poster", "-m", "self", "-L", "en"])
    assert code == 1
    assert "Traceback" not in stderr
    built = {p.relative_to(out).as_posix() for p in out.rglob("*.pdf")}
    # cheshire's own outputs and the regional strip (which carries every logo) fail; the rest are built
    for edition in ("north-wales", "lancashire", "merseyside", "greater-manchester", "cumbria"):
        assert any(name.startswith(f"{edition}/") for name in built), edition
    assert not any(name.startswith(("cheshire/", "regional/")) for name in built)
    assert "logo.svg" in stderr and "cheshire" in stderr
    assert re.search(r"cheshire\s.*\bfailed\b|failed.*cheshire", stdout + stderr, re.S)
    manifest = json.loads((out / "manifest.json").read_text())
    assert {f["file"] for f in manifest["files"] if f["file"].endswith(".pdf")} <= built
