"""The ``sessionmanager`` command."""

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from sessionmanager.client_cli import add_client_commands, run_client_command
from sessionmanager.config import (
    API_KEYS_ENV,
    DEFAULT_LISTEN,
    DEFAULT_THREADS,
    REDIS_URL_ENV,
    ConfigError,
    ServerConfig,
    load_api_keys,
    load_secret,
)
from sessionmanager.logs import configure_logging
from sessionmanager.server import ServerError, serve
from sessionmanager.signer import DEFAULT_LIFETIME_SECS
from sessionmanager.store.base import MetadataLimits
from sessionmanager.tls import TlsFiles
from sessionmanager.workers import run_workers

logger = logging.getLogger("sessionmanager")

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sessionmanager",
        description="A gRPC token authority for AI agents.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve_cmd = commands.add_parser(
        "serve",
        help="run the gRPC server",
        description=(
            "Run the SessionManager gRPC server. The signing secret comes from "
            "SESSIONMANAGER_SECRET_KEY, the file named by "
            "SESSIONMANAGER_SECRET_KEY_FILE, or SIGNALWIRE_SWAIG_SECRET."
        ),
    )
    limits = MetadataLimits()
    serve_cmd.add_argument(
        "--listen",
        default=DEFAULT_LISTEN,
        metavar="HOST:PORT",
        help=f"address to listen on (default {DEFAULT_LISTEN}; port 0 picks one)",
    )
    serve_cmd.add_argument(
        "--token-expiry-secs",
        type=int,
        default=DEFAULT_LIFETIME_SECS,
        help=f"token lifetime in seconds (default {DEFAULT_LIFETIME_SECS})",
    )
    serve_cmd.add_argument(
        "--debug",
        action="store_true",
        help="answer DebugToken (off by default: it reveals token contents)",
    )
    serve_cmd.add_argument(
        "--store",
        default=os.environ.get(REDIS_URL_ENV) or "memory",
        metavar="memory|redis://HOST:PORT/DB",
        help="where sessions, revocations and single-use records live: this "
        f"process's memory, or Redis shared by replicas (default ${REDIS_URL_ENV} "
        "when set, else memory)",
    )
    serve_cmd.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes sharing the port; more than 1 needs --store redis "
        "(default 1)",
    )
    serve_cmd.add_argument(
        "--single-use",
        action="store_true",
        help="a token validates once; a second validation is REPLAYED",
    )
    serve_cmd.add_argument(
        "--grace-secs",
        type=float,
        default=10.0,
        help="on SIGTERM/SIGINT, how long calls in flight may take (default 10)",
    )
    serve_cmd.add_argument(
        "--sweep-interval-secs",
        type=float,
        default=60.0,
        help="how often sessions idle past the token lifetime are removed (default 60)",
    )
    serve_cmd.add_argument(
        "--threads",
        type=int,
        default=DEFAULT_THREADS,
        help=(
            "calls handled at once; more wait in line (default "
            f"{DEFAULT_THREADS}; raise it when each store round trip is slow)"
        ),
    )
    serve_cmd.add_argument(
        "--max-sessions",
        type=int,
        default=limits.max_sessions,
        help=f"sessions held at once (default {limits.max_sessions})",
    )
    serve_cmd.add_argument(
        "--max-keys",
        type=int,
        default=limits.max_keys,
        help=f"top-level metadata keys per session (default {limits.max_keys})",
    )
    serve_cmd.add_argument(
        "--max-session-bytes",
        type=int,
        default=limits.max_session_bytes,
        help="metadata bytes per session, as compact JSON "
        f"(default {limits.max_session_bytes})",
    )
    serve_cmd.add_argument(
        "--leeway-secs",
        type=int,
        default=0,
        help="tokens stay valid this long past their expiry, for clock skew "
        "between hosts (default 0)",
    )
    serve_cmd.add_argument(
        "--api-keys-file",
        metavar="FILE",
        help="callers must send 'authorization: Bearer <key>' with a key from "
        f"this file (lines: NAME SCOPES KEY); default ${API_KEYS_ENV} when set",
    )
    serve_cmd.add_argument("--tls-cert", metavar="FILE", help="PEM certificate chain")
    serve_cmd.add_argument("--tls-key", metavar="FILE", help="PEM private key")
    serve_cmd.add_argument(
        "--tls-client-ca",
        metavar="FILE",
        help="PEM CA certificates; callers must present a certificate it signed",
    )
    serve_cmd.add_argument(
        "--no-reflection",
        action="store_true",
        help="do not serve gRPC server reflection",
    )
    serve_cmd.add_argument(
        "--insecure",
        action="store_true",
        help="allow a non-loopback --listen address without TLS or authentication",
    )
    serve_cmd.add_argument(
        "--metrics-listen",
        metavar="HOST:PORT",
        help="serve Prometheus metrics over HTTP at /metrics on this address "
        "(default off; with --workers N, worker i listens on PORT+i)",
    )
    serve_cmd.add_argument(
        "--log-level",
        default="info",
        choices=["debug", "info", "warning", "error"],
        help="log level (default info)",
    )
    serve_cmd.add_argument(
        "--log-format",
        default="text",
        choices=["text", "json"],
        help="plain text lines, or one JSON object a line (default text)",
    )
    add_client_commands(commands)
    return parser


def config_from_args(args: argparse.Namespace) -> ServerConfig:
    try:
        limits = MetadataLimits(
            max_sessions=args.max_sessions,
            max_keys=args.max_keys,
            max_session_bytes=args.max_session_bytes,
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    if bool(args.tls_cert) != bool(args.tls_key):
        raise ConfigError("--tls-cert and --tls-key go together")
    if args.tls_client_ca and not args.tls_cert:
        raise ConfigError("--tls-client-ca needs --tls-cert and --tls-key")
    tls = (
        TlsFiles(args.tls_cert, args.tls_key, args.tls_client_ca)
        if args.tls_cert
        else None
    )
    return ServerConfig(
        secret=load_secret(),
        api_keys=load_api_keys(args.api_keys_file, os.environ),
        tls=tls,
        reflection=not args.no_reflection,
        leeway_secs=args.leeway_secs,
        listen=args.listen,
        token_expiry_secs=args.token_expiry_secs,
        debug=args.debug,
        store=args.store,
        grace_secs=args.grace_secs,
        sweep_interval_secs=args.sweep_interval_secs,
        threads=args.threads,
        workers=args.workers,
        single_use=args.single_use,
        limits=limits,
        insecure=args.insecure,
        metrics_listen=args.metrics_listen,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command != "serve":
        return run_client_command(args)
    configure_logging(
        level=args.log_level, json_lines=args.log_format == "json", workers=args.workers
    )
    try:
        config = config_from_args(args)
        if config.workers > 1:
            return run_workers(config)
        serve(config)
    except (ConfigError, ServerError) as exc:
        logger.error("%s", exc)
        return EXIT_USAGE
    return 0


if __name__ == "__main__":
    sys.exit(main())
