"""The layout of docs/deploy.md on one machine, for `make scaletest`: the
machine's PostgreSQL as the primary, a streaming replica beside it (a second
cluster made with pg_basebackup, on its own port), PgBouncer in transaction
mode in front of each, gunicorn servers, and haproxy in front of those. Only
Debian's engines (postgresql, pgbouncer, haproxy); everything started here
is stopped by ``Cluster.stop``.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from production_server import ROOT, free_port, sql, start_gunicorn

PRIMARY_PORT = 5432
ADMIN = f"postgresql://postgres@127.0.0.1:{PRIMARY_PORT}/postgres"
PG_BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), default=Path("/usr/lib/postgresql/15/bin"))
REPLICATION_RULE = "host replication all 127.0.0.1/32 trust"
LOGS = ROOT / "bench-results" / "scaletest-logs"


def as_postgres(command: list) -> list:
    """PostgreSQL's and PgBouncer's tools refuse to run as root: run them as postgres."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def allow_replication():
    """pg_basebackup needs a replication rule for 127.0.0.1. Debian's default
    pg_hba.conf has none: add one (trust, loopback only, as the rest of this
    machine's rules) and reload; say so."""
    rules = sql(ADMIN, "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database)")[0][0]
    if rules:
        return
    hba = Path(sql(ADMIN, "SHOW hba_file")[0][0])
    with hba.open("a") as file:
        file.write(f"\n# Added by Mend's make scaletest: a streaming replica on this machine.\n{REPLICATION_RULE}\n")
    sql(ADMIN, "SELECT pg_reload_conf()")
    print(f"   added to {hba}: {REPLICATION_RULE}", flush=True)


class Cluster:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        os.chmod(workdir, 0o777)  # the postgres user writes the replica and PgBouncer's files here
        self.processes: dict[str, subprocess.Popen] = {}
        self.replica_dir: Path | None = None

    # --- PostgreSQL ----------------------------------------------------------

    def start_replica(self) -> int:
        """A hot standby of the primary, streaming, on a free port."""
        allow_replication()
        port = free_port()
        self.replica_dir = self.workdir / "replica"
        command = ["pg_basebackup", "-h", "127.0.0.1", "-p", str(PRIMARY_PORT), "-U", "postgres"]
        subprocess.run(
            as_postgres([*command, "-D", str(self.replica_dir), "-R", "-X", "stream", "-c", "fast"]), check=True
        )
        # Debian keeps a cluster's configuration outside its data directory: give the copy its own.
        (self.replica_dir / "postgresql.conf").write_text(
            f"port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.replica_dir}'\n"
            "hot_standby = on\nmax_connections = 100\nshared_buffers = 128MB\n"
        )
        (self.replica_dir / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        (self.replica_dir / "pg_ident.conf").write_text("")
        if os.geteuid() == 0:
            for conf in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
                shutil.chown(self.replica_dir / conf, "postgres")
        start = [
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.replica_dir),
            "-l",
            str(self.workdir / "replica.log"),
            "-w",
            "start",
        ]
        subprocess.run(as_postgres(start), check=True, stdout=subprocess.DEVNULL)
        return port

    def wait_replayed(self, replica_port: int, timeout: float = 60):
        """Until the replica has replayed all the primary has written so far."""
        target = sql(ADMIN, "SELECT pg_current_wal_lsn()::text")[0][0]
        replica = f"postgresql://postgres@127.0.0.1:{replica_port}/postgres"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sql(replica, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", target)[0][0]:
                return
            time.sleep(0.1)
        raise SystemExit(f"the replica did not replay {target} within {timeout} s")

    # --- PgBouncer, gunicorn, haproxy ----------------------------------------

    def start_pgbouncer(self, name: str, target_port: int) -> int:
        """PgBouncer in transaction mode in front of the server on ``target_port``."""
        port = free_port()
        folder = self.workdir / name
        folder.mkdir()
        (folder / "users.txt").write_text('"postgres" ""\n')
        config = folder / "pgbouncer.ini"
        config.write_text(
            f"[databases]\n* = host=127.0.0.1 port={target_port}\n\n[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {folder / 'users.txt'}\n"
            "pool_mode = transaction\nmax_client_conn = 400\ndefault_pool_size = 20\n"
            f"logfile = {folder / 'pgbouncer.log'}\npidfile = {folder / 'pgbouncer.pid'}\n"
            "ignore_startup_parameters = extra_float_digits,options\n"
            # A database that was away is tried again after a second, not 15;
            # meanwhile a client waits at most 5 s for a connection, then gets
            # an error (Mend's 503 page) rather than a page that hangs.
            "server_login_retry = 1\nquery_wait_timeout = 5\n"
        )
        os.chmod(folder, 0o777)
        self.processes[name] = subprocess.Popen(
            as_postgres(["pgbouncer", "--quiet", str(config)]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wait_for_port(port)
        return port

    def start_app(self, name: str, env: dict) -> int:
        port = free_port()
        self.processes[name] = start_gunicorn(env, port, self.workdir, log_name=f"{name}.log")
        return port

    def start_haproxy(self, apps: dict[str, int]) -> int:
        """Round robin over ``apps``, each checked on /healthz twice a second;
        a request that cannot reach one goes to another."""
        port = free_port()
        servers = "".join(
            f"  server {name} 127.0.0.1:{app_port} check inter 500ms fall 2 rise 2\n" for name, app_port in apps.items()
        )
        config = self.workdir / "haproxy.cfg"
        config.write_text(
            "global\n  maxconn 1000\n\n"
            "defaults\n  mode http\n  timeout connect 2s\n  timeout client 60s\n  timeout server 60s\n"
            "  retries 3\n  option redispatch\n\n"
            f"frontend mend\n  bind 127.0.0.1:{port}\n  default_backend app\n\n"
            "backend app\n  balance roundrobin\n  option httpchk\n"
            "  http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1\n"
            f"  http-check expect status 200\n{servers}"
        )
        self.processes["haproxy"] = subprocess.Popen(
            ["haproxy", "-db", "-f", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=(self.workdir / "haproxy.log").open("w"),
        )
        _wait_for_port(port)
        time.sleep(1.5)  # its first health checks
        return port

    def kill(self, name: str):
        """Kill an app server at once, workers and all, as a crash would."""
        process = self.processes.pop(name)
        workers = _children(process.pid)
        process.kill()
        for worker in workers:
            os.kill(worker, signal.SIGKILL)
        process.wait(10)

    def stop(self):
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.replica_dir and (self.replica_dir / "postmaster.pid").exists():
            stop = [str(PG_BIN / "pg_ctl"), "-D", str(self.replica_dir), "-m", "immediate", "-w", "stop"]
            subprocess.run(as_postgres(stop), stdout=subprocess.DEVNULL, check=False)
        # The servers' logs stay, for reading after a failure.
        LOGS.mkdir(parents=True, exist_ok=True)
        for log in [*self.workdir.glob("*.log"), *self.workdir.glob("*/*.log")]:
            shutil.copy(log, LOGS / log.name)
        shutil.rmtree(self.workdir, ignore_errors=True)


def _wait_for_port(port: int, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listens on port {port} after {timeout} s")


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []
