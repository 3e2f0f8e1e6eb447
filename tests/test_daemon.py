"""`mtqa daemon`: check, fix and feed handed to one warm process give what they give in-process (output, files,
exit codes), from the client's folder and standard input; the daemon survives bad requests and hang-ups, and
stops when it is told to, when it sits idle, or when mtqa has changed since it started."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="the daemon needs Unix sockets")

MTQA = shutil.which("mtqa", path=str(Path(sys.executable).parent))
BAD = "The minister said announced that the the talks would resume.\n"
CLEAN = "The minister said on Friday that talks would resume next week.\n"


_SOCKETS: dict[Path, Path] = {}


def env_for(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a user whose cache folder is `home`, with the daemon's socket in a short folder of its
    own: a Unix socket's path has a limit of about 100 bytes, which a deep temporary folder can pass."""
    if home not in _SOCKETS:
        folder = tempfile.mkdtemp(prefix="mq", dir="/tmp")
        atexit.register(shutil.rmtree, folder, True)
        _SOCKETS[home] = Path(folder) / "d.sock"
    return {**os.environ, "XDG_CACHE_HOME": str(home), "MTQA_DAEMON_SOCKET": str(_SOCKETS[home]), **extra}


def mtqa(home: Path, *args, stdin: str | None = None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([MTQA, *args], capture_output=True, text=True, input=stdin, cwd=cwd, env=env_for(home),
                          timeout=300)


def served(home: Path) -> int:
    status = mtqa(home, "daemon", "status")
    assert status.returncode == 0, status.stdout + status.stderr
    return int(status.stdout.split(", ")[2].split()[0])


@pytest.fixture(scope="module")
def daemon(tmp_path_factory):
    """A daemon with the default config (Harper and every default rule), in a cache folder of its own."""
    home = tmp_path_factory.mktemp("daemon-home")
    started = mtqa(home, "daemon", "start", "--idle-timeout", "600")
    assert started.returncode == 0, started.stderr
    yield home
    mtqa(home, "daemon", "stop")


def rules_only_daemon(tmp_path: Path, *extra: str) -> Path:
    """A daemon started from a folder whose config turns the grammar layer off: it warms up in seconds."""
    home = tmp_path / "home"
    folder = tmp_path / "project"
    folder.mkdir(parents=True)
    (folder / "mtqa.toml").write_text('[mtqa]\ngrammar = "none"\n', encoding="utf-8")
    started = mtqa(home, "daemon", "start", *(extra or ("--idle-timeout", "300")), cwd=folder)  # gone even if a test fails
    assert started.returncode == 0, started.stderr
    return home


def test_a_check_through_the_daemon_is_the_check_run_here(daemon, tmp_path):
    bad, clean = tmp_path / "bad.txt", tmp_path / "clean.txt"
    bad.write_text(BAD, encoding="utf-8")
    clean.write_text(CLEAN, encoding="utf-8")
    for args in (["--format", "json", str(bad), str(clean)], [str(bad)], ["--format", "sarif", str(clean)]):
        before = served(daemon)
        there = mtqa(daemon, "check", *args)
        assert served(daemon) == before + 1  # the daemon ran it
        here = mtqa(daemon, "check", "--no-daemon", *args)
        assert there.returncode == here.returncode
        assert there.stdout.replace(str(tmp_path), "") == here.stdout.replace(str(tmp_path), "")
    report = json.loads(mtqa(daemon, "check", "--format", "json", str(bad)).stdout)
    assert {i["rule"] for i in report["documents"][0]["issues"]} >= {"REP001", "REP003"}


def test_each_command_brings_its_own_colour_settings(daemon, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    env = {k: v for k, v in env_for(daemon).items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    run = lambda **extra: subprocess.run([MTQA, "check", str(story)], capture_output=True, text=True,  # noqa: E731
                                         env={**env_for(daemon), **extra}, timeout=300).stdout
    before = served(daemon)
    assert "\033[" in run(FORCE_COLOR="1")
    assert "\033[" not in run()
    assert served(daemon) == before + 2


def test_the_report_is_encoded_as_the_clients_terminal_wants_it(tmp_path):
    home = rules_only_daemon(tmp_path)
    (tmp_path / "story.txt").write_text("The café said announced it.\n", encoding="utf-8")
    env = env_for(home, PYTHONIOENCODING="latin-1")
    try:
        there, here = (subprocess.run([MTQA, "check", *extra, "--grammar", "none", "story.txt"], capture_output=True,
                                      cwd=tmp_path, env=env, timeout=300) for extra in ([], ["--no-daemon"]))
        assert there.returncode == here.returncode == 1
        assert there.stdout == here.stdout and "The café said".encode("latin-1") in there.stdout
        assert served(home) == 1
    finally:
        mtqa(home, "daemon", "stop")


def test_standard_input_and_fix_go_through_the_daemon(daemon, tmp_path):
    before = served(daemon)
    there = mtqa(daemon, "check", "--format", "json", "-", stdin=BAD)
    here = mtqa(daemon, "check", "--no-daemon", "--format", "json", "-", stdin=BAD)
    assert there.returncode == here.returncode == 1
    assert json.loads(there.stdout)["documents"] == json.loads(here.stdout)["documents"]
    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    fixed = mtqa(daemon, "fix", str(story))
    assert fixed.returncode == 0
    assert fixed.stdout == mtqa(daemon, "fix", "--no-daemon", str(story)).stdout
    assert "the the" not in fixed.stdout
    assert served(daemon) == before + 2


def test_a_client_waiting_for_its_standard_input_does_not_hold_the_daemon(tmp_path):
    """A client reads its standard input to the end before it connects: a slow writer upstream (or a terminal)
    keeps no other client waiting, and the daemon does not give up on the slow one."""
    home = rules_only_daemon(tmp_path)
    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    try:
        slow = subprocess.Popen([MTQA, "check", "--grammar", "none", "-"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_for(home))
        other = mtqa(home, "check", "--grammar", "none", str(story))
        assert other.returncode == 1 and "REP003" in other.stdout
        assert slow.poll() is None  # still waiting for its input
        out, err = slow.communicate(BAD, timeout=300)
        assert slow.returncode == 1 and "REP003" in out, err
        assert served(home) == 2  # both ran in the daemon
    finally:
        mtqa(home, "daemon", "stop")


def test_a_feed_through_the_daemon_is_the_feed_checked_here(daemon, tmp_path):
    feed = Path(__file__).resolve().parent.parent / "corpora" / "samples" / "feed.rss"
    before = served(daemon)
    there = mtqa(daemon, "feed", "--state", "seen.json", "--format", "json", str(feed), cwd=tmp_path)
    assert served(daemon) == before + 1
    here = mtqa(daemon, "feed", "--no-daemon", "--format", "json", str(feed), cwd=tmp_path)
    assert there.returncode == here.returncode
    assert json.loads(there.stdout)["documents"] == json.loads(here.stdout)["documents"]
    assert (tmp_path / "seen.json").is_file()  # the state file, in the client's folder
    again = mtqa(daemon, "feed", "--state", "seen.json", "--format", "json", str(feed), cwd=tmp_path)
    assert json.loads(again.stdout)["documents"] == [] and "0 checked" in again.stderr
    piped = mtqa(daemon, "feed", "--format", "json", "-", stdin=feed.read_text(encoding="utf-8"), cwd=tmp_path)
    assert served(daemon) == before + 3  # standard input goes with the command
    assert [d["issues"] for d in json.loads(piped.stdout)["documents"]] == [d["issues"] for d in json.loads(here.stdout)["documents"]]


def test_the_daemon_works_in_the_clients_folder_with_its_config(daemon, tmp_path):
    (tmp_path / "mtqa.toml").write_text('[mtqa]\nignore = ["REP001"]\n', encoding="utf-8")
    (tmp_path / "story.txt").write_text(BAD, encoding="utf-8")
    proc = mtqa(daemon, "check", "--format", "json", "-o", "report.json", "story.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    rules = {i["rule"] for i in json.loads((tmp_path / "report.json").read_text())["documents"][0]["issues"]}
    assert "REP003" in rules and "REP001" not in rules  # the folder's config, not the daemon's


def test_files_the_daemon_writes_get_the_clients_umask(tmp_path):
    home = rules_only_daemon(tmp_path)
    (tmp_path / "story.txt").write_text(BAD, encoding="utf-8")
    try:
        for extra, report in (([], "there.json"), (["--no-daemon"], "here.json")):
            proc = subprocess.run([MTQA, "check", *extra, "--grammar", "none", "--fix", "--format", "json", "-o",
                                   report, "story.txt"], capture_output=True, text=True, cwd=tmp_path,
                                  env=env_for(home), umask=0o077, timeout=300)
            assert proc.returncode == 1, proc.stderr
            assert (tmp_path / report).stat().st_mode & 0o777 == 0o600
            assert (tmp_path / "story.fixed.txt").stat().st_mode & 0o777 == 0o600
            (tmp_path / "story.fixed.txt").unlink()
        assert served(home) == 1
    finally:
        mtqa(home, "daemon", "stop")


def test_an_edited_user_lexicon_is_read_again(tmp_path):
    """The daemon keeps engines by config, and a config names its lexicons by path: an edit to a lexicon between
    two commands is seen, as a fresh process sees it."""
    home = rules_only_daemon(tmp_path)
    folder = tmp_path / "newsroom"
    folder.mkdir()
    (folder / "mtqa.toml").write_text("[mtqa]\ngrammar = 'none'\nlexicons = ['house.tsv']\n", encoding="utf-8")
    (folder / "story.txt").write_text("They made the grand bridge. They took the little bridge.\n", encoding="utf-8")
    header = (Path(__file__).resolve().parent.parent / "corpora" / "calques.tsv").read_text(encoding="utf-8").splitlines()[3]

    def house(pattern: str) -> None:
        row = ["X001", "CAL003", pattern, "took a long weekend", "faire le pont", "House rule.", "", "", "",
               f"They [[{pattern}]].", "took a long weekend", "They crossed it.", "house"]
        (folder / "house.tsv").write_text(header + "\n" + "\t".join(row) + "\n", encoding="utf-8")

    try:
        for pattern in ("made the grand bridge", "took the little bridge"):
            house(pattern)
            there = mtqa(home, "check", "--format", "json", "story.txt", cwd=folder)
            here = mtqa(home, "check", "--no-daemon", "--format", "json", "story.txt", cwd=folder)
            assert there.stdout == here.stdout, there.stderr
            issues = json.loads(there.stdout)["documents"][0]["issues"]
            assert [i["text"] for i in issues if i["rule"] == "CAL003"] == [pattern]
        assert served(home) == 2
    finally:
        mtqa(home, "daemon", "stop")


def test_a_report_written_to_dev_stdout_reaches_the_client(tmp_path):
    """`-o /dev/stdout` (or a link to it) names the client's own standard output, not the daemon's (its log)."""
    home = rules_only_daemon(tmp_path)
    (tmp_path / "story.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "report.json").symlink_to("/dev/stdout")
    try:
        for output in ("/dev/stdout", "report.json"):
            with open(tmp_path / "out.json", "w") as out:
                proc = subprocess.run([MTQA, "check", "--grammar", "none", "--format", "json", "-o", output,
                                       "story.txt"], stdout=out, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                                      env=env_for(home), timeout=300)
            assert proc.returncode == 1, proc.stderr
            assert json.loads((tmp_path / "out.json").read_text())["documents"][0]["issues"]
        assert "ready on" in _log(home)  # the daemon's log is still its log
    finally:
        mtqa(home, "daemon", "stop")


def test_errors_name_the_file_and_keep_their_exit_codes(daemon, tmp_path):
    missing = tmp_path / "missing.txt"
    there = mtqa(daemon, "check", str(missing))
    here = mtqa(daemon, "check", "--no-daemon", str(missing))
    assert there.returncode == here.returncode == 2
    assert str(missing) in there.stderr and there.stderr == here.stderr
    usage = mtqa(daemon, "check", "--fail-under", "lots", str(missing))
    assert usage.returncode == 2 and "expected a score from 0 to 100" in usage.stderr  # argparse, before anything is handed on


def test_a_client_in_a_removed_folder_checks_its_files_here(tmp_path):
    home = rules_only_daemon(tmp_path)
    story, gone = tmp_path / "story.txt", tmp_path / "gone"
    story.write_text(BAD, encoding="utf-8")
    gone.mkdir()
    try:
        proc = subprocess.run(["sh", "-c", f'cd "{gone}" && rmdir "{gone}" && exec "{MTQA}" check --grammar none --select REP001 "{story}"'],
                              capture_output=True, text=True, env=env_for(home), timeout=300)
        assert proc.returncode == 1 and "REP001" in proc.stdout, proc.stderr
        assert "Traceback" not in proc.stderr
    finally:
        mtqa(home, "daemon", "stop")


def test_worker_processes_are_not_run_by_the_daemon(daemon, tmp_path):
    for n in range(3):
        (tmp_path / f"d{n}.txt").write_text(CLEAN, encoding="utf-8")
    before = served(daemon)
    assert mtqa(daemon, "check", "--jobs", "2", str(tmp_path)).returncode == 0
    assert served(daemon) == before


def many_documents(folder: Path) -> Path:
    """2,000 distinct small documents: seconds of work on any machine, so a test can act in the middle of it."""
    folder.mkdir()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        from batch import small_documents
    finally:
        sys.path.pop(0)
    for n, text in enumerate(small_documents()[:2000]):
        (folder / f"d{n:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def test_a_client_that_hangs_up_stops_its_command_and_frees_the_daemon(daemon, tmp_path):
    folder = many_documents(tmp_path / "many")
    env = env_for(daemon)
    client = subprocess.Popen([MTQA, "check", "--no-cache", str(folder)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=env)
    for _ in range(600):  # until the daemon has begun the command
        if f"running mtqa check --no-cache {folder}" in _log(daemon):
            break
        time.sleep(0.05)
    time.sleep(0.3)
    client.send_signal(signal.SIGKILL)  # gone without a word, as a closed terminal leaves
    client.wait()
    (tmp_path / "after.txt").write_text(BAD, encoding="utf-8")
    after = mtqa(daemon, "check", str(tmp_path / "after.txt"))
    assert after.returncode == 1 and "REP003" in after.stdout
    assert "a client hung up; its command is interrupted" in _log(daemon)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_gives_the_partial_report_as_it_does_in_process(daemon, tmp_path, signum):
    """Ctrl-C (or SIGTERM) reaches the client only: the daemon's command is interrupted, and its partial report
    (valid JSON, marked interrupted) and exit code 130 (143) still come back, as they do in-process."""
    folder = many_documents(tmp_path / "many")
    client = subprocess.Popen([MTQA, "check", "--no-cache", "--format", "json", str(folder)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env_for(daemon))
    for _ in range(600):  # until the daemon has begun the command
        if f"running mtqa check --no-cache --format json {folder}" in _log(daemon):
            break
        time.sleep(0.05)
    time.sleep(0.3)
    client.send_signal(signum)
    out, err = client.communicate(timeout=300)
    assert client.returncode == 128 + signum, err
    assert json.loads(out)["summary"]["interrupted"] is True
    assert "Traceback" not in err
    assert mtqa(daemon, "check", "-", stdin=BAD).returncode == 1


def test_a_reader_that_stops_reading_ends_the_command_quietly(daemon, tmp_path):
    """`mtqa check ... | head`: the client's output pipe closes; the client exits 0 without a traceback, as it does
    in-process, and its hang-up interrupts the command in the daemon, which goes on serving."""
    long = tmp_path / "long.txt"
    long.write_text("The the talks ended on Friday.\n\n" * 2000, encoding="utf-8")  # 2,000 findings: over 64 KB
    env = env_for(daemon)
    for extra in ([], ["--no-daemon"]):
        client = subprocess.Popen([MTQA, "check", *extra, "--grammar", "none", str(long)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=env)
        assert client.stdout.read(200)
        client.stdout.close()
        err = client.stderr.read().decode()
        assert client.wait(timeout=300) == 0, err
        assert "Traceback" not in err and "daemon stopped" not in err
    assert mtqa(daemon, "check", "-", stdin=BAD).returncode == 1


def _socket(home: Path) -> Path:
    return Path(env_for(home)["MTQA_DAEMON_SOCKET"])


def _log(home: Path) -> str:
    return _socket(home).with_suffix(".log").read_text(encoding="utf-8")


def _raw_request(home: Path, payload: bytes) -> bytes:
    """Send one frame of the daemon's protocol by hand; what comes back."""
    from mtqa.daemon import REQUEST, _HEADER

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(60)
        conn.connect(str(_socket(home)))
        conn.sendall(_HEADER.pack(REQUEST, len(payload)) + payload)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_bad_requests_are_refused_and_the_daemon_goes_on(daemon):
    for payload in (b"not json", b"[1, 2]", json.dumps({"op": "run", "argv": "check"}).encode(),
                    json.dumps({"op": "run"}).encode(),
                    json.dumps({"op": "run", "argv": ["check", "-"], "cwd": "/", "env": [1], "tty": "yes"}).encode(),
                    json.dumps({"op": "run", "argv": ["serve"], "cwd": "/"}).encode()):  # would hold it for good
        from mtqa.daemon import fingerprint

        body = json.loads(payload) if payload.startswith(b"{") else None
        if isinstance(body, dict):  # past the version check, to the command line's own checks
            payload = json.dumps({**body, "fingerprint": fingerprint()}).encode()
        _raw_request(daemon, payload)
        assert served(daemon) >= 0  # still answering


def test_requests_that_are_not_commands_do_not_stop_the_daemon(daemon):
    """Only a client of another mtqa (its fingerprint differs) stops the daemon; a request with no op, an unknown
    op or no fingerprint is refused like any other malformed one."""
    for request in ({}, {"op": "restart"}, {"op": "run", "argv": ["check", "-"], "cwd": "/"}):
        assert b"stale" not in _raw_request(daemon, json.dumps(request).encode())
        assert served(daemon) >= 0  # still answering


def test_a_changed_mtqa_stops_the_daemon_and_checks_for_itself(tmp_path):
    home = rules_only_daemon(tmp_path)
    story = tmp_path / "story.txt"
    story.write_text(BAD, encoding="utf-8")
    code = ("import sys\nimport mtqa.daemon\nmtqa.daemon.fingerprint = lambda: 'an mtqa edited since'\n"
            f"from mtqa.cli import main\nsys.exit(main(['check', '--grammar', 'none', {str(story)!r}, '-']))")
    env = env_for(home)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300,
                          input="The the ministers said announced it.\n")
    assert proc.returncode == 1 and "REP003" in proc.stdout  # checked here, in full
    assert "2 document(s) checked" in proc.stdout  # standard input, read for the daemon, is read again here
    assert "mtqa has changed since the daemon started" in proc.stderr
    for _ in range(100):
        if mtqa(home, "daemon", "status").returncode == 1:
            break
        time.sleep(0.1)
    assert mtqa(home, "daemon", "status").returncode == 1
    assert not _socket(home).exists()


def test_the_fingerprint_follows_the_shipped_tables_as_well_as_the_modules(tmp_path, monkeypatch):
    # an update that changes only a lexicon or word list must not leave a daemon serving the old one
    import mtqa.resources
    from mtqa.daemon import fingerprint

    corpora = tmp_path / "corpora"
    corpora.mkdir()
    table = corpora / "calques.tsv"
    table.write_text("x\n", encoding="utf-8")
    monkeypatch.setattr(mtqa.resources, "data_path", lambda kind, *parts: corpora.joinpath(*parts))
    os.utime(table, ns=(1, 4_000_000_000_000_000_000))  # newer than any module
    before = fingerprint()
    os.utime(table, ns=(1, 4_000_000_000_000_000_001))
    assert fingerprint() != before


def test_the_daemon_stops_when_idle_and_on_stop(tmp_path):
    idle = rules_only_daemon(tmp_path / "idle", "--idle-timeout", "1")
    for _ in range(300):
        if mtqa(idle, "daemon", "status").returncode == 1:
            break
        time.sleep(0.1)
    status = mtqa(idle, "daemon", "status")
    assert status.returncode == 1 and "no daemon" in status.stdout
    assert "no command for 1 s" in _log(idle)

    home = rules_only_daemon(tmp_path / "told")
    again = mtqa(home, "daemon", "start")
    assert again.returncode == 0 and "already running" in again.stderr
    stopped = mtqa(home, "daemon", "stop")
    assert "daemon stopped" in stopped.stderr
    assert mtqa(home, "daemon", "status").returncode == 1
    assert "no daemon" in mtqa(home, "daemon", "stop").stderr
    (tmp_path / "story.txt").write_text(BAD, encoding="utf-8")
    assert mtqa(home, "check", "--grammar", "none", str(tmp_path / "story.txt")).returncode == 1  # here, as before


def test_a_folder_whose_config_does_not_load_still_gets_a_daemon(tmp_path):
    """The daemon warms the default config when the folder it starts in has a broken one; each command still
    reads, and reports, its own folder's config."""
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "mtqa.toml").write_text("[mtqa]\ngrammar = 3\n", encoding="utf-8")
    (folder / "story.txt").write_text(BAD, encoding="utf-8")
    home = tmp_path / "home"
    try:
        assert mtqa(home, "daemon", "start", "--idle-timeout", "300", cwd=folder).returncode == 0
        proc = mtqa(home, "check", "story.txt", cwd=folder)
        assert proc.returncode == 2 and "mtqa.toml" in proc.stderr and "grammar" in proc.stderr
        assert served(home) == 1
        assert "warming the default config" in _log(home)
    finally:
        mtqa(home, "daemon", "stop")


def test_a_daemon_busy_with_a_command_is_still_running(tmp_path):
    """The daemon takes one connection at a time: while it runs a long command, a status or a start that gets no
    answer in time finds it busy, not gone (a socket that takes connections and answers none stands for it)."""
    home = tmp_path / "home"
    env_for(home)
    busy = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        busy.bind(str(_socket(home)))
        busy.listen(16)
        status = mtqa(home, "daemon", "status")
        assert status.returncode == 0 and "busy" in status.stdout
        start = mtqa(home, "daemon", "start")
        assert start.returncode == 0 and "already running" in start.stderr
    finally:
        busy.close()


def test_two_starts_at_once_leave_one_daemon(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "mtqa.toml").write_text('[mtqa]\ngrammar = "none"\n', encoding="utf-8")
    home = tmp_path / "home"
    env = env_for(home)
    starts = [subprocess.Popen([MTQA, "daemon", "start", "--idle-timeout", "300"], cwd=folder, env=env,
                               stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        said = [p.communicate(timeout=300)[1] for p in starts]
        assert [p.returncode for p in starts] == [0, 0], said
        assert sum("daemon started" in s for s in said) == 1 and sum("already running" in s for s in said) == 1
        pids = {int(s.split("pid ")[1].split(",")[0]) for s in said}
        assert len(pids) == 1  # both name the same daemon
        (folder / "story.txt").write_text(BAD, encoding="utf-8")
        assert mtqa(home, "check", "story.txt", cwd=folder).returncode == 1
        assert served(home) == 1
    finally:
        mtqa(home, "daemon", "stop")


def test_auto_starts_a_daemon_after_a_command_that_found_none(tmp_path):
    """MTQA_DAEMON=auto: the first command runs here and leaves a daemon warming up; the next ones go to it.
    MTQA_DAEMON=off keeps a command here although a daemon runs."""
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "mtqa.toml").write_text('[mtqa]\ngrammar = "none"\n', encoding="utf-8")
    (folder / "story.txt").write_text(BAD, encoding="utf-8")
    home = tmp_path / "home"

    def check(setting: str) -> subprocess.CompletedProcess:
        return subprocess.run([MTQA, "check", "story.txt"], capture_output=True, text=True, cwd=folder, timeout=300,
                              env=env_for(home, MTQA_DAEMON=setting))
    try:
        first = check("auto")
        assert first.returncode == 1 and "REP003" in first.stdout, first.stderr
        for _ in range(600):
            if mtqa(home, "daemon", "status").returncode == 0:
                break
            time.sleep(0.1)
        assert served(home) == 0  # started after the command, which ran here
        second = check("auto")
        assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
        assert served(home) == 1
        here = check("off")
        assert (here.returncode, here.stdout) == (first.returncode, first.stdout)
        assert served(home) == 1
        assert _log(home).count(" ready on ") == 1 and "another daemon" not in _log(home)  # one was started
    finally:
        mtqa(home, "daemon", "stop")


def test_a_bad_mtqa_daemon_setting_is_a_usage_error(tmp_path):
    (tmp_path / "story.txt").write_text(BAD, encoding="utf-8")
    proc = subprocess.run([MTQA, "check", "--grammar", "none", str(tmp_path / "story.txt")], capture_output=True,
                          text=True, timeout=300, env=env_for(tmp_path / "home", MTQA_DAEMON="sometimes"))
    assert proc.returncode == 2 and "MTQA_DAEMON" in proc.stderr and "auto, on, off" in proc.stderr
    assert not _socket(tmp_path / "home").exists()


def test_each_installation_has_a_socket_of_its_own_in_the_cache_folder(tmp_path, monkeypatch):
    from mtqa.daemon import socket_path

    monkeypatch.delenv("MTQA_DAEMON_SOCKET", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = socket_path()
    assert path.parent == tmp_path / "mtqa" and path.name.startswith("daemon-") and path.suffix == ".sock"
    assert path == socket_path()  # the same installation, the same socket
    monkeypatch.setattr(sys, "executable", "/elsewhere/bin/python3")
    assert socket_path() != path  # another interpreter, another daemon
    monkeypatch.setenv("MTQA_DAEMON_SOCKET", str(tmp_path / "s.sock"))
    assert socket_path() == tmp_path / "s.sock"


def test_a_socket_path_too_long_for_unix_is_refused_with_the_way_out(tmp_path, monkeypatch):
    from mtqa import daemon
    from mtqa.errors import MtqaError

    monkeypatch.setenv("MTQA_DAEMON_SOCKET", str(tmp_path / ("x" * 120) / "d.sock"))
    with pytest.raises(MtqaError, match="MTQA_DAEMON_SOCKET"):
        daemon.start()


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_a_socket_path_where_a_file_or_folder_is_is_refused_and_left_as_it_is(tmp_path, monkeypatch, kind):
    # `daemon start` deleted a file at MTQA_DAEMON_SOCKET to listen there, and appended its log to notes.log
    from mtqa import daemon
    from mtqa.errors import MtqaError

    there = tmp_path / "notes.txt"
    if kind == "file":
        there.write_text("important notes\n", encoding="utf-8")
    else:
        there.mkdir()
    monkeypatch.setenv("MTQA_DAEMON_SOCKET", str(there))
    with pytest.raises(MtqaError, match=f"is a {kind}, not a socket"):
        daemon.start()
    assert there.read_text(encoding="utf-8") == "important notes\n" if kind == "file" else there.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # no lock or log made either


def test_auto_mode_with_a_file_at_the_socket_path_says_so_and_starts_no_daemon(tmp_path):
    # each command spawned a daemon that died at once, with a traceback in notes.txt.log
    there = tmp_path / "notes.txt"
    there.write_text("important notes\n", encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text("The the talks failed.\n", encoding="utf-8")
    env = {**os.environ, "MTQA_DAEMON": "auto", "MTQA_DAEMON_SOCKET": str(there)}
    proc = subprocess.run([MTQA, "check", "--grammar", "none", str(story)], capture_output=True, text=True, env=env)
    assert proc.returncode == 1 and "REP001" in proc.stdout  # the command itself ran
    assert "could not start a daemon (MTQA_DAEMON=auto)" in proc.stderr and "is a file, not a socket" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "story.txt"]
    assert there.read_text(encoding="utf-8") == "important notes\n"


def test_the_lock_and_log_of_a_socket_path_go_beside_it_without_replacing_its_extension():
    from mtqa.daemon import _beside

    assert _beside(Path("/c/daemon-1.sock"), ".log") == Path("/c/daemon-1.log")
    assert _beside(Path("/c/notes.txt"), ".log") == Path("/c/notes.txt.log")
