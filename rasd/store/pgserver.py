"""A throwaway PostgreSQL cluster on loopback, for tests and `make test-pg`.

Finds Debian's server binaries (installing the `postgresql` package when they
are missing and we are root), creates a cluster in a temporary directory,
starts it on a free 127.0.0.1 port with its socket in that directory, and
removes everything on stop.  Nothing outside the temp dir is touched, so it
never meets a server the machine already runs.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field


class ServerUnavailable(RuntimeError):
    """PostgreSQL cannot be installed or started here; the message says why."""


def find_bindir() -> str | None:
    """The newest installed server's bin directory (Debian keeps them out of PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def install() -> str:
    """Install Debian's server package when missing; returns the bin dir or raises ServerUnavailable."""
    bindir = find_bindir()
    if bindir:
        return bindir
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise ServerUnavailable("PostgreSQL is not installed and this user cannot apt-get install it "
                                "(run: sudo apt-get install postgresql)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"]):
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if r.returncode != 0 and cmd[1] == "install":
            raise ServerUnavailable(f"apt-get install postgresql failed: {r.stderr.strip()[-300:]}")
    bindir = find_bindir()
    if not bindir:
        raise ServerUnavailable("postgresql was installed but no initdb was found")
    return bindir


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    """One running throwaway cluster; `url(db)` gives a connection URL."""

    bindir: str
    root: str
    port: int
    user: str = "rasd"
    _run_as: list[str] = field(default_factory=list)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def _pg(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        r = subprocess.run([*self._run_as, os.path.join(self.bindir, tool), *args], capture_output=True, text=True)
        if check and r.returncode != 0:
            raise ServerUnavailable(f"{tool} failed: {(r.stderr or r.stdout).strip()[-500:]}")
        return r

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = name or "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        self._pg("pg_ctl", "-D", os.path.join(self.root, "data"), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def start(bindir: str | None = None) -> Cluster:
    """Create and start a cluster; raises ServerUnavailable with the reason when it cannot."""
    bindir = bindir or install()
    root = tempfile.mkdtemp(prefix="rasd-pg-")
    run_as: list[str] = []
    if os.geteuid() == 0:
        # initdb refuses to run as root: run the server as Debian's postgres user.
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError as e:
            raise ServerUnavailable("running as root and there is no 'postgres' user to run the server") from e
        os.chown(root, pw.pw_uid, pw.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    os.chmod(root, 0o700)
    cluster = Cluster(bindir=bindir, root=root, port=_free_port(), _run_as=run_as)
    data = os.path.join(root, "data")
    try:
        cluster._pg("initdb", "-D", data, "-U", cluster.user, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")
        opts = (f"-c listen_addresses=127.0.0.1 -p {cluster.port} -k {root} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
        cluster._pg("pg_ctl", "-D", data, "-o", opts, "-l", os.path.join(root, "log"), "-w", "-t", "60", "start")
    except ServerUnavailable:
        log = os.path.join(root, "log")
        tail = open(log, encoding="utf-8", errors="replace").read()[-500:] if os.path.exists(log) else ""
        shutil.rmtree(root, ignore_errors=True)
        raise ServerUnavailable(f"could not start PostgreSQL: {tail}") from None
    return cluster


def main() -> None:
    """`python -m rasd.store.pgserver`: start a cluster, print its URL, stop on Enter or Ctrl-C."""
    c = start()
    print(c.create_database("rasd"), flush=True)
    try:
        input()
    except (KeyboardInterrupt, EOFError):
        pass
    finally:
        c.stop()


if __name__ == "__main__":
    main()
