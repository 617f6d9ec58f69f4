"""`posters serve`: the designer preview on a local web server.

The socket is opened here rather than by uvicorn, so a port already in use is
one clear error, and `--port 0` can pick a free port and still print the
real address.
"""

from __future__ import annotations

import ipaddress
import socket
import sys

from posters.errors import InputError, Problem

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def open_socket(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError([Problem("--host", "", f"{host!r} is not an address of this machine ({exc.strerror})", "use 127.0.0.1, or 0.0.0.0 to listen on every network")]) from None
    family, _, _, _, addr = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(addr)
    except OSError as exc:
        sock.close()
        hint = f"stop the other server, or choose another port, e.g. --port {port + 1}" if port else "check the --host address"
        raise InputError([Problem(f"{host}:{port}", "", f"cannot listen here ({exc.strerror})", hint)]) from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def address(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def allowed_hosts(host: str, extra: list[str] | None = None) -> list[str]:
    """The names the server answers by (any IP address too: it cannot be rebound), so a web page
    elsewhere cannot reach it by DNS rebinding, whatever address it listens on: loopback's, the
    --host name, and on a network this machine's own names and those given with --allow-host."""
    names = ["localhost", host, *(extra or [])]
    if not is_loopback(host):
        names += [socket.gethostname(), socket.getfqdn()]
    return list(dict.fromkeys(n.lower() for n in names if n))


def cmd_serve(args) -> int:
    import uvicorn

    from posters.inputs.project import find_root
    from posters.web.app import create_app

    root = args.project.resolve() if args.project else find_root()
    if not (root / "assets" / "campaign" / "campaign.toml").is_file():
        raise InputError([Problem(str(args.project), "", "is not a posters project (no assets/campaign/campaign.toml)", "pass the folder that holds assets/ and layouts/")])
    if not 0 <= args.port <= 65535:
        print(f"error: --port {args.port} is not a port number\n  hint: use 1024-65535, or 0 for any free port", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(
            f"warning: listening on {args.host}: anyone who can reach this machine on the network can see the posters and files\n"
            "  hint: leave out --host to keep it on this computer only (127.0.0.1)",
            file=sys.stderr,
        )
        print(
            f"note: it answers by IP address or by the names {', '.join(allowed_hosts(args.host, args.allow_host))}; "
            "add a name colleagues use with --allow-host NAME",
            file=sys.stderr,
        )
    sock = open_socket(args.host, args.port)
    app = create_app(root, allowed_hosts(args.host, args.allow_host))
    print(f"Poster preview for {root} at {address(sock)}  (Ctrl+C to stop)", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=1))
    server.run(sockets=[sock])
    return 0
