"""`mtqa daemon`: one warm mtqa process per user that `mtqa check`, `fix` and `feed` hand their work to.

A fresh process pays about a second before it checks anything: Harper's dictionary (0.75 s), spaCy's tagger,
the word-frequency tables, and Harper's suggestion automata on the first long unknown word. An editor's hook
or a feed gate that checks one short file at a time pays it every time. With `mtqa daemon start`, one
background process loads all that once; while it runs, `mtqa check`, `fix` and `feed` connect to its socket, send
their arguments, working folder and standard input, and print what it sends back, with the same exit code as
if they had run themselves (mypy's dmypy and eslint_d work the same way).

The daemon runs the ordinary command line (`mtqa.cli.main`), one command at a time, and keeps the engines it
builds (by config) between commands. It keeps the environment it was started with, apart from the terminal
settings a report depends on (NO_COLOR, COLUMNS, ...). A command runs in-process as before when no daemon
answers, with `--no-daemon` or MTQA_DAEMON=off, and with --jobs above 1 or --cluster (workers are processes of
their own). With MTQA_DAEMON=auto, a command that finds no daemon runs in-process and then starts one in the
background, so that the next command finds it warm (as eslint_d and Gradle's daemon do). Each
installation (interpreter and copy of mtqa) has a socket of its own; when mtqa's modules have changed since the
daemon started, the daemon stops and the command runs in-process.

The protocol is private to this module: frames of one kind byte, a 4-byte big-endian length and the payload,
over a Unix socket readable by the user alone.
"""

from __future__ import annotations

import io
import json
import os
import socket
import struct
import sys
import time
from pathlib import Path

DEFAULT_IDLE_TIMEOUT = 2 * 3600.0  # seconds without a command, after which the daemon stops by itself
_REQUEST_TIMEOUT = 30.0  # seconds a client has to send its request and standard input
ANOTHER_DAEMON = 3  # the exit code of a daemon that found another one serving its socket
_HEADER = struct.Struct(">cI")
# frame kinds: the client's Request and standard Input; the daemon's Output, Errors and eXit
REQUEST, STDIN, STDOUT, STDERR, EXIT = b"R", b"I", b"O", b"E", b"X"
_FORWARDED = ("check", "fix", "feed")
_ENV = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM")  # what a command's output may depend on
_SUPPORTED = os.name == "posix" and hasattr(socket, "AF_UNIX")  # Unix sockets, and fcntl's locks
_SOCKET_PATH_MAX = 100  # bytes: a Unix socket's path must fit sun_path (108 on Linux, 104 on macOS)
_MODES = ("auto", "on", "off")  # MTQA_DAEMON: start one when none runs; use one that runs (the default); never


def socket_path() -> Path:
    """$MTQA_DAEMON_SOCKET, else daemon-ID.sock in mtqa's cache folder ($XDG_CACHE_HOME/mtqa or ~/.cache/mtqa),
    where ID stands for this interpreter and this copy of mtqa: two installations keep a daemon each."""
    given = os.environ.get("MTQA_DAEMON_SOCKET")
    if given:
        return Path(given)
    import hashlib

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    install = hashlib.sha256(f"{sys.executable}|{Path(__file__).resolve().parent}".encode()).hexdigest()[:10]
    return Path(base) / "mtqa" / f"daemon-{install}.sock"


def _beside(path: Path, ext: str) -> Path:
    """The daemon's lock or log file next to its socket: daemon-ID.lock for daemon-ID.sock; for a socket path of
    another form the extension is added, never put in place of one ("notes.txt" must not make "notes.log" its log)."""
    return path.with_suffix(ext) if path.suffix == ".sock" else path.with_name(path.name + ext)


def _refuse_a_non_socket(path: Path) -> None:
    """A socket path where something other than a socket is: the daemon would delete that file to listen there."""
    import stat

    from mtqa.errors import MtqaError

    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise MtqaError(f"cannot use {path} as the daemon's socket: {exc.strerror or exc}") from None
    if not stat.S_ISSOCK(mode):
        kind = "folder" if stat.S_ISDIR(mode) else "symbolic link" if stat.S_ISLNK(mode) else "file"
        raise MtqaError(f"the daemon's socket path {path} is a {kind}, not a socket; the daemon will not replace it: "
                        "set MTQA_DAEMON_SOCKET to a path where nothing is")


def fingerprint() -> str:
    """Which mtqa this is: the interpreter, the package's folder and the newest change to its modules and to the
    tables its rules read (corpora/*.tsv, *.txt). A client and a daemon that differ here do not work together (an
    upgrade or an edit since the daemon started)."""
    from mtqa import __version__
    from mtqa.resources import code_files

    package = Path(__file__).resolve().parent
    newest = max((f.stat().st_mtime_ns for f in code_files()), default=0)

    return f"{sys.executable}|{package}|{__version__}|{newest}"


def _send(conn: socket.socket, kind: bytes, payload: bytes) -> None:
    conn.sendall(_HEADER.pack(kind, len(payload)) + payload)


def _receive(conn: socket.socket) -> tuple[bytes, bytes] | None:
    """The next frame, or None when the other side has closed the connection."""
    header = _read_exactly(conn, _HEADER.size)
    if header is None:
        return None
    kind, size = _HEADER.unpack(header)
    payload = _read_exactly(conn, size)
    if payload is None:
        return None
    return kind, payload


def _read_exactly(conn: socket.socket, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = conn.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _connect(path: Path, timeout: float | None = None) -> socket.socket | None:
    if not _SUPPORTED or not path.exists():
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(timeout)
    try:
        conn.connect(str(path))
    except OSError:  # a socket file left by a daemon that was killed
        conn.close()
        return None
    return conn


def _ask(op: str, path: Path | None = None, timeout: float | None = 10.0) -> dict | None:
    """Send `op` (ping, stop) to the daemon; its answer, or None when no daemon answers. A daemon that takes
    the connection but does not answer within `timeout` is running a command (one at a time): {"busy": True}."""
    conn = _connect(path or socket_path(), timeout)
    if conn is None:
        return None
    with conn:
        try:
            _send(conn, REQUEST, json.dumps({"op": op}).encode())
            frame = _receive(conn)
        except TimeoutError:
            return {"busy": True}
        except OSError:
            return None
    return json.loads(frame[1]) if frame and frame[0] == EXIT else None


# ---- the client side: `mtqa check`, `fix` and `feed` ----------------------------------------------------

def mode() -> str:
    """MTQA_DAEMON: "auto", "on" (the default) or "off"."""
    from mtqa.errors import MtqaError

    value = os.environ.get("MTQA_DAEMON", "").strip().lower() or "on"
    if value not in _MODES:
        raise MtqaError(f"MTQA_DAEMON is {os.environ['MTQA_DAEMON']!r}; it takes one of: {', '.join(_MODES)}")
    return value


def _its_socket(args) -> Path | None:
    """The socket of the daemon that may run this command, or None when the command runs here whatever runs."""
    if getattr(args, "no_daemon", False) or args.command not in _FORWARDED or mode() == "off":
        return None
    if getattr(args, "jobs", 1) != 1 or getattr(args, "cluster", None):
        return None
    named = [getattr(args, k, None) for k in ("output", "state", "resume", "baseline", "config", "feed")]
    if any(_names_this_process(p) for p in (*named, *getattr(args, "paths", ())) if p and p != "-"):
        return None  # `-o /dev/stdout`: the daemon would write its own standard output (its log)
    try:
        return socket_path()
    except (RuntimeError, KeyError):  # no home folder to look in (a container's nameless user): no daemon
        return None


def forward(argv: list[str], args) -> int | None:
    """Run this command in the daemon when one is running and may run it; its exit code, or None to run here."""
    path = _its_socket(args)
    if path is None or not _SUPPORTED or not path.exists():  # no daemon: standard input is left for the command
        return None
    try:
        cwd = os.getcwd()
    except OSError:  # a folder removed under the client: no folder for the daemon to work in; here, paths still work
        return None
    # standard input is read to its end before connecting: the daemon takes one connection at a time, and a
    # client still waiting for its input would hold it from every other client
    reads_stdin = "-" in getattr(args, "paths", ()) or getattr(args, "feed", None) == "-"
    data = sys.stdin.buffer.read(STDIN_TO_DAEMON + 1) if reads_stdin else b""
    if len(data) > STDIN_TO_DAEMON:  # more than a default max-chars document: read here, where max-chars bounds it
        return _here(data, reads_stdin, rest=sys.stdin.buffer)
    conn = _connect(path)
    if conn is None:
        return _here(data, reads_stdin)
    with conn:
        request = {
            "op": "run", "argv": argv, "cwd": cwd, "fingerprint": fingerprint(), "stdin": reads_stdin,
            "env": {k: os.environ[k] for k in _ENV if k in os.environ},
            "tty": [sys.stdout.isatty(), sys.stderr.isatty()], "umask": _umask(),
            "streams": [[getattr(s, "encoding", None), getattr(s, "errors", None)] for s in (sys.stdout, sys.stderr)],
        }
        started = False
        try:
            _send(conn, REQUEST, json.dumps(request).encode())
            if reads_stdin:
                _send(conn, STDIN, data)
        except OSError:
            return _here(data, reads_stdin)  # the daemon went away before it began: nothing is lost
        _relay_ctrl_c(conn)
        while True:
            try:
                frame = _receive(conn)
            except OSError:
                frame = None
            if frame is None:
                break
            kind, payload = frame
            if kind == EXIT:
                answer = json.loads(payload)
                if answer.get("stale"):
                    print("mtqa: mtqa has changed since the daemon started: the daemon has stopped and this "
                          "command runs here (`mtqa daemon start` starts a new one)", file=sys.stderr)
                    return _here(data, reads_stdin)
                code = int(answer["code"])
                if code == 130:  # a run stopped by the SIGTERM or SIGHUP this client relayed as a Ctrl-C: say which
                    from mtqa import interrupts

                    return interrupts.exit_code()
                return code
            started = True
            # a closed pipe on this side (`mtqa check ... | head`) raises BrokenPipeError to the command line,
            # which ends quietly as it does in-process; closing the connection interrupts the daemon's command
            stream = sys.stdout if kind == STDOUT else sys.stderr
            stream.flush()
            binary = getattr(stream, "buffer", None)
            if binary is None:  # a text-only stream put in place of the real one (an embedding program's)
                stream.write(payload.decode("utf-8", errors="replace"))
                stream.flush()
            else:
                binary.write(payload)
                binary.flush()
    if not started:
        return _here(data, reads_stdin)
    print("mtqa: error: the daemon stopped in the middle of the command; run it again, or with --no-daemon",
          file=sys.stderr)
    return 2


def start_if_auto(args) -> None:
    """With MTQA_DAEMON=auto, after a command that ran here for want of a daemon: start one in the background,
    without waiting for it (its warm-up takes seconds; the next command will find it)."""
    path = _its_socket(args)
    if path is None or mode() != "auto" or not _SUPPORTED or len(os.fsencode(path)) > _SOCKET_PATH_MAX:
        return
    conn = _connect(path)
    if conn is not None:  # one is running already
        conn.close()
        return
    try:
        _refuse_a_non_socket(path)  # a file or folder there: say so here, not in a daemon's log at every command
        if _held(_beside(path, ".lock")):  # one is warming up: it takes the lock before it listens
            return
        _spawn(path, DEFAULT_IDLE_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - a cache folder it may not write, a bad socket path: the command itself
        # has done its work
        print(f"mtqa: could not start a daemon (MTQA_DAEMON=auto): {exc}", file=sys.stderr)


def _held(lock: Path) -> bool:
    """A daemon holds this lock file (see Daemon.serve)."""
    import fcntl

    try:
        with open(lock, "a") as f:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released as the file closes
    except FileNotFoundError:  # no cache folder yet: no daemon
        return False
    except OSError:
        return True
    return False


def _names_this_process(path: str) -> bool:
    """Whether `path`, or a link it leads through, is in /dev or /proc: /dev/stdout, /dev/fd/N or /proc/self/...
    name the streams of the process that opens them, and the daemon would open its own."""
    here = os.path.abspath(path)
    for _ in range(40):
        if here.startswith(("/dev/", "/proc/")):
            return True
        try:
            here = os.path.normpath(os.path.join(os.path.dirname(here), os.readlink(here)))
        except (OSError, ValueError):  # not a link
            break
    return os.path.realpath(path).startswith(("/dev/", "/proc/"))


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _relay_ctrl_c(conn: socket.socket) -> None:
    """Ctrl-C while the daemon runs this client's command ends the client's half of the connection, which
    interrupts the command there as Ctrl-C interrupts it in-process: its partial report and exit code (130) then
    come back as any output does. A second Ctrl-C, or one once the connection is closed, acts as it always does."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is not signal.default_int_handler:  # ignored (a background job), or an embedding program's own
        return

    def relay(signum, frame):
        signal.signal(signal.SIGINT, previous)
        try:
            conn.shutdown(socket.SHUT_WR)
        except OSError:  # closed: the command is over, or runs here after all
            previous(signum, frame)

    signal.signal(signal.SIGINT, relay)


def _here(data: bytes, reads_stdin: bool, rest=None) -> None:
    """Run the command in-process after all; standard input, already read for the daemon, is read again (then
    `rest`, the unread part of it, when there is one)."""
    if reads_stdin:
        raw = io.BytesIO(data) if rest is None else io.BufferedReader(_Chained(data, rest))
        sys.stdin = io.TextIOWrapper(raw, encoding=sys.stdin.encoding or "utf-8")
    return None


# the most standard input handed to the daemon: 4 bytes for each of the default max-chars (2,000,000) characters;
# more is read in-process, where the config's max-chars bounds it (`mtqa check - < /dev/zero` ends, not eats memory)
STDIN_TO_DAEMON = 8_000_000


class _Chained(io.RawIOBase):
    """The bytes already read, then the rest of the stream they came from."""

    def __init__(self, head: bytes, rest):
        self.head, self.rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self.head:
            n = min(len(b), len(self.head))
            b[:n], self.head = self.head[:n], self.head[n:]
            return n
        chunk = self.rest.read1(len(b)) if hasattr(self.rest, "read1") else self.rest.read(len(b))
        b[:len(chunk)] = chunk
        return len(chunk)


# ---- the daemon side ------------------------------------------------------------------------------------

class _FrameWriter(io.RawIOBase):
    """A binary stream whose writes go to the client as frames of one kind."""

    def __init__(self, conn: socket.socket, kind: bytes, tty: bool):
        super().__init__()
        self.conn, self.kind, self.tty = conn, kind, tty

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        if data:
            _send(self.conn, self.kind, data)
        return len(data)

    def isatty(self) -> bool:
        return self.tty


def _text_stream(conn: socket.socket, kind: bytes, tty: bool, line_buffered: bool, codec=None) -> io.TextIOWrapper:
    """`codec`: the client's stream's [encoding, errors] (a terminal's latin-1, surrogateescape in a C.UTF-8
    locale), when this Python knows both; else UTF-8 with backslashes for what it cannot encode."""
    import codecs

    try:
        encoding, errors = codec
        codecs.lookup(encoding)
        codecs.lookup_error(errors)
    except (TypeError, ValueError, LookupError):
        encoding, errors = "utf-8", "backslashreplace"
    binary = io.BufferedWriter(_FrameWriter(conn, kind, tty), 1 << 16)
    return io.TextIOWrapper(binary, encoding=encoding, errors=errors, line_buffering=line_buffered)


class _HangUp:
    """Watches a client while its command runs: the client sends nothing more, so the end of its connection
    means it was stopped (Ctrl-C); the command is then interrupted as a Ctrl-C would interrupt it in-process
    (a batch keeps what it has checked and stops), and the daemon is free for the next command."""

    def __init__(self, conn: socket.socket):
        import threading

        self.conn, self.lock, self.done = conn, threading.Lock(), False
        self.thread = threading.Thread(target=self.watch, name="mtqa-daemon-hangup", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def watch(self) -> None:
        import _thread

        try:
            gone = self.conn.recv(1) == b""
        except OSError:
            gone = True
        with self.lock:
            if gone and not self.done:
                _thread.interrupt_main()
                print("mtqa daemon: a client hung up; its command is interrupted", file=sys.__stdout__, flush=True)

    def over(self) -> None:
        with self.lock:
            self.done = True

    def join(self) -> None:
        """After the last frame: end the connection (which wakes the watching thread) and wait for it."""
        try:
            self.conn.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        if self.thread.ident is not None:  # it was started
            self.thread.join()


class Daemon:
    """The daemon's state: its socket, what it has served, and the engines it keeps (mtqa.commands.ENGINES)."""

    def __init__(self, path: Path, idle_timeout: float):
        self.path, self.idle_timeout = path, idle_timeout
        self.fingerprint = fingerprint()
        self.started = time.time()
        self.served = 0
        self.last_command = time.monotonic()  # a ping (status) does not count: only commands keep it up

    def warm(self) -> None:
        """Build the engine for the config of the folder the daemon was started in, and load what a first check
        would: Harper with its suggestion automata on every linter thread, spaCy's pipelines, the rules' tables."""
        from mtqa import commands
        from mtqa.batch import pipelines_loading
        from mtqa.cli import build_parser
        from mtqa.errors import MtqaError
        from mtqa.resources import data_path

        commands.ENGINES = {}
        args = build_parser().parse_args(["check", "."])
        try:
            config = commands.resolve_config(args, commands.config_start("."))
            engine = commands.make_engine(config, args)
        except MtqaError as exc:  # each command reads its own config (and reports it); warm the defaults
            print(f"mtqa daemon: warming the default config, since this folder's does not load: {exc}", flush=True)
            config = commands.load_config(str(data_path("configs", "default.toml")))
            engine = commands.make_engine(config, args)
        engine.overlap_grammar()
        with pipelines_loading(engine):
            engine.warm_up()  # with Harper beside the rules, as `check` runs it: every linter thread is warmed

    def serve(self) -> int:
        """Listen and answer until told to stop; 0, or ANOTHER_DAEMON when another daemon holds this socket."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = open(_beside(self.path, ".lock"), "a")  # held while this daemon lives: one daemon per socket
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # two `daemon start` at once: the other one serves
            lock.close()
            print(f"mtqa daemon: another daemon holds {self.path}; this one stops", flush=True)
            return ANOTHER_DAEMON
        try:
            self._serve()
        finally:
            lock.close()
        return 0

    def _serve(self) -> None:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        _refuse_a_non_socket(self.path)
        if self.path.is_socket():
            self.path.unlink()  # a socket file left by a daemon that was killed (`start` checked none answers)
        old_mask = os.umask(0o177)
        try:
            listener.bind(str(self.path))  # the socket is the user's alone: rw-------
        finally:
            os.umask(old_mask)
        listener.listen(16)
        try:
            self.warm()
            os.chdir("/")  # each command works in its client's folder; the daemon holds on to none
            print(f"mtqa daemon: pid {os.getpid()} ready on {self.path}", flush=True)
            self.last_command = time.monotonic()
            while True:
                left = self.idle_timeout - (time.monotonic() - self.last_command) if self.idle_timeout else None
                if left is not None and left <= 0:
                    print(f"mtqa daemon: no command for {self.idle_timeout:g} s, stopping", flush=True)
                    return
                listener.settimeout(left)
                try:
                    conn, _ = listener.accept()
                except socket.timeout:
                    continue
                conn.settimeout(_REQUEST_TIMEOUT)
                try:
                    with conn:
                        if not self.handle(conn):
                            return
                except KeyboardInterrupt:  # a client's Ctrl-C that arrived just as its command ended
                    continue
        finally:
            listener.close()
            try:
                if self.path.exists():
                    os.unlink(self.path)
            except OSError:
                pass

    def handle(self, conn: socket.socket) -> bool:
        """Answer one connection; False when the daemon should stop."""
        try:
            frame = _receive(conn)
            if frame is None or frame[0] != REQUEST:
                return True
            request = json.loads(frame[1])
            if not isinstance(request, dict):
                raise ValueError("the request is not a JSON object")
            op = request.get("op")
            if op == "ping":
                self._exit(conn, pid=os.getpid(), served=self.served, since=self.started, socket=str(self.path))
                return True
            if op == "stop":
                self._exit(conn, pid=os.getpid(), served=self.served)
                return False
            if op != "run" or not isinstance(request.get("fingerprint"), str):  # garbage, not a stale client
                raise ValueError(f"unknown request {op!r}" if op != "run" else "the request has no fingerprint")
            stdin = b""
            if request.get("stdin"):  # read before any answer, so that the client's sending never fails
                frame = _receive(conn)
                stdin = frame[1] if frame and frame[0] == STDIN else b""
            if request.get("fingerprint") != self.fingerprint:
                self._exit(conn, stale=True)
                return False
            if not isinstance(request.get("argv"), list) or not isinstance(request.get("cwd"), str):
                raise ValueError("the request has no command line or folder")
            command = next((str(a) for a in request["argv"] if not str(a).startswith("-")), None)
            if command not in _FORWARDED:  # `serve`, `ui` or `daemon` would hold the daemon for good
                raise ValueError(f"the daemon runs {', '.join(_FORWARDED)}, not {command}")
            conn.settimeout(None)  # a command may take as long as it takes
            hangup = _HangUp(conn)
            try:
                code = self.run(conn, request, stdin, hangup)
                self.served += 1
                self.last_command = time.monotonic()
                self._exit(conn, code=code)
            finally:
                hangup.join()
        except (OSError, ValueError) as exc:  # the client went away, or sent something that is not a request
            print(f"mtqa daemon: a command ended early: {exc}", flush=True)
        except Exception as exc:  # a request of an unexpected shape, or a bug: the daemon goes on
            print(f"mtqa daemon: a request failed: {type(exc).__name__}: {exc}", flush=True)
        return True

    def _exit(self, conn: socket.socket, **answer) -> None:
        _send(conn, EXIT, json.dumps(answer).encode())

    def run(self, conn: socket.socket, request: dict, stdin: bytes, hangup: _HangUp) -> int:
        """The client's command line, run here with its folder, its standard streams and its output settings."""
        import logging
        import traceback

        from mtqa import cli

        tty = request.get("tty")
        out_tty, err_tty = (bool(tty[0]), bool(tty[1])) if isinstance(tty, list) and len(tty) == 2 else (False, False)
        saved = (sys.stdin, sys.stdout, sys.stderr, os.getcwd(), dict(os.environ))
        root = logging.getLogger()
        for handler in list(root.handlers):  # main() sets logging up for this command's standard error
            root.removeHandler(handler)
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        streams = request.get("streams")
        out_codec, err_codec = streams if isinstance(streams, list) and len(streams) == 2 else (None, None)
        sys.stdout = _text_stream(conn, STDOUT, out_tty, line_buffered=False, codec=out_codec)
        sys.stderr = _text_stream(conn, STDERR, err_tty, line_buffered=True, codec=err_codec)
        for key in _ENV:
            os.environ.pop(key, None)
        env = request.get("env")
        os.environ.update({k: str(v) for k, v in (env if isinstance(env, dict) else {}).items() if k in _ENV})
        mask = request.get("umask")  # the files the command writes get the client's permissions
        saved_mask = os.umask(mask & 0o777) if type(mask) is int else None
        try:
            try:
                os.chdir(request["cwd"])
            except OSError as exc:
                print(f"mtqa: error: the daemon cannot work in {request['cwd']}: {exc.strerror}", file=sys.stderr)
                return 2
            hangup.start()
            argv = [str(a) for a in request["argv"]]
            print(f"mtqa daemon: running mtqa {' '.join(argv)} (in {request['cwd']})", file=sys.__stdout__, flush=True)
            return cli.main(argv, daemon=True)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 2
        except KeyboardInterrupt:  # the client hung up outside the command's own Ctrl-C handling
            return 130
        except Exception:  # a bug: the client sees the traceback, and the daemon goes on
            traceback.print_exc()
            return 2
        finally:
            hangup.over()
            for handler in list(root.handlers):  # they write to this client's stream, which is about to close
                root.removeHandler(handler)
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
            sys.stdin, sys.stdout, sys.stderr, cwd, env = saved
            os.environ.clear()
            os.environ.update(env)
            os.chdir(cwd)
            if saved_mask is not None:
                os.umask(saved_mask)


# ---- `mtqa daemon start | stop | status` ----------------------------------------------------------------

def start(idle_timeout: float = DEFAULT_IDLE_TIMEOUT, wait: float = 120.0) -> str:
    """Start the daemon in the background (unless one answers already) and return once it is warm."""
    from mtqa.errors import MtqaError

    if not _SUPPORTED:
        raise MtqaError("the daemon needs Unix sockets and file locks (a POSIX system), which this platform lacks")
    path = socket_path()
    running = _ask("ping", path)
    if running is not None:
        return f"mtqa: a daemon is already running (pid {running.get('pid', '?')}, {path})"
    if len(os.fsencode(path)) > _SOCKET_PATH_MAX:
        raise MtqaError(f"the daemon's socket path is too long for a Unix socket ({path}); set MTQA_DAEMON_SOCKET "
                        "to a shorter path")
    _refuse_a_non_socket(path)
    process, log = _spawn(path, idle_timeout)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None and process.returncode != ANOTHER_DAEMON:
            raise MtqaError(f"the daemon could not start (exit {process.returncode}); its log is {log}")
        answer = _ask("ping", path, timeout=wait)
        if answer is not None and answer.get("pid") != process.pid:  # another `daemon start` won the race
            return f"mtqa: a daemon is already running (pid {answer.get('pid', '?')}, {path})"
        if answer is not None:
            return f"mtqa: daemon started (pid {answer['pid']}, {path}); `mtqa daemon stop` stops it"
        time.sleep(0.1)
    process.kill()
    raise MtqaError(f"the daemon did not get ready in {wait:g} s; its log is {log}")


def _spawn(path: Path, idle_timeout: float):
    """Start a daemon process for `path` in a session of its own, its output to the log beside the socket."""
    import subprocess

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    log = _beside(path, ".log")
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mtqa.daemon", "--socket", str(path), "--idle-timeout", str(idle_timeout)],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    return process, log


def stop() -> str:
    answer = _ask("stop", timeout=None)  # a daemon running a command answers (and stops) once it is over
    if answer is None:
        return "mtqa: no daemon is running"
    path = socket_path()
    for _ in range(100):  # it removes its socket as it leaves
        if not path.exists():
            break
        time.sleep(0.05)
    return f"mtqa: daemon stopped (pid {answer['pid']}, {answer['served']} command(s) served)"


def status() -> tuple[bool, str]:
    answer = _ask("ping")
    if answer is None:
        return False, "mtqa: no daemon is running"
    if answer.get("busy"):
        return True, f"mtqa: daemon running (busy with a command, {socket_path()})"
    up = time.time() - answer["since"]
    return True, (f"mtqa: daemon running (pid {answer['pid']}, up {up:.0f} s, {answer['served']} command(s) "
                  f"served, {answer['socket']})")


def _main() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m mtqa.daemon", description="the mtqa daemon (see `mtqa daemon`)")
    parser.add_argument("--socket", required=True)
    parser.add_argument("--idle-timeout", type=float, default=DEFAULT_IDLE_TIMEOUT)
    args = parser.parse_args()
    sys.exit(Daemon(Path(args.socket), args.idle_timeout).serve())


if __name__ == "__main__":
    _main()
