"""Several server processes sharing one port.

The parent forks the workers before any gRPC object exists (gRPC does not
survive a fork), each binds the port with SO_REUSEPORT so the kernel spreads
connections between them, and the parent only forwards signals and waits.
Workers share their state through the store, which must therefore be one
they can all reach (Redis).
"""

import contextlib
import dataclasses
import logging
import os
import signal
from types import FrameType

from sessionmanager.config import ServerConfig, split_host_port
from sessionmanager.server import ServerError, serve

logger = logging.getLogger(__name__)

EXIT_FAILED = 1
EXIT_USAGE = 2


def run_workers(config: ServerConfig) -> int:
    """Run ``config.workers`` server processes until signalled; the exit code."""
    children: set[int] = set()
    stopping = False

    def forward(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            _signal(pid, signum)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, forward)

    for index in range(config.workers):
        pid = os.fork()
        if pid == 0:
            os._exit(_run_worker(worker_config(config, index)))
        children.add(pid)
    logger.info("started %d workers: %s", len(children), sorted(children))

    exit_code = 0
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        children.discard(pid)
        code = os.waitstatus_to_exitcode(status)
        if code != 0 or not stopping:
            logger.error("worker %d exited with %d; stopping the others", pid, code)
            exit_code = EXIT_FAILED if code == 0 else code
            stopping = True
            for other in children:
                _signal(other, signal.SIGTERM)
    return exit_code


def worker_config(config: ServerConfig, index: int) -> ServerConfig:
    """Worker ``index``'s configuration: its metrics port is the given one + index.

    Each process counts its own calls, so each serves its own metrics.
    """
    if config.metrics_listen is None:
        return config
    host, port = split_host_port(config.metrics_listen, flag="--metrics-listen")
    if port == 0:
        return config
    host = f"[{host}]" if ":" in host else host
    return dataclasses.replace(config, metrics_listen=f"{host}:{port + index}")


def _run_worker(config: ServerConfig) -> int:
    # The parent's handlers forward to children; a worker has none of its own.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)
    try:
        serve(config)
    except ServerError as exc:
        logger.error("%s", exc)
        return EXIT_USAGE
    except BaseException:
        logger.exception("worker failed")
        return EXIT_FAILED
    return 0


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it has exited already
        os.kill(pid, signum)
