"""Benchmark the SessionManager gRPC server: call floor, batching, scale, memory.

What is measured, all over 127.0.0.1 with ``ghz`` as the load generator:

1. **Per-call cost against a no-op.** The real server (``Server`` from
   ``sessionmanager.server``, built from a ``ServerConfig`` with the defaults:
   same gRPC options, thread pool and interceptors as ``sessionmanager
   serve``) runs in a child process with one extra service added before it
   starts: ``sessionmanager.bench.v1.Bench/Noop`` (``bench/noop.proto``,
   ``google.protobuf.Empty`` in and out, a handler that does nothing,
   registered the way generated code registers a service). Noop is the floor
   any RPC on this server pays; GenerateToken and ValidateToken (a valid
   token) are measured against it at concurrency 1, 8, 32 and 128.
2. **Batching.** ValidateTokens with 1, 10, 100 and 1000 valid tokens per call
   against unary ValidateToken, at concurrency 8, as validations per second.
3. **Scale.** ValidateToken and SetSessionMetadata (five short keys, a new
   session id per call from ghz's ``{{.UUID}}``) at concurrency 32 on
   ``sessionmanager serve`` itself: memory store with one worker, Redis with
   one worker, Redis with two workers sharing the port (SO_REUSEPORT). Redis
   is a throwaway ``redis-server`` without persistence.
4. **Memory.** Resident bytes per session of the in-memory store (100,000
   sessions of five short keys, in a fresh process: RSS after minus RSS
   before, after ``gc.collect()``), and the benchmark server's RSS at rest
   after start and again after sections 1 and 2.

Method. Every figure comes from fixed-length ghz runs (``--duration``, 3 s by
default; calls still in flight when a run ends are ignored; ghz is held to
one CPU with ``--cpus 1`` and shares the machine with the servers). Each
section first warms every RPC it measures up with a discarded run (2 s each
in section 1, 1 s in sections 2 and 3). The measured runs then alternate
between the RPCs (or server set-ups) being compared, in mirrored order round
by round (A B C, C B A, A B C, C B A: 4 rounds by default), so slow drift of
this shared machine falls on every RPC alike, and with an even number of
rounds a linear drift cancels out. ``--quick`` runs 2 rounds of 0.75 s after
0.5 s warm-ups, in about a minute in all. RPC/s is the calls completed in
all rounds over their total time; p50 and p99 are taken over the pooled
latencies of all rounds, as ghz saw them; "by round" gives the lowest and
highest per-round value, which shows how noisy the run was. Server CPU per
call is the server processes' user + system time during the runs divided by
the calls completed.

Connections: ghz opens ``min(concurrency, 8)`` HTTP/2 connections. At
concurrency 1 one connection is all there is to use; above that, agents call
from many processes, each with a channel of its own, so several connections
are closer to real traffic than all calls multiplexed on one. And with
``--workers 2`` the kernel spreads connections, not calls, between the
workers: with 8 connections all land on one worker with probability 2/256,
with a fixed 4 it would be 2/16.

Usage::

    .venv/bin/python bench/grpc_bench.py --out bench/results [--quick]

The same file also runs the benchmark server and the memory probe as child
processes; the ``--role`` option that selects them is internal.
"""

import argparse
import contextlib
import gc
import importlib.util
import json
import logging
import math
import os
import platform
import secrets
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import grpc
from google.protobuf import empty_pb2

from sessionmanager.config import (
    API_KEYS_ENV,
    PREVIOUS_SECRETS_FILE_ENV,
    REDIS_URL_ENV,
    SECRET_ENV,
    SECRET_FILE_ENV,
    SIGNALWIRE_SECRET_ENV,
    ServerConfig,
    load_secret,
)
from sessionmanager.server import Server
from sessionmanager.store.base import encode_json
from sessionmanager.store.memory import MemoryStore
from sessionmanager.v1 import session_manager_pb2 as pb
from sessionmanager.v1 import session_manager_pb2_grpc as pb_grpc

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SERVICE = "sessionmanager.v1.SessionManagerService"
SERVICE_PROTO = "proto/sessionmanager/v1/session_manager.proto"
NOOP_SERVICE = "sessionmanager.bench.v1.Bench"
NOOP_METHOD = "Noop"
NOOP_PROTO = "bench/noop.proto"
CALL_ID = "bench-call-0001"
FUNCTION_NAME = "get_weather"
METADATA = {"step": "greeting", "lang": "en", "n": 3, "ok": True, "k": "v"}
RPCS = ("GenerateToken", "ValidateToken", "Noop")
BATCH_SIZES = (1, 10, 100, 1000)
BATCH_CONCURRENCY = 8
SCALE_CONCURRENCY = 32
MAX_CONNECTIONS = 8
STORE_SESSIONS = 100_000
START_TIMEOUT_SECS = 20.0
RUN_SLACK_SECS = 60.0
MIB = 1024 * 1024

# Settings the parent's environment must not pass on to the servers.
SERVER_ENV_DROP = (
    SECRET_FILE_ENV,
    SIGNALWIRE_SECRET_ENV,
    PREVIOUS_SECRETS_FILE_ENV,
    API_KEYS_ENV,
    REDIS_URL_ENV,
)

TARGETS = {
    "validate_vs_noop_rps_c32": 0.9,
    "validate_vs_noop_p99_c32": 1.2,
    "batch100_vs_unary": 20.0,
    "bytes_per_session": 1024.0,
}


# ---------------------------------------------------------------------------
# Child processes: the benchmark server and the memory probe
# ---------------------------------------------------------------------------


_EMPTY = empty_pb2.Empty()


def _noop(request: empty_pb2.Empty, context: grpc.ServicerContext) -> empty_pb2.Empty:
    """Answer at once: the handler of the no-op RPC."""
    return _EMPTY


def add_noop_service(server: grpc.Server) -> None:
    """Serve ``sessionmanager.bench.v1.Bench/Noop`` on ``server``.

    It is registered the way generated code registers a service (and so the
    way SessionManagerService is): a generic handler plus registered method
    handlers, so the no-op takes the same dispatch path as the real RPCs.
    """
    methods = {
        NOOP_METHOD: grpc.unary_unary_rpc_method_handler(
            _noop,
            request_deserializer=empty_pb2.Empty.FromString,
            response_serializer=empty_pb2.Empty.SerializeToString,
        )
    }
    generic = grpc.method_handlers_generic_handler(NOOP_SERVICE, methods)
    server.add_generic_rpc_handlers((generic,))
    server.add_registered_method_handlers(NOOP_SERVICE, methods)


def _on_parent_gone(callback: Callable[[], None]) -> None:
    """Call ``callback`` once stdin closes, that is when the parent goes away."""

    def watch() -> None:
        # Raw reads on the descriptor: a buffered stdin would hold a lock that
        # breaks interpreter shutdown while this daemon thread waits.
        while os.read(0, 4096):
            pass
        callback()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def serve_with_noop() -> None:
    """Run the real server plus the no-op service until told to stop.

    The configuration is ``ServerConfig``'s defaults with a free loopback
    port and the secret from the environment, as ``sessionmanager serve``
    would build it; the no-op service is added before ``start()``.
    """
    logging.basicConfig(
        level=logging.WARNING,
        format="server: %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    config = ServerConfig(secret=load_secret(), listen=f"{HOST}:0")
    server = Server(config)
    server.add_service(add_noop_service)
    server.start()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        server.request_stop()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, on_signal)
    _on_parent_gone(server.request_stop)
    sys.stdout.write(f"port={server.port}\n")
    sys.stdout.flush()
    server.wait_and_drain()


def probe_store_memory(sessions: int) -> None:
    """Fill a fresh MemoryStore with ``sessions`` sessions; print RSS growth.

    Session ids are UUID4 strings, as CreateSession makes them; each session
    gets the same five short keys. The result is printed as JSON.
    """
    import psutil  # noqa: PLC0415 (only this probe needs it)

    process = psutil.Process()
    store = MemoryStore()
    gc.collect()
    before = int(process.memory_info().rss)
    for _ in range(sessions):
        store.merge(str(uuid.uuid4()), dict(METADATA))
    gc.collect()
    after = int(process.memory_info().rss)
    result = {
        "sessions": len(store),
        "rss_before_bytes": before,
        "rss_after_bytes": after,
        "bytes_per_session": (after - before) / sessions,
        "json_bytes_per_session": len(encode_json(METADATA).encode()),
    }
    json.dump(result, sys.stdout)


# ---------------------------------------------------------------------------
# Parent: processes
# ---------------------------------------------------------------------------


def log(message: str) -> None:
    """Progress on stderr, so that stdout holds the report only."""
    print(message, file=sys.stderr, flush=True)


# Runs first in every child, then becomes the real command: asks Linux to send
# the child SIGTERM if this process dies without stopping it (prctl
# PR_SET_PDEATHSIG survives exec). A preexec_fn could do it too, but is unsafe
# once gRPC's threads run in this process.
TIE_TO_PARENT = (
    "import ctypes, os, signal, sys\n"
    "try:\n"
    "    ctypes.CDLL(None).prctl(1, signal.SIGTERM)\n"
    "except (OSError, AttributeError):\n"
    "    pass\n"
    "os.execv(sys.argv[1], sys.argv[1:])\n"
)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


class Children:
    """Every process this run starts; ``stop_all`` ends whichever still runs."""

    def __init__(self) -> None:
        """Start with none."""
        self._procs: list[subprocess.Popen[bytes]] = []

    def start(self, command: Sequence[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        """Start ``command`` from the repository root, tied to this process.

        ``command[0]`` must be an absolute path (it is exec'd as is).
        """
        tied = [sys.executable, "-c", TIE_TO_PARENT, *command]
        proc = subprocess.Popen(  # noqa: S603 (our own commands)
            tied, cwd=REPO, **kwargs
        )
        self._procs.append(proc)
        return proc

    @staticmethod
    def stop(proc: subprocess.Popen[bytes]) -> None:
        """SIGTERM, then SIGKILL if it lingers; close its pipes."""
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()

    def stop_all(self) -> None:
        """Stop every process started, newest first."""
        for proc in reversed(self._procs):
            self.stop(proc)


def process_tree(pid: int) -> list[Any]:
    """``psutil.Process`` objects for ``pid`` and all its descendants."""
    import psutil  # noqa: PLC0415 (kept out of the server children)

    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def cpu_seconds(pids: Sequence[int]) -> float:
    """User plus system CPU time used so far by these processes."""
    import psutil  # noqa: PLC0415 (kept out of the server children)

    total = 0.0
    for pid in pids:
        times = psutil.Process(pid).cpu_times()
        total += times.user + times.system
    return total


def rss_bytes(pid: int) -> int:
    """Resident set size of one process."""
    import psutil  # noqa: PLC0415 (kept out of the server children)

    return int(psutil.Process(pid).memory_info().rss)


def server_env(secret: str) -> dict[str, str]:
    """The environment for server processes: this one, with the bench secret."""
    env = {k: v for k, v in os.environ.items() if k not in SERVER_ENV_DROP}
    env[SECRET_ENV] = secret
    return env


def start_bench_server(children: Children, env: dict[str, str]) -> tuple[int, int]:
    """Start the server-with-Noop child; return its pid and port."""
    command = [sys.executable, str(Path(__file__).resolve()), "--role", "server"]
    proc = children.start(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], START_TIMEOUT_SECS)
    line = proc.stdout.readline().decode() if ready else ""
    if not line.startswith("port="):
        raise RuntimeError("the benchmark server did not start")
    return proc.pid, int(line.removeprefix("port=").strip())


def wait_listening(pid: int, port: int, listeners: int) -> list[int]:
    """Wait until ``listeners`` processes of ``pid``'s tree listen on ``port``.

    Returns the pids of the processes that listen.
    """
    import psutil  # noqa: PLC0415 (kept out of the server children)

    deadline = time.monotonic() + START_TIMEOUT_SECS
    while time.monotonic() < deadline:
        found = []
        with contextlib.suppress(psutil.Error):
            for proc in process_tree(pid):
                for conn in proc.net_connections(kind="tcp"):
                    if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port:
                        found.append(proc.pid)
                        break
        if len(found) >= listeners:
            return found
        time.sleep(0.1)
    raise RuntimeError(f"the server on port {port} did not start")


def start_cli_server(
    children: Children,
    env: dict[str, str],
    store: str,
    workers: int,
    threads: int | None = None,
) -> tuple[int, int, list[int]]:
    """Start ``sessionmanager serve``; return its pid, port and serving pids."""
    port = free_port()
    command = [sys.executable, "-m", "sessionmanager", "serve"]
    command += [f"--listen={HOST}:{port}", f"--store={store}"]
    command += [f"--workers={workers}", "--log-level=warning"]
    if threads is not None:
        command.append(f"--threads={threads}")
    proc = children.start(command, stdin=subprocess.DEVNULL, env=env)
    return proc.pid, port, wait_listening(proc.pid, port, workers)


def start_redis(children: Children) -> tuple[int, str]:
    """Start a throwaway redis-server without persistence; its pid and URL.

    The URL names no database: callers append ``/N``.
    """
    import redis  # noqa: PLC0415 (only the parent talks to Redis)

    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is needed for the scale section")
    port = free_port()
    command = [binary, "--port", str(port), "--bind", HOST, "--save", ""]
    command += ["--appendonly", "no", "--daemonize", "no"]
    proc = children.start(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    client = redis.Redis(host=HOST, port=port)
    deadline = time.monotonic() + START_TIMEOUT_SECS
    try:
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
    finally:
        client.close()
    return proc.pid, f"redis://{HOST}:{port}"


# ---------------------------------------------------------------------------
# Parent: load runs and figures
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One RPC as ghz is told to make it."""

    label: str
    method: str
    proto: str
    data: str = "{}"
    data_file: Path | None = None
    per_call: int = 1
    """Validations (or other units of work) per call."""


@dataclass
class Run:
    """What one fixed-length ghz run produced."""

    ok: int
    errors: dict[str, int]
    elapsed_s: float
    latencies_ns: list[int]
    server_cpu_s: float

    @property
    def rps(self) -> float:
        """Successful calls per second."""
        return self.ok / self.elapsed_s if self.elapsed_s else 0.0


@dataclass
class Series:
    """Every measured run of one RPC in one set-up."""

    per_call: int = 1
    runs: list[Run] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Pool the runs into RPC/s, percentiles and server CPU per call."""
        ok = sum(r.ok for r in self.runs)
        elapsed = sum(r.elapsed_s for r in self.runs)
        pooled = sorted(x for r in self.runs for x in r.latencies_ns)
        cpu = sum(r.server_cpu_s for r in self.runs)
        errors: dict[str, int] = {}
        for run in self.runs:
            for kind, count in run.errors.items():
                errors[kind] = errors.get(kind, 0) + count
        rps = ok / elapsed if elapsed else 0.0
        return {
            "rps": rps,
            "rps_rounds": [round(r.rps, 1) for r in self.runs],
            "per_call": self.per_call,
            "units_per_s": rps * self.per_call,
            "p50_ms": percentile(pooled, 50) / 1e6,
            "p99_ms": percentile(pooled, 99) / 1e6,
            "calls": ok,
            "errors": sum(errors.values()),
            "error_kinds": errors,
            "server_cpu_us_per_call": cpu / ok * 1e6 if ok else None,
        }


def percentile(sorted_values: Sequence[int], pct: float) -> float:
    """Nearest-rank percentile of already sorted values (0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return float(sorted_values[rank - 1])


def well_known_protos() -> str:
    """The directory holding google/protobuf/*.proto, shipped with grpc_tools."""
    spec = importlib.util.find_spec("grpc_tools")
    if spec is None or spec.origin is None:
        raise SystemExit("grpc_tools is needed for its well-known .proto files")
    return str(Path(spec.origin).parent / "_proto")


def find_ghz(given: str | None) -> str:
    """ghz from ``--ghz``, next to this interpreter, on PATH or in GOPATH/bin."""
    candidates = [given] if given else []
    candidates.append(str(Path(sys.executable).parent / "ghz"))
    candidates.append(shutil.which("ghz") or "")
    gopath = os.environ.get("GOPATH") or str(Path.home() / "go")
    candidates += [str(Path(p, "bin", "ghz")) for p in gopath.split(os.pathsep)]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise SystemExit(
        "ghz not found: run `make bench` once, or "
        "GOBIN=$PWD/.venv/bin go install github.com/bojand/ghz/cmd/ghz@v0.93.0"
    )


def tool_version(command: Sequence[str], pick: Callable[[str], str]) -> str:
    """Run a version command and pick the version out of its output."""
    try:
        done = subprocess.run(  # noqa: S603 (fixed arguments)
            list(command), capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return pick(done.stdout + done.stderr) or "unknown"


def ghz_version(ghz: str) -> str:
    """The ghz module version from the binary's build info, else --version."""
    go = shutil.which("go")
    if go:

        def from_build_info(text: str) -> str:
            for line in text.splitlines():
                parts = line.split()
                if len(parts) >= 3 and parts[:2] == ["mod", "github.com/bojand/ghz"]:
                    return parts[2]
            return ""

        found = tool_version([go, "version", "-m", ghz], from_build_info)
        if found != "unknown":
            return found
    return tool_version([ghz, "--version"], lambda text: text.strip())


class Loader:
    """Runs ghz against a port and measures the server's CPU time meanwhile."""

    def __init__(self, ghz: str, cpus: int) -> None:
        """Remember the binary, its CPU share and the proto search path."""
        self.ghz = ghz
        self.cpus = cpus
        self.import_paths = f"proto,bench,{well_known_protos()}"

    def run(
        self,
        call: Call,
        port: int,
        concurrency: int,
        seconds: float,
        server_pids: Sequence[int],
    ) -> Run:
        """One ghz run of ``seconds``; in-flight calls at the end are ignored."""
        command = [
            self.ghz,
            "--insecure",
            f"--proto={call.proto}",
            f"--import-paths={self.import_paths}",
            f"--call={call.method}",
            f"--concurrency={concurrency}",
            f"--connections={min(concurrency, MAX_CONNECTIONS)}",
            f"--duration={round(seconds * 1000)}ms",
            "--duration-stop=ignore",
            f"--cpus={self.cpus}",
            "--format=json",
        ]
        if call.data_file is not None:
            command.append(f"--data-file={call.data_file}")
        else:
            command.append(f"--data={call.data}")
        command.append(f"{HOST}:{port}")
        before = cpu_seconds(server_pids)
        out = subprocess.run(  # noqa: S603 (ghz with our own arguments)
            command,
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=seconds + RUN_SLACK_SECS,
            check=True,
        ).stdout
        after = cpu_seconds(server_pids)
        report = json.loads(out)
        latencies = []
        errors: dict[str, int] = {}
        for detail in report.get("details") or []:
            if detail.get("status") == "OK":
                latencies.append(int(detail["latency"]))
            else:
                kind = str(detail.get("status") or detail.get("error") or "?")
                errors[kind] = errors.get(kind, 0) + 1
        return Run(
            ok=len(latencies),
            errors=errors,
            elapsed_s=report["total"] / 1e9,
            latencies_ns=latencies,
            server_cpu_s=after - before,
        )


def mirrored(items: Sequence[str], round_number: int) -> list[str]:
    """``items`` in order on even rounds, reversed on odd ones."""
    return list(items) if round_number % 2 == 0 else list(reversed(items))


@dataclass(frozen=True)
class Target:
    """A server to load: its port and the pids whose CPU time is counted."""

    port: int
    pids: tuple[int, ...]


def alternate(
    loader: Loader,
    subjects: dict[str, tuple[Call, Target]],
    concurrency: int,
    *,
    seconds: float,
    rounds: int,
    what: str,
) -> dict[str, Series]:
    """Measured rounds over ``subjects`` in mirrored order; a Series for each."""
    series = {
        name: Series(per_call=call.per_call) for name, (call, _) in subjects.items()
    }
    for number in range(rounds):
        for name in mirrored(list(subjects), number):
            call, target = subjects[name]
            run = loader.run(call, target.port, concurrency, seconds, target.pids)
            series[name].runs.append(run)
            failed = sum(run.errors.values())
            log(
                f"  {what} c={concurrency} round {number + 1} {name}: "
                f"{run.rps:,.0f} calls/s, {failed} errors"
            )
    return series


def warm_up(
    loader: Loader,
    subjects: dict[str, tuple[Call, Target]],
    concurrency: int,
    seconds: float,
) -> None:
    """One discarded run of each subject."""
    for call, target in subjects.values():
        loader.run(call, target.port, concurrency, seconds, target.pids)


# ---------------------------------------------------------------------------
# Parent: tokens and request data
# ---------------------------------------------------------------------------


def mint_tokens(port: int, count: int) -> list[pb.TokenCheck]:
    """Mint ``count`` tokens on the server, each for a call id of its own.

    The first is for ``CALL_ID``. All are checked to validate, one by
    ValidateToken and all by ValidateTokens, before any load.
    """
    with grpc.insecure_channel(f"{HOST}:{port}") as channel:
        stub = pb_grpc.SessionManagerServiceStub(channel)
        call_ids = [CALL_ID] + [f"bench-call-{i:04d}-x" for i in range(1, count)]
        pending = [
            stub.GenerateToken.future(
                pb.GenerateTokenRequest(call_id=c, function_name=FUNCTION_NAME),
                timeout=START_TIMEOUT_SECS,
                wait_for_ready=True,
            )
            for c in call_ids
        ]
        checks = [
            pb.TokenCheck(
                call_id=c, function_name=FUNCTION_NAME, token=f.result().token
            )
            for c, f in zip(call_ids, pending, strict=True)
        ]
        first = checks[0]
        single = stub.ValidateToken(
            pb.ValidateTokenRequest(
                call_id=first.call_id,
                function_name=first.function_name,
                token=first.token,
            ),
            timeout=START_TIMEOUT_SECS,
        )
        batch = stub.ValidateTokens(
            pb.ValidateTokensRequest(checks=checks), timeout=START_TIMEOUT_SECS
        )
    if not single.valid or not all(r.valid for r in batch.results):
        raise RuntimeError("a freshly minted token does not validate")
    return checks


def check_token_on(port: int, check: pb.TokenCheck) -> None:
    """Fail unless the server on ``port`` finds ``check``'s token valid."""
    with grpc.insecure_channel(f"{HOST}:{port}") as channel:
        stub = pb_grpc.SessionManagerServiceStub(channel)
        answer = stub.ValidateToken(
            pb.ValidateTokenRequest(
                call_id=check.call_id,
                function_name=check.function_name,
                token=check.token,
            ),
            timeout=START_TIMEOUT_SECS,
            wait_for_ready=True,
        )
    if not answer.valid:
        raise RuntimeError(f"the server on port {port} refuses the bench token")


def check_json(check: pb.TokenCheck) -> dict[str, str]:
    """A token check as ghz's JSON data."""
    return {
        "call_id": check.call_id,
        "function_name": check.function_name,
        "token": check.token,
    }


def rpc_call(name: str, data: Any) -> Call:
    """A call of the public service with inline JSON data."""
    return Call(name, f"{SERVICE}.{name}", SERVICE_PROTO, json.dumps(data))


def unary_calls(token: pb.TokenCheck) -> dict[str, Call]:
    """GenerateToken, ValidateToken and Noop as ghz calls."""
    generate = {"call_id": CALL_ID, "function_name": FUNCTION_NAME}
    return {
        "GenerateToken": rpc_call("GenerateToken", generate),
        "ValidateToken": rpc_call("ValidateToken", check_json(token)),
        "Noop": Call("Noop", f"{NOOP_SERVICE}.{NOOP_METHOD}", NOOP_PROTO),
    }


def batch_calls(checks: Sequence[pb.TokenCheck], workdir: Path) -> dict[str, Call]:
    """ValidateTokens with each batch size, data in JSON files under workdir."""
    calls = {}
    for size in BATCH_SIZES:
        path = workdir / f"validate_tokens_{size}.json"
        body = {"checks": [check_json(c) for c in checks[:size]]}
        path.write_text(json.dumps(body))
        calls[f"ValidateTokens({size})"] = Call(
            f"ValidateTokens({size})",
            f"{SERVICE}.ValidateTokens",
            SERVICE_PROTO,
            data_file=path,
            per_call=size,
        )
    return calls


SET_METADATA = rpc_call(
    "SetSessionMetadata", {"session_id": "{{.UUID}}", "metadata": METADATA}
)
"""SetSessionMetadata of five short keys; ghz makes a new UUID4 session id for
every call (``{{.RequestNumber}}`` would start again at 0 in every run)."""


# ---------------------------------------------------------------------------
# Parent: the sections
# ---------------------------------------------------------------------------


@dataclass
class Settings:
    """Durations and repetitions of one benchmark run."""

    seconds: float
    rounds: int
    scale_rounds: int
    warmup: float
    concurrency: list[int]
    client_cpus: int


def section_unary(
    loader: Loader, server: Target, token: pb.TokenCheck, settings: Settings
) -> dict[str, dict[str, dict[str, Any]]]:
    """Section 1: GenerateToken, ValidateToken and Noop at each concurrency."""
    calls = unary_calls(token)
    subjects = {name: (calls[name], server) for name in RPCS}
    log("unary: warm-up")
    warm_up(loader, subjects, min(32, max(settings.concurrency)), settings.warmup)
    results = {}
    for concurrency in settings.concurrency:
        series = alternate(
            loader,
            subjects,
            concurrency,
            seconds=settings.seconds,
            rounds=settings.rounds,
            what="unary",
        )
        results[str(concurrency)] = {n: s.summary() for n, s in series.items()}
    return results


def section_batch(
    loader: Loader,
    server: Target,
    checks: Sequence[pb.TokenCheck],
    workdir: Path,
    settings: Settings,
) -> dict[str, dict[str, Any]]:
    """Section 2: unary ValidateToken against ValidateTokens of each size."""
    calls = {"ValidateToken": unary_calls(checks[0])["ValidateToken"]}
    calls.update(batch_calls(checks, workdir))
    subjects = {name: (call, server) for name, call in calls.items()}
    log("batch: warm-up")
    warm_up(loader, subjects, BATCH_CONCURRENCY, settings.warmup / 2)
    series = alternate(
        loader,
        subjects,
        BATCH_CONCURRENCY,
        seconds=settings.seconds,
        rounds=settings.rounds,
        what="batch",
    )
    return {name: s.summary() for name, s in series.items()}


# Set-up name: store, worker processes, --threads (None: the default). The
# 16-thread rows show what the default thread count is chosen against.
SCALE_SETUPS: dict[str, tuple[str, int, int | None]] = {
    "memory, 1 worker": ("memory", 1, None),
    "memory, 1 worker, 16 threads": ("memory", 1, 16),
    "redis, 1 worker": ("redis", 1, None),
    "redis, 1 worker, 16 threads": ("redis", 1, 16),
    "redis, 2 workers": ("redis", 2, None),
}


def section_scale(
    loader: Loader,
    children: Children,
    env: dict[str, str],
    token: pb.TokenCheck,
    settings: Settings,
) -> dict[str, Any]:
    """Section 3: ValidateToken and SetSessionMetadata on three set-ups."""
    redis_pid, redis_url = start_redis(children)
    targets: dict[str, Target] = {}
    cli_pids: dict[str, int] = {}
    for db, (name, (store, workers, threads)) in enumerate(SCALE_SETUPS.items()):
        # One Redis database per set-up, so no set-up sees another's sessions.
        url = f"{redis_url}/{db}" if store == "redis" else "memory"
        pid, port, serving = start_cli_server(children, env, url, workers, threads)
        targets[name] = Target(port, tuple(serving))
        cli_pids[name] = pid
        check_token_on(port, token)
    log(f"scale: redis {redis_url}, servers {cli_pids}")

    validate = unary_calls(token)["ValidateToken"]
    results: dict[str, Any] = {}
    cpu_split: dict[str, list[float]] = {}
    for rpc in ("ValidateToken", "SetSessionMetadata"):
        subjects: dict[str, tuple[Call, Target]] = {}
        for name, target in targets.items():
            call = validate if rpc == "ValidateToken" else SET_METADATA
            subjects[name] = (call, target)
        log(f"scale: {rpc} warm-up")
        warm_up(loader, subjects, SCALE_CONCURRENCY, settings.warmup / 2)
        before = {n: [cpu_seconds([p]) for p in t.pids] for n, t in targets.items()}
        series = alternate(
            loader,
            subjects,
            SCALE_CONCURRENCY,
            seconds=settings.seconds,
            rounds=settings.scale_rounds,
            what=f"scale {rpc}",
        )
        for name, target in targets.items():
            spent = [
                cpu_seconds([p]) - b
                for p, b in zip(target.pids, before[name], strict=True)
            ]
            cpu_split[f"{rpc} / {name}"] = [round(s, 2) for s in spent]
        results[rpc] = {name: s.summary() for name, s in series.items()}

    rss_after = {
        name: sum(rss_bytes(p) for p in target.pids) for name, target in targets.items()
    }
    rss_after["redis-server"] = rss_bytes(redis_pid)
    return {
        "results": results,
        "server_cpu_s_per_process": cpu_split,
        "rss_after_bytes": rss_after,
    }


def section_store_memory(children: Children) -> dict[str, Any]:
    """Section 4a: run the memory probe in a fresh child; its JSON result."""
    command = [sys.executable, str(Path(__file__).resolve()), "--role", "memory"]
    command.append(f"--sessions={STORE_SESSIONS}")
    proc = children.start(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    out, _ = proc.communicate(timeout=300)
    if proc.returncode != 0:
        raise RuntimeError("the memory probe failed")
    result: dict[str, Any] = json.loads(out)
    return result


# ---------------------------------------------------------------------------
# Parent: machine, tables, files
# ---------------------------------------------------------------------------


def read_cpu_stat() -> list[int]:
    """The aggregate ``cpu`` line of /proc/stat, in ticks (empty elsewhere)."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0]
    except OSError:
        return []
    return [int(x) for x in first.split()[1:]]


def steal_percent(before: list[int], after: list[int]) -> float | None:
    """CPU time stolen by the hypervisor between two /proc/stat samples, in %."""
    if len(before) < 8 or len(after) < 8:
        return None
    delta = [b - a for a, b in zip(before, after, strict=False)]
    total = sum(delta[:8])
    return 100 * delta[7] / total if total else None


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, else platform's guess."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def git_state() -> dict[str, Any]:
    """The commit measured and whether the working tree had changes."""
    git = shutil.which("git")
    if git is None:
        return {}

    def run(*args: str) -> str:
        return subprocess.run(  # noqa: S603 (fixed arguments)
            [git, *args], capture_output=True, text=True, cwd=REPO, check=False
        ).stdout

    # Each porcelain line is two status letters, a space and the path.
    changed = [line[3:] for line in run("status", "--porcelain").splitlines()]
    return {"commit": run("rev-parse", "HEAD").strip(), "changed_files": changed}


def machine(ghz: str, settings: Settings) -> dict[str, Any]:
    """What the figures were measured on."""
    import google.protobuf  # noqa: PLC0415 (for its version only)

    redis_server = shutil.which("redis-server")
    redis_version = "unknown"
    if redis_server:
        redis_version = tool_version(
            [redis_server, "--version"],
            lambda text: next((w[2:] for w in text.split() if w.startswith("v=")), ""),
        )
    return {
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "cpu": cpu_model(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "grpcio": grpc.__version__,
        "protobuf": google.protobuf.__version__,
        "ghz": ghz_version(ghz),
        "ghz_cpus": settings.client_cpus,
        "redis_server": redis_version,
    }


def _fmt(value: float | None, digits: int = 0) -> str:
    """A number with thousands separators, or a dash when unknown."""
    return "-" if value is None else f"{value:,.{digits}f}"


def _ratio(a: float | None, b: float | None) -> float | None:
    """a / b, or None when either is missing or b is 0."""
    return a / b if a is not None and b else None


def _spread(values: Sequence[float], scale: float = 1.0) -> str:
    """Lowest and highest of per-round values."""
    if not values:
        return "-"
    return f"{min(values) * scale:,.0f} to {max(values) * scale:,.0f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A markdown table, numbers right-aligned after the first column."""
    align = ["---"] + ["---:"] * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def table_unary(unary: dict[str, dict[str, dict[str, Any]]]) -> str:
    """Section 1: RPC/s, latencies and server CPU per RPC and concurrency."""
    rows = []
    for concurrency, rpcs in unary.items():
        for name in RPCS:
            s = rpcs[name]
            rows.append(
                [
                    concurrency,
                    name,
                    _fmt(s["rps"]),
                    _spread(s["rps_rounds"]),
                    _fmt(s["p50_ms"], 3),
                    _fmt(s["p99_ms"], 3),
                    _fmt(s["server_cpu_us_per_call"]),
                    str(s["errors"]),
                ]
            )
    header = ["concurrency", "RPC", "RPC/s", "RPC/s by round", "p50 ms", "p99 ms"]
    return _table([*header, "server CPU us/call", "errors"], rows)


def unary_ratios(unary: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """ValidateToken and GenerateToken against Noop at each concurrency."""
    ratios = {}
    for concurrency, rpcs in unary.items():
        noop = rpcs["Noop"]
        entry: dict[str, Any] = {}
        for name in ("ValidateToken", "GenerateToken"):
            s = rpcs[name]
            pairs = zip(s["rps_rounds"], noop["rps_rounds"], strict=True)
            by_round = [a / b for a, b in pairs if b]
            entry[name] = {
                "rps_vs_noop": _ratio(s["rps"], noop["rps"]),
                "rps_vs_noop_by_round": [round(x, 3) for x in by_round],
                "p99_vs_noop": _ratio(s["p99_ms"], noop["p99_ms"]),
            }
        ratios[concurrency] = entry
    return ratios


def table_ratios(ratios: dict[str, Any]) -> str:
    """Section 1 ratios: ValidateToken/Noop and GenerateToken/Noop."""
    rows = []
    for concurrency, entry in ratios.items():
        row = [concurrency]
        for name in ("ValidateToken", "GenerateToken"):
            r = entry[name]
            by_round = r["rps_vs_noop_by_round"]
            spread = f"{min(by_round):.2f} to {max(by_round):.2f}" if by_round else "-"
            row += [_fmt(r["rps_vs_noop"], 2), spread, _fmt(r["p99_vs_noop"], 2)]
        rows.append(row)
    header = [
        "concurrency",
        "ValidateToken/Noop RPC/s",
        "by round",
        "ValidateToken/Noop p99",
        "GenerateToken/Noop RPC/s",
        "by round",
        "GenerateToken/Noop p99",
    ]
    return _table(header, rows)


def table_batch(batch: dict[str, dict[str, Any]]) -> str:
    """Section 2: validations per second per batch size."""
    unary = batch["ValidateToken"]["units_per_s"]
    rows = []
    for name, s in batch.items():
        rows.append(
            [
                name,
                str(s["per_call"]),
                _fmt(s["rps"]),
                _fmt(s["units_per_s"]),
                _spread(s["rps_rounds"], s["per_call"]),
                _fmt(s["p50_ms"], 3),
                _fmt(s["p99_ms"], 3),
                _fmt(_ratio(s["units_per_s"], unary), 2),
                _fmt(_ratio(s["server_cpu_us_per_call"], s["per_call"]), 1),
                str(s["errors"]),
            ]
        )
    header = ["RPC", "tokens/call", "calls/s", "validations/s", "by round"]
    header += ["p50 ms", "p99 ms", "vs unary", "server CPU us/validation"]
    return _table([*header, "errors"], rows)


def table_scale(scale: dict[str, Any]) -> str:
    """Section 3: each RPC on each set-up, against memory with one worker."""
    rows = []
    for rpc, setups in scale["results"].items():
        base = setups["memory, 1 worker"]["rps"]
        for name, s in setups.items():
            split = scale["server_cpu_s_per_process"][f"{rpc} / {name}"]
            rows.append(
                [
                    rpc,
                    name,
                    _fmt(s["rps"]),
                    _spread(s["rps_rounds"]),
                    _fmt(s["p50_ms"], 3),
                    _fmt(s["p99_ms"], 3),
                    _fmt(_ratio(s["rps"], base), 2),
                    _fmt(s["server_cpu_us_per_call"]),
                    " / ".join(f"{x:g}" for x in split),
                    str(s["errors"]),
                ]
            )
    header = ["RPC", "set-up", "RPC/s", "by round", "p50 ms", "p99 ms"]
    header += ["vs memory 1 worker", "server CPU us/call", "CPU s per worker"]
    return _table([*header, "errors"], rows)


def table_memory(memory: dict[str, Any]) -> str:
    """Section 4: bytes per session and server RSS."""
    store = memory["store"]
    rows = [
        [
            f"in-memory store, bytes per session ({store['sessions']:,} sessions "
            f"of {len(METADATA)} keys, {store['json_bytes_per_session']} B of JSON)",
            _fmt(store["bytes_per_session"]),
        ],
        [
            "benchmark server RSS at rest after start",
            f"{memory['server_rss_start_bytes'] / MIB:.1f} MiB",
        ],
        [
            "benchmark server RSS after sections 1 and 2",
            f"{memory['server_rss_after_bytes'] / MIB:.1f} MiB",
        ],
    ]
    for name, value in memory.get("scale_rss_after_bytes", {}).items():
        rows.append([f"RSS after section 3: {name}", f"{value / MIB:.1f} MiB"])
    return _table(["measure", "value"], rows)


def target_checks(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The measured figures next to the targets they are held against."""
    c32 = report["unary_ratios"].get("32", {}).get("ValidateToken", {})
    batch = report["batch"]
    batch_ratio = _ratio(
        batch["ValidateTokens(100)"]["units_per_s"],
        batch["ValidateToken"]["units_per_s"],
    )
    measured = {
        "validate_vs_noop_rps_c32": (c32.get("rps_vs_noop"), ">="),
        "validate_vs_noop_p99_c32": (c32.get("p99_vs_noop"), "<="),
        "batch100_vs_unary": (batch_ratio, ">="),
        "bytes_per_session": (report["memory"]["store"]["bytes_per_session"], "<="),
    }
    checks = []
    for key, (value, op) in measured.items():
        goal = TARGETS[key]
        met = None
        if value is not None:
            met = value >= goal if op == ">=" else value <= goal
        checks.append(
            {"target": key, "goal": f"{op} {goal:g}", "measured": value, "met": met}
        )
    return checks


TARGET_LABELS = {
    "validate_vs_noop_rps_c32": "ValidateToken/Noop RPC/s at concurrency 32",
    "validate_vs_noop_p99_c32": "ValidateToken/Noop p99 at concurrency 32",
    "batch100_vs_unary": "ValidateTokens(100)/unary validations/s at concurrency 8",
    "bytes_per_session": "in-memory store bytes per session",
}


def table_targets(checks: list[dict[str, Any]]) -> str:
    """The target checks as a table."""
    rows = []
    for c in checks:
        met = "-" if c["met"] is None else ("yes" if c["met"] else "no")
        digits = 0 if c["target"] == "bytes_per_session" else 2
        rows.append(
            [TARGET_LABELS[c["target"]], c["goal"], _fmt(c["measured"], digits), met]
        )
    return _table(["target", "goal", "measured", "met"], rows)


def write_chart(unary: dict[str, dict[str, dict[str, Any]]], path: Path) -> None:
    """Two panels, RPC/s and p99 latency against concurrency, a line per RPC."""
    from matplotlib.backends.backend_agg import (  # noqa: PLC0415 (parent only)
        FigureCanvasAgg,
    )
    from matplotlib.figure import Figure  # noqa: PLC0415 (parent only)

    levels = [int(c) for c in unary]
    figure = Figure(figsize=(11, 4.5), layout="constrained")
    FigureCanvasAgg(figure)
    throughput, latency = figure.subplots(1, 2)
    for name in RPCS:
        throughput.plot(
            levels, [unary[str(c)][name]["rps"] for c in levels], marker="o", label=name
        )
        latency.plot(
            levels,
            [unary[str(c)][name]["p99_ms"] for c in levels],
            marker="o",
            label=name,
        )
    for axes, title, unit in (
        (throughput, "Throughput", "RPC/s"),
        (latency, "p99 latency", "ms"),
    ):
        axes.set_xscale("log", base=2)
        axes.set_xticks(levels, [str(c) for c in levels])
        axes.set_xlabel("concurrency (calls in flight)")
        axes.set_ylabel(unit)
        axes.set_title(title)
        axes.grid(True, alpha=0.3)
        axes.legend()
    latency.set_yscale("log")
    throughput.set_ylim(bottom=0)
    figure.suptitle("SessionManager gRPC server, one process, memory store")
    figure.savefig(path, dpi=120)


def git_line(git: dict[str, Any]) -> str:
    """The commit measured, and the files that differed from it."""
    if not git:
        return ""
    changed = git["changed_files"]
    extra = f", with changes in {', '.join(changed)}" if changed else ""
    return f"Code: commit {git['commit'][:12]}{extra}."


def render(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The report's sections as (title, markdown) pairs."""
    m = report["machine"]
    s = report["settings"]
    unary_conns = ", ".join(
        f"{c}: {min(int(c), MAX_CONNECTIONS)}" for c in report["unary"]
    )
    batch = report["batch"]
    batch_ratio = _ratio(
        batch["ValidateTokens(100)"]["units_per_s"],
        batch["ValidateToken"]["units_per_s"],
    )
    steal = report["cpu_steal_percent"]
    intro = (
        f"{m['cores']} cores ({m['cpu']}), shared by ghz and the servers; "
        f"Python {m['python']}, grpcio {m['grpcio']}, protobuf {m['protobuf']}, "
        f"ghz {m['ghz']} (--cpus {m['ghz_cpus']}), redis-server "
        f"{m['redis_server']}. Runs of {s['seconds']:g} s, {s['rounds']} "
        f"mirrored rounds per RPC ({s['scale_rounds']} in section 3), warm-up "
        f"{s['warmup']:g} s per RPC (half that in sections 2 and 3). "
        f"CPU steal during the run: {_fmt(steal, 1)} %. "
        f"Total time: {report['elapsed_s']:.0f} s. {git_line(report['git'])}"
    )
    return [
        ("Set-up", intro),
        (
            "1. Unary RPCs against a no-op, one server process "
            f"(connections per concurrency: {unary_conns})",
            table_unary(report["unary"]),
        ),
        ("1b. Ratios against Noop", table_ratios(report["unary_ratios"])),
        (
            f"2. Batching, concurrency {BATCH_CONCURRENCY} "
            f"(ValidateTokens(100)/unary: {_fmt(batch_ratio, 1)}x)",
            table_batch(report["batch"]),
        ),
        (
            f"3. Scale, concurrency {SCALE_CONCURRENCY}, "
            f"{MAX_CONNECTIONS} connections, `sessionmanager serve`",
            table_scale(report["scale"]),
        ),
        ("4. Memory", table_memory(report["memory"])),
        ("Targets", table_targets(report["targets"])),
    ]


def write_markdown(sections: list[tuple[str, str]], path: Path) -> None:
    """grpc.md: the method in brief, then every section."""
    method = __doc__.split("Usage::")[0].strip() if __doc__ else ""
    parts = ["# SessionManager gRPC benchmark", "", "## Method", "", method, ""]
    for title, body in sections:
        parts += [f"## {title}", "", body, ""]
    path.write_text("\n".join(parts))


# ---------------------------------------------------------------------------
# Parent: the whole run
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def terminate_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit, so every child is stopped on the way out."""

    def on_term(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_benchmark(settings: Settings, ghz: str, out: Path) -> dict[str, Any]:
    """All four sections; returns the report and writes nothing."""
    started = time.monotonic()
    stat_before = read_cpu_stat()
    loader = Loader(ghz, settings.client_cpus)
    env = server_env(secrets.token_urlsafe(32))
    children = Children()
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(ghz, settings),
        "git": git_state(),
        "settings": {
            "seconds": settings.seconds,
            "rounds": settings.rounds,
            "scale_rounds": settings.scale_rounds,
            "warmup": settings.warmup,
            "concurrency": settings.concurrency,
            "max_connections": MAX_CONNECTIONS,
            "batch_concurrency": BATCH_CONCURRENCY,
            "scale_concurrency": SCALE_CONCURRENCY,
            "server_threads": ServerConfig(secret=load_secret(env)).threads,
        },
    }
    try:
        with terminate_as_exit(), tempfile.TemporaryDirectory() as tmp:
            pid, port = start_bench_server(children, env)
            server = Target(port, (pid,))
            time.sleep(1.0)
            rss_start = rss_bytes(pid)
            checks = mint_tokens(port, max(BATCH_SIZES))
            log(f"benchmark server pid {pid} on port {port}")

            report["unary"] = section_unary(loader, server, checks[0], settings)
            report["unary_ratios"] = unary_ratios(report["unary"])
            report["batch"] = section_batch(loader, server, checks, Path(tmp), settings)
            rss_after = rss_bytes(pid)
            report["scale"] = section_scale(loader, children, env, checks[0], settings)
            log("memory: filling a MemoryStore in a fresh process")
            report["memory"] = {
                "store": section_store_memory(children),
                "server_rss_start_bytes": rss_start,
                "server_rss_after_bytes": rss_after,
                "scale_rss_after_bytes": report["scale"]["rss_after_bytes"],
            }
    finally:
        children.stop_all()
    report["targets"] = target_checks(report)
    report["cpu_steal_percent"] = steal_percent(stat_before, read_cpu_stat())
    report["elapsed_s"] = time.monotonic() - started
    out.mkdir(parents=True, exist_ok=True)
    return report


def build_parser() -> argparse.ArgumentParser:
    """The command line of the script and of its child processes."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    parser.add_argument(
        "--quick", action="store_true", help="short runs: about a minute in all"
    )
    parser.add_argument("--seconds", type=float, help="per measured run (default 3)")
    parser.add_argument("--rounds", type=int, help="per RPC, >= 2 (default 4)")
    parser.add_argument(
        "--scale-rounds", type=int, help="per RPC and set-up in section 3 (default 4)"
    )
    parser.add_argument("--warmup", type=float, help="seconds per RPC (default 2)")
    parser.add_argument(
        "--concurrency",
        type=lambda text: [int(x) for x in text.split(",") if x.strip()],
        default=[1, 8, 32, 128],
        help="levels of section 1 (default 1,8,32,128)",
    )
    parser.add_argument("--client-cpus", type=int, default=1, help="ghz --cpus")
    parser.add_argument("--ghz", help="path of the ghz binary")
    parser.add_argument("--role", default="main", help=argparse.SUPPRESS)
    parser.add_argument("--sessions", type=int, default=0, help=argparse.SUPPRESS)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    """Defaults (or --quick's), overridden by whatever was given."""
    seconds, rounds, scale_rounds, warmup = (
        (0.75, 2, 2, 0.5) if args.quick else (3.0, 4, 4, 2.0)
    )
    settings = Settings(
        seconds=args.seconds if args.seconds is not None else seconds,
        rounds=args.rounds if args.rounds is not None else rounds,
        scale_rounds=args.scale_rounds
        if args.scale_rounds is not None
        else scale_rounds,
        warmup=args.warmup if args.warmup is not None else warmup,
        concurrency=args.concurrency,
        client_cpus=args.client_cpus,
    )
    if settings.rounds < 2 or settings.scale_rounds < 2:
        raise SystemExit("need at least 2 rounds, so that the order can alternate")
    if settings.seconds <= 0 or settings.warmup <= 0:
        raise SystemExit("--seconds and --warmup must be positive")
    if not settings.concurrency or min(settings.concurrency) < 1:
        raise SystemExit("--concurrency takes positive integers, e.g. 1,8,32,128")
    return settings


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a child role, or run the benchmark and report it."""
    args = build_parser().parse_args(argv)
    if args.role == "server":
        serve_with_noop()
        return 0
    if args.role == "memory":
        probe_store_memory(args.sessions)
        return 0
    settings = settings_from(args)
    ghz = find_ghz(args.ghz)
    runs = len(settings.concurrency) * len(RPCS) * settings.rounds
    runs += (1 + len(BATCH_SIZES)) * settings.rounds
    runs += 2 * len(SCALE_SETUPS) * settings.scale_rounds
    log(f"{runs} measured runs of {settings.seconds:g} s, plus warm-ups")
    report = run_benchmark(settings, ghz, args.out)
    sections = render(report)
    for title, body in sections:
        print(f"## {title}\n\n{body}\n")
    (args.out / "grpc.json").write_text(json.dumps(report, indent=2) + "\n")
    write_markdown(sections, args.out / "grpc.md")
    write_chart(report["unary"], args.out / "grpc.png")
    log(f"wrote grpc.md, grpc.json and grpc.png to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
