"""Reading the user's files: TOML documents and asset paths. I/O only.

Everything that comes from disk passes through here, so the rules for what
the tool will read (size, encoding, where a path may point) live in one place.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import stat
import tomllib
from pathlib import Path

from posters.errors import InputError, Problem, display_path

MAX_TOML_BYTES = 1_000_000

# Texts that stand in for files while an edit is validated: the studio checks a
# change with exactly the loader a build uses before anything is written.
_STAGED: contextvars.ContextVar[dict] = contextvars.ContextVar("staged", default={})


@contextlib.contextmanager
def staged(texts: dict[Path, str]):
    """Within this block, `read_toml` reads these texts instead of those files."""
    token = _STAGED.set({Path(p).resolve(): t for p, t in texts.items()})
    try:
        yield
    finally:
        _STAGED.reset(token)


def read_toml(path: Path, shown: str, root: Path | None = None) -> dict:
    """Parse a TOML file or raise InputError naming the file, line and column.

    With `root`, a file that is a link to somewhere outside the project is
    refused before it is opened. Only regular files are read: a named pipe or
    device would block or never end.
    """
    pending = _STAGED.get()
    if pending and path.resolve() in pending:
        return _parse(pending[path.resolve()].encode("utf-8"), shown)
    if root is not None:
        outside = _outside(path, root)
        if outside:
            raise InputError([Problem(shown, "", f"points outside the project (a link to {outside})", "copy the file in instead of linking to it")])
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(st.st_mode):
            raise InputError([Problem(shown, "", "is not a regular file", "replace it with a plain text file")])
        if st.st_size > MAX_TOML_BYTES:
            raise InputError(
                [Problem(shown, "", f"is {st.st_size} bytes; the limit is {MAX_TOML_BYTES}", "is this the right file?")]
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(shown, "", "file not found", "check the path and file name")]) from None
    except IsADirectoryError:
        raise InputError([Problem(shown, "", "is a folder, not a file", "name a file, or move the folder away")]) from None
    except OSError as exc:
        raise InputError([Problem(shown, "", f"cannot be read ({exc.strerror})", "check the file's permissions")]) from None
    return _parse(raw, shown)


def _parse(raw: bytes, shown: str) -> dict:
    if len(raw) > MAX_TOML_BYTES:
        raise InputError(
            [Problem(shown, "", f"is {len(raw)} bytes; the limit is {MAX_TOML_BYTES}", "is this the right file?")]
        )
    if not raw.strip():
        raise InputError([Problem(shown, "", "is empty", "see the examples in layouts/ and assets/")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            [Problem(shown, "", f"is not UTF-8 text (byte {exc.start})", "save the file as UTF-8")]
        ) from None
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            [Problem(shown, "", f"is not valid TOML: {exc}", "check quotes, brackets and commas near that line")]
        ) from None
    except ValueError as exc:  # an integer literal over Python's 4300-digit conversion limit
        raise InputError([Problem(shown, "", f"has a number too long to read ({str(exc).split(':')[0]})", "write plain numbers of sensible size")]) from None
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        raise InputError([Problem(shown, "", "is nested too deeply to be a layout or data file", "check for runaway [ or { brackets")]) from None
    problems = [Problem(shown, key, message, hint) for key, message, hint in unusable_numbers(data)]
    if problems:
        raise InputError(problems)
    return data


INT64 = 2**63


def unusable_numbers(data: object, key: str = "") -> list[tuple[str, str, str]]:
    """(key, message, hint) for every number in a parsed document that no stage can use.

    TOML allows inf and nan, and Python's parser reads integers of any size;
    neither may reach a layout, a size or a PDF (which would print 'nan').
    Checked once here, for every file, whatever key it is under.
    """
    out: list[tuple[str, str, str]] = []
    stack = [(key, data)]
    while stack:
        k, v = stack.pop()
        if isinstance(v, dict):
            stack.extend((f"{k}.{name}" if k else str(name), item) for name, item in v.items())
        elif isinstance(v, list):
            stack.extend((f"{k}[{i}]", item) for i, item in enumerate(v))
        elif isinstance(v, float) and not math.isfinite(v):
            out.append((k, f"{v} is not a number that can be used", "write a plain finite number"))
        elif isinstance(v, int) and not isinstance(v, bool) and not -INT64 <= v < INT64:
            out.append((k, f"is a {v.bit_length()}-bit integer, beyond the 64-bit range of TOML", "write a plain number of sensible size"))
    return sorted(out)


def _outside(path: Path, root: Path) -> Path | None:
    """Where `path` really points, if that is outside `root`; None if inside (or missing)."""
    try:
        real = path.resolve()
        real.relative_to(root.resolve())
    except ValueError:
        return real
    except (OSError, RuntimeError):  # a link loop: reading it will fail with its own message
        return None
    return None


def outside_link(path: Path, root: Path) -> Path | None:
    """Public form of the link check, for folders found by listing (e.g. a force folder)."""
    return _outside(path, root)


def element_file(t, ctx, example: str, suffixes: tuple[str, ...], not_this: str, not_this_hint: str) -> tuple[object, Path | None]:
    """The project file an element's `file` key names (an image, an icon), inside the
    project and of one of `suffixes`: (the name as written, its path or None). Problems
    go to the layout's list, naming the key."""
    name = t.raw("file", hint=f'file = "{example}", from the project folder')
    if name is None or ctx.root is None:
        return name, None
    path, p = safe_asset_path(ctx.root, ctx.root, name, ctx.probs.file, t.key("file"))
    if p is not None:
        ctx.probs.items.append(p)
        return name, None
    if path.suffix.lower() not in suffixes:
        ctx.probs.add(t.key("file"), f"{name!r} is not {not_this}", not_this_hint)
        return name, None
    return name, path


def safe_asset_path(root: Path, base: Path, name: object, shown: str, key: str) -> tuple[Path | None, Problem | None]:
    """Resolve an asset file named in a data file, refusing anything that leaves `root`.

    `base` is the folder the name is relative to. Absolute paths, `..` segments
    and symlinks that point outside the project are refused before the file is
    opened, so a shared layout cannot make the tool read arbitrary files.
    """
    if not isinstance(name, str) or not name.strip():
        return None, Problem(shown, key, "must be a file name (text)", 'for example logo = "logo.svg"')
    if "\x00" in name or "\\" in name:
        return None, Problem(shown, key, f"{name!r} has characters not allowed in a file name", "use a plain file name")
    pure = Path(name)
    if pure.is_absolute() or name.startswith(("/", "~")) or (len(name) > 1 and name[1] == ":"):
        return None, Problem(shown, key, f"{name!r} is an absolute path", "name a file inside this folder")
    if ".." in pure.parts:
        return None, Problem(shown, key, f"{name!r} leaves its folder ('..')", "copy the file into this folder")
    candidate = base / pure
    try:
        real = candidate.resolve(strict=True)
    except FileNotFoundError:
        return None, Problem(shown, key, f"file {name!r} not found in {display_path(base, root)}/", "put the file beside this TOML file")
    except (OSError, RuntimeError) as exc:
        why = "a link that leads to itself" if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40 else (exc.strerror or type(exc).__name__)
        return None, Problem(shown, key, f"{name!r} cannot be opened ({why})", "replace it with the file itself, inside the project")
    try:
        real.relative_to(root.resolve())
    except ValueError:
        return None, Problem(shown, key, f"{name!r} points outside the project (a link to {real})", "copy the file in instead of linking to it")
    if not real.is_file():
        # a folder, or a named pipe or device that reading would wait on for ever (or never end)
        what = "a folder" if real.is_dir() else "a named pipe" if real.is_fifo() else "a device" if real.is_char_device() or real.is_block_device() else "a socket" if real.is_socket() else "not a plain file"
        return None, Problem(shown, key, f"{name!r} is not a file ({what})", "name a plain file inside the project")
    return real, None
