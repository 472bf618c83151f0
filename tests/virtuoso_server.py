"""A real Virtuoso Open-Source 7 server for the two-store tests: ``virtuoso-t -f -c INI`` with a temporary database.

The fixture writes a ``virtuoso.ini`` in a temporary folder (its database, transaction log and lock file there;
the SQL and HTTP ports free ports of 127.0.0.1), starts the server in the foreground as a child process, waits
until ``/sparql`` answers, and creates a user allowed to write (``SPARQL_UPDATE``) for the authenticated
endpoints ``/sparql-auth`` (SPARQL Update) and ``/sparql-graph-crud-auth`` (Graph Store Protocol), both with
HTTP digest authentication. It is stopped by its process id.

Virtuoso is the Debian package ``virtuoso-opensource`` (``.ci/run`` installs it when missing).
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from oxigraph_server import free_port

from kgtool.publish.server import stop

USER = "kgtool"
PASSWORD = "kgtool-test-secret"
"""The writer the fixture creates (a throw-away database on a loopback port)."""

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}, /usr/share/virtuoso-opensource-7/vad
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2
MaxQueryMem = 1G

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 6
ServerThreads = 6
EnabledDavVSP = 0
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000000
MaxSortedTopRows = 100000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
MaxConstructTriples = 100000000
"""

GRANTS = f"""\
DB.DBA.USER_CREATE('{USER}', '{PASSWORD}');
GRANT SPARQL_UPDATE TO "{USER}";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{USER}', 3);
DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 1);
"""


@dataclass(frozen=True)
class VirtuosoServer:
    """A running Virtuoso: its URLs (``query`` anonymous read, ``update`` and ``store`` with digest auth)."""

    process: subprocess.Popen
    base: str
    sql_port: int
    folder: Path
    log: IO[bytes]

    @property
    def query(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update(self) -> str:
        return f"{self.base}/sparql-auth"

    @property
    def store(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"


def find_virtuoso() -> str | None:
    """The ``virtuoso-t`` binary, or ``None`` when Virtuoso is not installed."""
    return shutil.which("virtuoso-t")


def isql(server: VirtuosoServer, script: str) -> str:
    """Run SQL statements as ``dba`` through ``isql-vt`` (the Debian name of Virtuoso's isql)."""
    binary = shutil.which("isql-vt") or shutil.which("isql")
    done = subprocess.run(
        [binary, f"127.0.0.1:{server.sql_port}", "dba", "dba"],
        input=script + "\nEXIT;\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0 or "*** Error" in done.stdout:
        raise RuntimeError(f"isql failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    return done.stdout


def start_virtuoso(folder: Path, timeout: float = 60.0) -> VirtuosoServer:
    """Write ``virtuoso.ini`` into ``folder``, start ``virtuoso-t -f``, wait until /sparql answers, grant writes."""
    binary = find_virtuoso()
    if binary is None:
        raise RuntimeError("virtuoso-t is not installed (Debian package virtuoso-opensource)")
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(dir=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = open(folder / "virtuoso.out", "w+b")  # noqa: SIM115 - kept open for the server's lifetime
    process = subprocess.Popen([binary, "-f", "-c", str(ini)], cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    server = VirtuosoServer(process, f"http://127.0.0.1:{http_port}", sql_port, folder, log)
    try:
        _wait(server, timeout)
        isql(server, GRANTS)
    except Exception:
        stop_virtuoso(server)
        raise
    return server


def _wait(server: VirtuosoServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    probe = f"{server.query}?query=ASK%7B%7D"
    while True:
        if server.process.poll() is not None:
            server.log.seek(0)
            raise RuntimeError(f"virtuoso-t exited: {server.log.read()[-2000:].decode(errors='replace')}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as answer:
                answer.read()
            return
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"Virtuoso did not answer at {server.query} within {timeout:.0f} s") from None
            time.sleep(0.3)


def stop_virtuoso(server: VirtuosoServer) -> None:
    """Stop the server by its process id (SIGTERM, then SIGKILL), reap it and close its log."""
    stop(server.process)
    server.log.close()
