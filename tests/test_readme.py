"""Every manage.py command the README and the guides show works as written, after what
`make run` sets up and while it runs.

They run in a copy of the code with the `.env` file that the Makefile's own recipe writes, and a
scratch SQLite database (the embedded default), as on a newcomer's machine, while the
development server, the email worker and a visitor use the same database. `make` targets are
not run here: CI runs `make test`, and `make run` serves until stopped.
"""

import os
import pty
import re
import select
import shlex
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import pytest

from tests.helpers import free_port

REPO = Path(__file__).resolve().parent.parent
# One checkout with its running server and worker for the whole module.
pytestmark = pytest.mark.serial
# Commands that set up a production machine rather than use the checkout.
NOT_RUN_HERE = ("make ", "python -m venv", "UPDATE_SCREENSHOTS=")
# Commands that run until stopped: they must start and keep running.
LONG_RUNNING = ("db_worker",)


# The README, then the guides, in this order: a later command builds on an earlier one.
GUIDES = ["README.md", "docs/organisers.md", "docs/participants.md", "docs/operations.md"]


def readme_commands() -> list[str]:
    """Return the README's and the guides' shell commands, in order; a command the operations
    guide repeats from the README for a production machine runs once, except `migrate`, which
    follows the migrations made since."""
    commands = []
    for guide in GUIDES:
        text = (REPO / guide).read_text()
        for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
            for line in block.replace("\\\n", " ").splitlines():
                command = line.split("  #")[0].strip()
                if command and not command.startswith(("#", *NOT_RUN_HERE)):
                    commands.append(command)
        inline = re.findall(r"`(\.venv/bin/python manage\.py [^`]+)`", text)
        commands += [command for command in inline if "[" not in command]
    seen = set()
    once = []
    for command in commands:
        if command not in seen or command.endswith("manage.py migrate"):
            once.append(command)
        seen.add(command)
    return once


@pytest.fixture(scope="module")
def newcomer_checkout(tmp_path_factory):
    """A copy of the code after `make run`: .venv, the Makefile's .env, a migrated database."""
    root = tmp_path_factory.mktemp("checkout")
    apps = [path.name for path in REPO.iterdir() if (path / "apps.py").exists()]
    for name in (
        "manage.py", "clusters_event", "templates", "static", "locale", "Makefile",
        "pyproject.toml", "gunicorn.conf.py", "scripts", *apps,
    ):  # fmt: skip
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    (root / ".venv").symlink_to(REPO / ".venv")
    subprocess.run(["make", "--no-print-directory", ".env"], cwd=root, check=True)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(root),
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
    }
    for step in (["migrate", "--noinput"], ["load_seed_edition"]):
        subprocess.run([".venv/bin/python", "manage.py", *step], cwd=root, env=env, check=True)
    # What `make run` starts: the development server and the worker, on the same database.
    port = free_port()
    running = [
        subprocess.Popen(
            [".venv/bin/python", "manage.py", *command],
            cwd=root,
            env=env | {"PORT": str(port)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for command in (["runserver", f"127.0.0.1:{port}", "--noreload"], ["db_worker"])
    ]
    visitor = Visitor(f"http://127.0.0.1:{port}")
    visitor.start()
    yield root, env
    visitor.stop()
    for process in running:
        assert process.poll() is None, "the server or the worker stopped meanwhile"
        process.terminate()
        process.wait(timeout=20)
    assert visitor.failures == [], visitor.failures


class Visitor(threading.Thread):
    """Reads pages of the running server until stopped, noting any error page."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base, self.failures, self.stopping = base, [], threading.Event()

    def run(self):
        paths = ["/milano-2024/", "/milano-2024/agenda/", "/milano-2024/register/", "/editions/"]
        while not self.stopping.is_set():
            for path in paths:
                try:
                    with urllib.request.urlopen(self.base + path, timeout=30) as response:
                        response.read()
                except urllib.error.HTTPError as error:
                    self.failures.append(f"{path}: {error.code}")
                except OSError:
                    pass  # still starting
            self.stopping.wait(1.0)  # pages read while the commands write

    def stop(self):
        self.stopping.set()
        self.join(timeout=60)


def run_in_terminal(command: str, cwd: Path, env: dict, answers: list[tuple[str, str]]) -> str:
    """Run a command on a pseudo-terminal (createsuperuser asks questions), answering prompts."""
    with warnings.catch_warnings():
        # The child only changes directory and execs: nothing there can deadlock on a lock
        # held by another of pytest's threads.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid, fd = pty.fork()
    if pid == 0:  # the child
        os.chdir(cwd)
        args = shlex.split(command)
        os.execvpe(args[0], args, env)
    output, deadline = "", time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            try:
                chunk = os.read(fd, 1024).decode(errors="replace")
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if answers and answers[0][0] in output.rsplit("\n", 1)[-1]:
                os.write(fd, (answers.pop(0)[1] + "\n").encode())
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output
    return output


def test_the_readme_shows_the_commands_this_test_runs():
    commands = readme_commands()
    assert ".venv/bin/python manage.py createsuperuser" in commands
    assert any("copy_edition" in command for command in commands)
    assert any("db_worker" in command for command in commands)


def test_every_readme_command_works_as_written(newcomer_checkout):
    """In the README's order (a later command builds on an earlier one), each checked."""
    root, env = newcomer_checkout
    failures = {}
    for command in readme_commands():
        if problem := run_as_written(command, root, env):
            failures[command] = problem
    assert failures == {}


def run_as_written(command: str, root: Path, env: dict) -> str | None:
    """Run one README command in the checkout; return what went wrong, or None."""
    words = shlex.split(command)
    assignments = dict(word.split("=", 1) for word in words if re.match(r"^[A-Z_]+=", word))
    args = [word for word in words if not re.match(r"^[A-Z_]+=", word)]
    command_env = env | assignments
    if "createsuperuser" in args:
        output = run_in_terminal(
            shlex.join(args),
            root,
            command_env,
            [
                ("Username", "organiser"),
                ("Email address", "organiser@example.org"),
                ("Password:", "a-long-unusual-passphrase"),
                ("Password (again)", "a-long-unusual-passphrase"),
            ],
        )
        subprocess.run(  # so the next run of the same command can create it again
            [".venv/bin/python", "manage.py", "shell", "-c",
             "from django.contrib.auth.models import User; User.objects.all().delete()"],
            cwd=root, env=env, check=True,
        )  # fmt: skip
        return None if "Superuser created successfully." in output else output
    if "create_organiser" in args or "create_door_staff" in args:
        command_env["ORGANISER_PASSWORD"] = "a-long-unusual-passphrase"
    if any(name in args for name in LONG_RUNNING):
        process = subprocess.Popen(args, cwd=root, env=command_env, stdout=subprocess.DEVNULL)
        time.sleep(3)
        still_running = process.poll() is None
        process.terminate()
        process.wait(timeout=10)
        return None if still_running else "stopped at once"
    result = subprocess.run(args, cwd=root, env=command_env, capture_output=True, text=True)
    return None if result.returncode == 0 else result.stdout + result.stderr


def test_a_demo_command_that_fails_leaves_nothing_half_done(newcomer_checkout, tmp_path):
    root, env = newcomer_checkout
    database = tmp_path / "copy.sqlite3"
    with sqlite3.connect(root / "db.sqlite3") as source, sqlite3.connect(database) as copy:
        source.backup(copy)
    env = env | {"DATABASE_URL": f"sqlite:///{database}"}

    def manage(*args: str) -> subprocess.CompletedProcess:
        command = [".venv/bin/python", "manage.py", *args]
        return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)

    manage("copy_edition", "milano-2024", "demo-2030", "--start", "2030-03-19")
    assert manage("load_demo_participants", "demo-2030", "--count", "30").returncode == 0
    with sqlite3.connect(database) as connection:  # the sixth meeting fails, as a full disk would
        before = connection.execute("SELECT count(*) FROM meetings_meeting").fetchone()[0]
        connection.execute(
            "CREATE TRIGGER sixth_fails BEFORE INSERT ON meetings_meeting "
            f"WHEN (SELECT count(*) FROM meetings_meeting) >= {before + 5} "
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    failed = manage("load_demo_meetings", "demo-2030", "--count", "20")
    assert failed.returncode != 0 and "disk full" in failed.stderr
    with sqlite3.connect(database) as connection:
        edition = "(SELECT id FROM events_edition WHERE slug = 'demo-2030')"
        left = [
            connection.execute(
                f"SELECT count(*) FROM {table} WHERE edition_id = {edition}"
            ).fetchone()[0]
            for table in ("meetings_matchmaking", "outbox_email")
        ]
        meetings = connection.execute("SELECT count(*) FROM meetings_meeting").fetchone()[0]
    assert (left, meetings) == ([0, 0], before)


def test_make_serve_moves_its_port_and_its_links(newcomer_checkout):
    root, env = newcomer_checkout
    port = free_port()
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}"],
        cwd=root,
        env=env | {"DJANGO_ALLOWED_HOSTS": "127.0.0.1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline, page = time.monotonic() + 90, ""
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/milano-2024/") as response:
                    page = response.read().decode()
            except OSError:
                time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert f'<link rel="canonical" href="http://127.0.0.1:{port}/milano-2024/">' in page


def test_make_run_serves_on_port_and_runs_the_worker():
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert "manage.py runserver 127.0.0.1:8123" in plan
    assert "manage.py db_worker" in plan


def test_links_follow_the_port_unless_site_url_is_set():
    def site_url(**env) -> str:
        return subprocess.run(
            [".venv/bin/python", "-c",
             "from django.conf import settings; import django; django.setup(); "
             "print(settings.SITE_URL)"],
            cwd=REPO, capture_output=True, text=True, check=True,
            env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "clusters_event.settings",
                 "DJANGO_DEBUG": "true", "DJANGO_ENV_FILE": "/nonexistent", **env},
        ).stdout.strip()  # fmt: skip

    assert site_url(PORT="8123") == "http://127.0.0.1:8123"
    assert site_url(GUNICORN_BIND="0.0.0.0:8091") == "http://127.0.0.1:8091"
    assert site_url(PORT="8123", SITE_URL="https://cmr.example.eu") == "https://cmr.example.eu"


def test_make_test_names_the_exact_system_packages_missing_when_not_root(tmp_path):
    """Without root, the set-up stops at once and lists what to install."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "ls", "sleep"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    (bin_dir / "id").write_text("#!/bin/sh\necho 1000\n")  # not root
    (bin_dir / "id").chmod(0o755)
    result = subprocess.run(
        [str(bin_dir / "bash"), "scripts/system-packages", "test"],
        cwd=REPO, capture_output=True, text=True, env={"PATH": str(bin_dir)},
    )  # fmt: skip
    # PostgreSQL's binaries are found by their path, which the empty PATH does not hide.
    has_postgres = bool(list(Path("/usr/lib/postgresql").glob("*/bin/initdb")))
    expected = ["nodejs", "npm", "gettext", *([] if has_postgres else ["postgresql"])]
    expected += ["chromium", "default-jre-headless", "redis-server"]
    # Pango is found by the library cache, which the empty PATH does not hide either.
    libraries = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
    expected += (
        [] if "libpangoft2-1.0.so.0" in libraries else ["libpango-1.0-0", "libpangoft2-1.0-0"]
    )
    fonts = Path("/usr/share/fonts")
    expected += (
        [] if list((fonts / "opentype/noto").glob("NotoSansCJK-*.ttc")) else ["fonts-noto-cjk"]
    )
    expected += (
        [] if (fonts / "truetype/noto/NotoColorEmoji.ttf").exists() else ["fonts-noto-color-emoji"]
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"Missing system packages: {' '.join(expected)}"
