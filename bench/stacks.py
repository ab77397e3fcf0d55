"""Compare the grpc.aio server with the thread-pool server on ValidateToken.

Two servers run side by side, each in its own process on a free 127.0.0.1
port, with the same signing secret and the same ``SERVER_OPTIONS``:

* ``sync``: ``grpc.server`` on a ``ThreadPoolExecutor`` serving the real
  ``SessionManagerService``, as ``sessionmanager serve`` does;
* ``aio``: ``grpc.aio.server`` serving a small async twin of the two handlers
  the benchmark needs (GenerateToken, ValidateToken), each of which calls the
  real service's handler.

Load comes from ``ghz`` when it is installed (on PATH or in ``$(go env
GOPATH)/bin``), otherwise from a grpc.aio client in a separate process. At each
concurrency, measured rounds of fixed length alternate between the stacks
(aio, sync, aio, sync, ...). Every round starts a fresh pair of server
processes and warms each up first, because how fast one server process runs
varies from process to process on a shared machine; a fresh pair per round
turns that into spread across rounds rather than a bias of one whole run.
Latencies of all rounds are pooled per stack for the percentiles.

Usage::

    python bench/stacks.py [--seconds N] [--concurrency 1,8,32] [--json PATH]

The same file also runs the server and load-generator child processes; the
``--role`` option that selects them is internal.
"""

import argparse
import asyncio
import importlib.util
import json
import math
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent import futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc

from sessionmanager.config import DEFAULT_THREADS
from sessionmanager.server import SERVER_OPTIONS
from sessionmanager.service import SessionManagerService
from sessionmanager.signer import TokenSigner
from sessionmanager.store.memory import MemoryStore
from sessionmanager.v1 import session_manager_pb2 as pb
from sessionmanager.v1 import session_manager_pb2_grpc as pb_grpc

REPO = Path(__file__).resolve().parent.parent
PROTO = Path("proto/sessionmanager/v1/session_manager.proto")
METHOD = "sessionmanager.v1.SessionManagerService.ValidateToken"
HOST = "127.0.0.1"
STACKS = ("aio", "sync")
SECRET_ENV = "SESSIONMANAGER_BENCH_SECRET"  # noqa: S105 (a variable name)
CALL_ID = "bench-call-0001"
FUNCTION_NAME = "get_weather"
START_TIMEOUT_SECS = 20.0
RUN_SLACK_SECS = 30.0


# ---------------------------------------------------------------------------
# Servers (child processes)
# ---------------------------------------------------------------------------


class AioSessionManager(pb_grpc.SessionManagerServiceServicer):
    """Async twin of SessionManagerService for the grpc.aio server.

    Only GenerateToken and ValidateToken are served, each by calling the real
    service's handler, so both stacks run exactly the same handler code.
    """

    def __init__(self, service: SessionManagerService) -> None:
        """Wrap the real service."""
        self._service = service

    async def GenerateToken(
        self, request: pb.GenerateTokenRequest, context: Any
    ) -> pb.GenerateTokenResponse:
        """Sign the function name for the call id."""
        return self._service.GenerateToken(request, context)

    async def ValidateToken(
        self, request: pb.ValidateTokenRequest, context: Any
    ) -> pb.ValidateTokenResponse:
        """Check a token against a call id and a function name."""
        return self._service.ValidateToken(request, context)


def _child_signer() -> TokenSigner:
    """Build the signer from the secret the parent put in the environment."""
    return TokenSigner(os.environ[SECRET_ENV])


def _announce(port: int) -> None:
    """Tell the parent which port the server listens on."""
    sys.stdout.write(f"port={port}\n")
    sys.stdout.flush()


def _on_parent_gone(callback: Callable[[], None]) -> None:
    """Call ``callback`` once stdin closes, that is when the parent goes away."""

    def watch() -> None:
        # Raw reads on the descriptor: a buffered stdin would hold a lock that
        # breaks interpreter shutdown while this daemon thread waits.
        while os.read(0, 4096):
            pass
        callback()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


async def _serve_aio() -> None:
    """Serve the async twin of SessionManagerService until told to stop."""
    server = grpc.aio.server(options=SERVER_OPTIONS)
    service = SessionManagerService(_child_signer(), MemoryStore())
    # The twin serves two RPCs only; the others are never called here.
    twin = AioSessionManager(service)  # type: ignore[abstract, unused-ignore]
    pb_grpc.add_SessionManagerServiceServicer_to_server(twin, server)
    port = server.add_insecure_port(f"{HOST}:0")
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)

    def wake() -> None:
        loop.call_soon_threadsafe(stop.set)

    _on_parent_gone(wake)
    _announce(port)
    await stop.wait()
    await server.stop(0)


def serve_aio() -> None:
    """Run the grpc.aio server process."""
    asyncio.run(_serve_aio())


def serve_sync(workers: int) -> None:
    """Run the thread-pool server process with ``workers`` handler threads."""
    executor = futures.ThreadPoolExecutor(max_workers=workers)
    server = grpc.server(executor, options=SERVER_OPTIONS)
    service = SessionManagerService(_child_signer(), MemoryStore())
    pb_grpc.add_SessionManagerServiceServicer_to_server(service, server)
    port = server.add_insecure_port(f"{HOST}:0")
    server.start()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    _on_parent_gone(stop.set)
    _announce(port)
    while not stop.wait(0.5):
        pass
    server.stop(0).wait()


# ---------------------------------------------------------------------------
# Python load generator (child process, used when ghz is missing)
# ---------------------------------------------------------------------------


async def _python_load(
    port: int, concurrency: int, seconds: float, request: pb.ValidateTokenRequest
) -> dict[str, Any]:
    """Run ``concurrency`` callers on one channel for ``seconds``.

    Calls still in flight when the window closes are not counted, and an
    answer other than valid counts as an error.
    """
    latencies: list[int] = []
    errors = 0
    async with grpc.aio.insecure_channel(f"{HOST}:{port}") as channel:
        await asyncio.wait_for(channel.channel_ready(), START_TIMEOUT_SECS)
        stub = pb_grpc.SessionManagerServiceStub(channel)
        start = time.perf_counter_ns()
        end = start + int(seconds * 1e9)

        async def caller() -> None:
            nonlocal errors
            while (sent := time.perf_counter_ns()) < end:
                try:
                    response = await stub.ValidateToken(request, timeout=10)
                except grpc.aio.AioRpcError:
                    errors += 1
                    continue
                done = time.perf_counter_ns()
                if done > end:
                    return
                if response.valid:
                    latencies.append(done - sent)
                else:
                    errors += 1

        await asyncio.gather(*(caller() for _ in range(concurrency)))
    return {"elapsed_s": seconds, "errors": errors, "latencies_ns": latencies}


def python_load(port: int, concurrency: int, seconds: float) -> None:
    """Run the Python load generator and print its result as JSON."""
    request = pb.ValidateTokenRequest.FromString(
        bytes.fromhex(os.environ["SESSIONMANAGER_BENCH_REQUEST"])
    )
    result = asyncio.run(_python_load(port, concurrency, seconds, request))
    json.dump(result, sys.stdout)


# ---------------------------------------------------------------------------
# Parent: servers, load runs, figures
# ---------------------------------------------------------------------------


@dataclass
class Round:
    """What one fixed-length run against one stack produced."""

    ok: int
    errors: int
    elapsed_s: float
    cpu_s: float | None
    latencies_ns: list[int]

    @property
    def rps(self) -> float:
        """Successful calls per second."""
        return self.ok / self.elapsed_s


@dataclass
class StackFigures:
    """Every measured round of one stack at one concurrency."""

    rounds: list[Round] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Pool the rounds into RPC/s, percentiles and server CPU per call."""
        ok = sum(r.ok for r in self.rounds)
        elapsed = sum(r.elapsed_s for r in self.rounds)
        pooled = sorted(x for r in self.rounds for x in r.latencies_ns)
        cpu = [r.cpu_s for r in self.rounds]
        cpu_us = None
        if ok and all(c is not None for c in cpu):
            cpu_us = sum(c for c in cpu if c is not None) / ok * 1e6
        return {
            "rps": ok / elapsed if elapsed else 0.0,
            "rps_rounds": [round(r.rps, 1) for r in self.rounds],
            "p50_ms": percentile(pooled, 50) / 1e6,
            "p99_ms": percentile(pooled, 99) / 1e6,
            "calls": ok,
            "errors": sum(r.errors for r in self.rounds),
            "server_cpu_us_per_call": cpu_us,
        }


def percentile(sorted_values: Sequence[int], pct: float) -> float:
    """Nearest-rank percentile of already sorted values (0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return float(sorted_values[rank - 1])


class ServerProcess:
    """One server child process and the port it announced."""

    def __init__(self, stack: str, workers: int, env: dict[str, str]) -> None:
        """Start the child for ``stack``; ``wait_ready`` reads its port."""
        self.stack = stack
        command = [sys.executable, str(Path(__file__).resolve()), "--role", stack]
        command += ["--workers", str(workers)]
        self.proc = subprocess.Popen(  # noqa: S603 (our own interpreter and file)
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=REPO,
        )
        self.port = 0

    def wait_ready(self) -> None:
        """Read the ``port=N`` line, failing if it does not come in time."""
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], START_TIMEOUT_SECS)
        line = self.proc.stdout.readline().decode() if ready else ""
        if not line.startswith("port="):
            raise RuntimeError(f"the {self.stack} server did not start")
        self.port = int(line.removeprefix("port=").strip())

    def cpu_seconds(self) -> float | None:
        """User plus system CPU time the server has used so far (Linux)."""
        try:
            stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        except OSError:
            return None
        fields = stat.rpartition(")")[2].split()
        ticks = int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Stop the child: SIGTERM, then SIGKILL if it lingers."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


def start_servers(workers: int, env: dict[str, str]) -> dict[str, ServerProcess]:
    """Start one server of each stack at once and wait until both listen."""
    servers: dict[str, ServerProcess] = {}
    try:
        for stack in STACKS:
            servers[stack] = ServerProcess(stack, workers, env)
        for server in servers.values():
            server.wait_ready()
    except BaseException:
        stop_servers(servers)
        raise
    return servers


def stop_servers(servers: dict[str, ServerProcess]) -> None:
    """Stop every server in ``servers``."""
    for server in servers.values():
        server.stop()


def find_ghz() -> str | None:
    """Locate ghz on PATH or in the Go bin directory."""
    found = shutil.which("ghz")
    if found:
        return found
    gopath = os.environ.get("GOPATH", "")
    go = shutil.which("go")
    if not gopath and go:
        try:
            gopath = subprocess.run(  # noqa: S603 (fixed arguments)
                [go, "env", "GOPATH"],
                capture_output=True,
                text=True,
                timeout=30,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            gopath = ""
    for root in filter(None, gopath.split(os.pathsep)):
        candidate = Path(root, "bin", "ghz")
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def well_known_protos() -> str:
    """The directory holding google/protobuf/*.proto, shipped with grpc_tools."""
    spec = importlib.util.find_spec("grpc_tools")
    if spec is None or spec.origin is None:
        raise SystemExit("grpc_tools is needed for its well-known .proto files")
    return str(Path(spec.origin).parent / "_proto")


class Loader:
    """Runs one fixed-length load against a port with ghz or Python."""

    def __init__(self, ghz: str | None, client_cpus: int, env: dict[str, str]) -> None:
        """Remember the tool and the environment for runs."""
        self.ghz = ghz
        self.client_cpus = client_cpus
        self.env = env

    @property
    def name(self) -> str:
        """How load is generated, for the report."""
        if self.ghz:
            return f"ghz ({self.ghz}, --cpus {self.client_cpus})"
        return "Python grpc.aio client (separate process)"

    def run(
        self,
        port: int,
        request: pb.ValidateTokenRequest,
        concurrency: int,
        seconds: float,
    ) -> Round:
        """Send ``request`` to the server on ``port``; return the round's figures."""
        if self.ghz:
            return self._run_ghz(self.ghz, port, request, concurrency, seconds)
        return self._run_python(port, request, concurrency, seconds)

    def _run_ghz(
        self,
        ghz: str,
        port: int,
        request: pb.ValidateTokenRequest,
        concurrency: int,
        seconds: float,
    ) -> Round:
        """One ghz run; in-flight calls at the end are ignored."""
        data = {
            "call_id": request.call_id,
            "function_name": request.function_name,
            "token": request.token,
        }
        command = [
            ghz,
            "--insecure",
            f"--proto={PROTO}",
            f"--import-paths=proto,{well_known_protos()}",
            f"--call={METHOD}",
            f"--data={json.dumps(data)}",
            f"--concurrency={concurrency}",
            "--connections=1",
            f"--duration={int(seconds * 1000)}ms",
            "--duration-stop=ignore",
            f"--cpus={self.client_cpus}",
            "--format=json",
            f"{HOST}:{port}",
        ]
        out = subprocess.run(  # noqa: S603 (ghz with our own arguments)
            command,
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=seconds + RUN_SLACK_SECS,
            check=True,
        ).stdout
        report = json.loads(out)
        details = report.get("details") or []
        latencies = [int(d["latency"]) for d in details if d.get("status") == "OK"]
        return Round(
            ok=len(latencies),
            errors=len(details) - len(latencies),
            elapsed_s=report["total"] / 1e9,
            cpu_s=None,
            latencies_ns=latencies,
        )

    def _run_python(
        self,
        port: int,
        request: pb.ValidateTokenRequest,
        concurrency: int,
        seconds: float,
    ) -> Round:
        """One run of the Python load generator in its own process."""
        env = dict(self.env)
        env["SESSIONMANAGER_BENCH_REQUEST"] = request.SerializeToString().hex()
        command = [sys.executable, str(Path(__file__).resolve()), "--role", "load"]
        command += [f"--port={port}", f"--concurrency={concurrency}"]
        command += [f"--seconds={seconds}"]
        out = subprocess.run(  # noqa: S603 (our own interpreter and file)
            command,
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            timeout=seconds + RUN_SLACK_SECS,
            check=True,
        ).stdout
        result = json.loads(out)
        latencies = [int(x) for x in result["latencies_ns"]]
        return Round(
            ok=len(latencies),
            errors=int(result["errors"]),
            elapsed_s=float(result["elapsed_s"]),
            cpu_s=None,
            latencies_ns=latencies,
        )


def measure(
    loader: Loader,
    server: ServerProcess,
    request: pb.ValidateTokenRequest,
    concurrency: int,
    seconds: float,
) -> Round:
    """Run one round and attach the server CPU time it used."""
    before = server.cpu_seconds()
    result = loader.run(server.port, request, concurrency, seconds)
    after = server.cpu_seconds()
    if before is not None and after is not None:
        result.cpu_s = after - before
    return result


def check_servers(servers: dict[str, ServerProcess]) -> pb.ValidateTokenRequest:
    """Mint a token on each stack, check each validates on both, return a request.

    This proves both stacks share the secret and answer alike before any
    figure is taken; the aio-minted token is the one used under load.
    Tokens live for 15 minutes, far longer than a round.
    """
    channels = {
        s: grpc.insecure_channel(f"{HOST}:{p.port}") for s, p in servers.items()
    }
    try:
        stubs = {s: pb_grpc.SessionManagerServiceStub(c) for s, c in channels.items()}
        minted = {
            s: stub.GenerateToken(
                pb.GenerateTokenRequest(call_id=CALL_ID, function_name=FUNCTION_NAME),
                timeout=START_TIMEOUT_SECS,
                wait_for_ready=True,
            ).token
            for s, stub in stubs.items()
        }
        for token in minted.values():
            request = pb.ValidateTokenRequest(
                call_id=CALL_ID, function_name=FUNCTION_NAME, token=token
            )
            answers = {
                s: stub.ValidateToken(request, timeout=START_TIMEOUT_SECS)
                for s, stub in stubs.items()
            }
            if any(a.reason != pb.VALIDATION_REASON_VALID for a in answers.values()):
                raise RuntimeError(f"stacks disagree on a fresh token: {answers}")
    finally:
        for channel in channels.values():
            channel.close()
    return pb.ValidateTokenRequest(
        call_id=CALL_ID, function_name=FUNCTION_NAME, token=minted["aio"]
    )


def _fmt(value: float | None, digits: int) -> str:
    """Format a number, or a dash when it is unknown."""
    return "-" if value is None else f"{value:,.{digits}f}"


def table(results: dict[int, dict[str, dict[str, Any]]]) -> str:
    """Render the per-concurrency summaries as one markdown table."""
    lines = [
        "| concurrency | aio RPC/s | sync RPC/s | aio/sync | aio/sync by round"
        " | aio p50 ms | sync p50 ms | aio p99 ms | sync p99 ms"
        " | aio CPU us/call | sync CPU us/call |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for concurrency, stacks in results.items():
        aio, sync = stacks["aio"], stacks["sync"]
        ratio = aio["rps"] / sync["rps"] if sync["rps"] else None
        pairs = zip(aio["rps_rounds"], sync["rps_rounds"], strict=True)
        by_round = [a / b for a, b in pairs if b]
        spread = f"{min(by_round):.2f} to {max(by_round):.2f}" if by_round else "-"
        cells = [
            str(concurrency),
            _fmt(aio["rps"], 0),
            _fmt(sync["rps"], 0),
            _fmt(ratio, 2),
            spread,
            _fmt(aio["p50_ms"], 3),
            _fmt(sync["p50_ms"], 3),
            _fmt(aio["p99_ms"], 3),
            _fmt(sync["p99_ms"], 3),
            _fmt(aio["server_cpu_us_per_call"], 0),
            _fmt(sync["server_cpu_us_per_call"], 0),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def log(message: str) -> None:
    """Progress on stderr, so stdout holds the report only."""
    print(message, file=sys.stderr, flush=True)


def run_round(
    args: argparse.Namespace,
    loader: Loader,
    env: dict[str, str],
    concurrency: int,
) -> dict[str, Round]:
    """One round on a fresh pair of servers: warm both up, then aio, then sync."""
    servers = start_servers(args.workers, env)
    try:
        request = check_servers(servers)
        for stack in STACKS:
            loader.run(servers[stack].port, request, concurrency, args.warmup)
        return {
            stack: measure(loader, servers[stack], request, concurrency, args.seconds)
            for stack in STACKS
        }
    finally:
        stop_servers(servers)


def run_benchmark(args: argparse.Namespace) -> dict[str, Any]:
    """Alternate the measured rounds at each concurrency, return all figures."""
    cores = len(os.sched_getaffinity(0))
    env = dict(os.environ)
    env[SECRET_ENV] = secrets.token_urlsafe(32)
    ghz = None if args.loader == "python" else find_ghz()
    if args.loader == "ghz" and ghz is None:
        raise SystemExit("ghz not found on PATH nor in $(go env GOPATH)/bin")
    loader = Loader(ghz, args.client_cpus, env)
    log(f"load: {loader.name}; {cores} cores shared by client and servers")
    results: dict[int, dict[str, dict[str, Any]]] = {}
    for concurrency in args.concurrency:
        figures = {stack: StackFigures() for stack in STACKS}
        for number in range(1, args.rounds + 1):
            for stack, done in run_round(args, loader, env, concurrency).items():
                figures[stack].rounds.append(done)
                log(
                    f"c={concurrency} round {number} {stack}: "
                    f"{done.rps:,.0f} RPC/s, {done.errors} errors"
                )
        results[concurrency] = {s: f.summary() for s, f in figures.items()}
    return {
        "rpc": "ValidateToken (valid token)",
        "load_generator": loader.name,
        "cores": cores,
        "seconds_per_round": args.seconds,
        "warmup_seconds": args.warmup,
        "rounds_per_stack": args.rounds,
        "sync_max_workers": args.workers,
        "python": sys.version.split()[0],
        "grpcio": grpc.__version__,
        "results": {str(c): r for c, r in results.items()},
        "table": table(results),
    }


def concurrency_list(text: str) -> list[int]:
    """Parse ``1,8,32`` into positive integers."""
    values = [int(part) for part in text.split(",") if part.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("give positive integers, e.g. 1,8,32")
    return values


def build_parser() -> argparse.ArgumentParser:
    """The command line of the script and of its child processes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per round")
    parser.add_argument("--concurrency", type=concurrency_list, default=[1, 8, 32])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--rounds", type=int, default=6, help="per stack, >= 2")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds")
    parser.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_THREADS,
        help=f"sync pool size (default {DEFAULT_THREADS}, as sessionmanager serve)",
    )
    parser.add_argument("--loader", choices=("auto", "ghz", "python"), default="auto")
    parser.add_argument("--client-cpus", type=int, default=1, help="ghz --cpus")
    parser.add_argument("--role", default="main", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a child role, or run the whole comparison and report it."""
    args = build_parser().parse_args(argv)
    if args.role == "aio":
        serve_aio()
        return 0
    if args.role == "sync":
        serve_sync(args.workers)
        return 0
    if args.role == "load":
        python_load(args.port, args.concurrency[0], args.seconds)
        return 0
    if args.rounds < 2 or args.seconds <= 0 or args.warmup <= 0:
        raise SystemExit("need --rounds >= 2 and positive --seconds and --warmup")
    per_level = 2 * args.rounds * (args.warmup + args.seconds)
    log(f"about {len(args.concurrency) * per_level:.0f} s of load in all")
    report = run_benchmark(args)
    print(
        f"ValidateToken, {report['rounds_per_stack']} alternating rounds of "
        f"{report['seconds_per_round']:g} s per stack, each on fresh server "
        f"processes after a {report['warmup_seconds']:g} s warm-up; "
        f"load: {report['load_generator']}; "
        f"sync pool: {report['sync_max_workers']} threads; "
        f"{report['cores']} cores shared by load generator and both servers "
        f"(Python {report['python']}, grpcio {report['grpcio']})\n"
    )
    print(report["table"])
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
