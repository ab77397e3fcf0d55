"""``sessionmanager`` subcommands that call a running server: token, session,
metadata and cleanup, printing JSON.

Each command prints one JSON object on stdout. The exit code is 0 on success
(and for a valid token), 1 for a token that does not validate, and 2 for any
error: bad arguments, an unreachable server, or a refused call. Errors go to
stderr as one line. API keys are taken from ``--api-key``, ``--api-key-file``
or ``SESSIONMANAGER_API_KEY`` and are never printed.
"""

import argparse
import json
import math
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

import grpc

from sessionmanager.config import DEFAULT_LISTEN
from sessionmanager.signer import MalformedTokenError, decode_token
from sessionmanager.structs import StructConversionError, dict_to_struct
from sessionmanager_client import (
    FailedPreconditionError,
    SessionManagerClient,
    SessionManagerClientError,
    tls_credentials,
)

# The subparsers action's type is private to argparse.
Subcommands = Any

SERVER_ENV = "SESSIONMANAGER_SERVER"
API_KEY_ENV = "SESSIONMANAGER_API_KEY"
DEFAULT_TIMEOUT_SECS = 5.0
MAX_TIMEOUT_SECS = 86_400
MAX_DURATION_SECS = 315_576_000_000
"""The largest google.protobuf.Duration, about 10,000 years."""

EXIT_OK = 0
EXIT_INVALID_TOKEN = 1
EXIT_ERROR = 2


class CliError(Exception):
    """A mistake in the command's arguments or files, found before any call."""


class Outcome(NamedTuple):
    """What a command prints, and its exit code."""

    payload: dict[str, Any]
    exit_code: int = EXIT_OK


Handler = Callable[[SessionManagerClient, argparse.Namespace], Outcome]


@dataclass(frozen=True, slots=True)
class Connection:
    """How to reach the server, resolved from the common options."""

    target: str
    timeout: float
    api_key: str | None
    credentials: grpc.ChannelCredentials | None
    options: tuple[tuple[str, Any], ...]


# Argument types.


def timeout_secs(text: str) -> float:
    """An argparse type: a call deadline, above zero and at most a day."""
    value = _finite_float(text)
    if not 0 < value <= MAX_TIMEOUT_SECS:
        raise argparse.ArgumentTypeError(
            f"must be above 0 and at most {MAX_TIMEOUT_SECS}, not {text!r}"
        )
    return value


def max_age_secs(text: str) -> float:
    """An argparse type: an idle age, zero or more, that a Duration can carry."""
    value = _finite_float(text)
    if not 0 <= value <= MAX_DURATION_SECS:
        raise argparse.ArgumentTypeError(
            f"must be 0 or more and at most {MAX_DURATION_SECS}, not {text!r}"
        )
    return value


def json_object(text: str) -> dict[str, Any]:
    """An argparse type: a JSON object that can travel as metadata."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise argparse.ArgumentTypeError(f"is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        kind = _json_kind(value)
        raise argparse.ArgumentTypeError(f"must be a JSON object, not {kind}")
    try:
        dict_to_struct(value)
    except StructConversionError as exc:
        raise argparse.ArgumentTypeError(f"cannot be sent as metadata: {exc}") from None
    return value


def _finite_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"is not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be finite, not {text!r}")
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


# The parser.


def add_client_commands(commands: Subcommands) -> None:
    """Add the client subcommands to the ``sessionmanager`` parser."""
    common = _common_options()
    _add_token_commands(commands, common)
    _add_session_commands(commands, common)
    _add_metadata_commands(commands, common)
    cleanup_cmd = commands.add_parser(
        "cleanup",
        parents=[common],
        help="remove idle sessions on a server",
        description="Remove sessions idle for longer than --max-age-secs.",
    )
    cleanup_cmd.add_argument(
        "--max-age-secs",
        type=max_age_secs,
        metavar="N",
        help="idle time after which a session goes (default: the server's "
        "token lifetime)",
    )
    cleanup_cmd.set_defaults(handler=_cleanup)


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    server = os.environ.get(SERVER_ENV) or DEFAULT_LISTEN
    group = common.add_argument_group("connection")
    group.add_argument(
        "--server",
        default=server,
        metavar="HOST:PORT",
        help=f"the server to call (default ${SERVER_ENV}, else {DEFAULT_LISTEN}; "
        f"now {server})",
    )
    group.add_argument(
        "--timeout",
        type=timeout_secs,
        default=DEFAULT_TIMEOUT_SECS,
        metavar="SECS",
        help=f"deadline of the call in seconds (default {DEFAULT_TIMEOUT_SECS:g})",
    )
    group.add_argument(
        "--api-key",
        metavar="KEY",
        help=f"API key sent as 'authorization: Bearer' (default ${API_KEY_ENV}; "
        "prefer the variable or --api-key-file, which stay out of shell history)",
    )
    group.add_argument(
        "--api-key-file", metavar="FILE", help="read the API key from this file"
    )
    group.add_argument(
        "--tls", action="store_true", help="use TLS, trusting the system's CAs"
    )
    group.add_argument(
        "--tls-ca", metavar="FILE", help="use TLS, trusting these PEM CA certificates"
    )
    group.add_argument(
        "--tls-cert",
        metavar="FILE",
        help="PEM client certificate chain, for mutual TLS (with --tls-key)",
    )
    group.add_argument(
        "--tls-key", metavar="FILE", help="PEM client private key (with --tls-cert)"
    )
    group.add_argument(
        "--tls-server-name",
        metavar="NAME",
        help="the name the server's certificate must carry, when it differs from HOST",
    )
    return common


def _group(commands: Subcommands, name: str, help_text: str) -> Subcommands:
    """A command whose actions are subcommands of their own; its subparsers."""
    parser = commands.add_parser(name, help=help_text, description=help_text)
    return parser.add_subparsers(dest="action", metavar="ACTION", required=True)


def _add_token_commands(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    actions = _group(commands, "token", "mint, check and decode function tokens")
    generate = actions.add_parser(
        "generate", parents=[common], help="mint a token for a function in a call"
    )
    _add_call_and_function(generate)
    generate.set_defaults(handler=_token_generate)

    validate = actions.add_parser(
        "validate",
        parents=[common],
        help="check a token; exit 0 when valid, 1 when not",
    )
    _add_call_and_function(validate)
    validate.add_argument("--token", required=True, help="the token to check")
    validate.set_defaults(handler=_token_validate)

    debug = actions.add_parser(
        "debug",
        parents=[common],
        help="decode a token (the server must run with --debug)",
    )
    debug.add_argument("--token", required=True, help="the token to decode")
    debug.set_defaults(handler=_token_debug)


def _add_call_and_function(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--call-id", required=True, metavar="ID", help="the call id")
    parser.add_argument(
        "--function", required=True, metavar="NAME", help="the function name"
    )


def _add_session_commands(
    commands: Subcommands, common: argparse.ArgumentParser
) -> None:
    actions = _group(commands, "session", "create and revoke sessions")
    create = actions.add_parser(
        "create", parents=[common], help="start a session; prints its call id"
    )
    create.add_argument(
        "--call-id", metavar="ID", help="the call id to use (default: a new random id)"
    )
    create.set_defaults(handler=_session_create)

    revoke = actions.add_parser(
        "revoke",
        parents=[common],
        help="refuse every token minted so far for a call",
    )
    revoke.add_argument("--call-id", required=True, metavar="ID", help="the call id")
    revoke.set_defaults(handler=_session_revoke)


def _add_metadata_commands(
    commands: Subcommands, common: argparse.ArgumentParser
) -> None:
    actions = _group(commands, "metadata", "read and change session metadata")
    for name, help_text, handler in (
        ("get", "print a session's metadata", _metadata_get),
        ("delete", "drop a session's metadata", _metadata_delete),
        ("set", "merge top-level keys into a session's metadata", _metadata_set),
    ):
        action = actions.add_parser(name, parents=[common], help=help_text)
        action.add_argument(
            "--session-id", required=True, metavar="ID", help="the session id"
        )
        action.set_defaults(handler=handler)
        if name == "set":
            action.add_argument(
                "--json",
                required=True,
                type=json_object,
                dest="metadata",
                metavar="OBJECT",
                help="a JSON object whose keys replace the session's",
            )


# The commands.


def _token_generate(client: SessionManagerClient, args: argparse.Namespace) -> Outcome:
    token = client.generate_token(args.function, args.call_id)
    return Outcome({"token": token, "expire_time": _token_expiry(token)})


def _token_validate(client: SessionManagerClient, args: argparse.Namespace) -> Outcome:
    result = client.check_token(args.call_id, args.function, args.token)
    payload = {"valid": result.valid, "reason": result.reason.upper()}
    return Outcome(payload, EXIT_OK if result.valid else EXIT_INVALID_TOKEN)


def _token_debug(client: SessionManagerClient, args: argparse.Namespace) -> Outcome:
    info = client.debug_token(args.token)
    if "expiry" in info:
        info["expiry_date"] = _utc_iso(info["expiry"])
    return Outcome(info)


def _session_create(client: SessionManagerClient, args: argparse.Namespace) -> Outcome:
    return Outcome({"call_id": client.create_session(args.call_id)})


def _session_revoke(client: SessionManagerClient, args: argparse.Namespace) -> Outcome:
    until = client.revoke_session(args.call_id)
    return Outcome({"revoked_until": _utc_iso(until.timestamp())})


def _metadata_get(client: SessionManagerClient, args: argparse.Namespace) -> Outcome:
    metadata = client.get_session_metadata(args.session_id)
    return Outcome({"session_id": args.session_id, "metadata": metadata})


def _metadata_set(client: SessionManagerClient, args: argparse.Namespace) -> Outcome:
    client.set_session_metadata(args.session_id, args.metadata)
    return _metadata_get(client, args)


def _metadata_delete(client: SessionManagerClient, args: argparse.Namespace) -> Outcome:
    return Outcome({"deleted": client.delete_session_metadata(args.session_id)})


def _cleanup(client: SessionManagerClient, args: argparse.Namespace) -> Outcome:
    return Outcome({"removed": client.cleanup(args.max_age_secs)})


def _token_expiry(token: str) -> str | None:
    """The expiry a token carries, as ISO 8601; None if it is not SDK-shaped."""
    try:
        return _utc_iso(int(decode_token(token).expiry))
    except (MalformedTokenError, ValueError, OverflowError, OSError):
        return None


def _utc_iso(seconds: float) -> str:
    moment = datetime.fromtimestamp(seconds, UTC)
    return moment.isoformat().replace("+00:00", "Z")


# Running a command.


def run_client_command(args: argparse.Namespace) -> int:
    """Run a client subcommand; the exit code."""
    handler: Handler = args.handler
    try:
        _check_utf8(args)
        connection = connection_from_args(args, os.environ)
        with _client(connection) as client:
            outcome = handler(client, args)
    except CliError as exc:
        return _fail(str(exc))
    except SessionManagerClientError as exc:
        return _fail(_describe_rpc_error(exc, args))
    print(json.dumps(outcome.payload, indent=2, sort_keys=True))
    return outcome.exit_code


def _check_utf8(args: argparse.Namespace) -> None:
    """Refuse text that cannot be sent, such as undecodable bytes in argv."""
    for name, value in vars(args).items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                flag = "--" + name.replace("_", "-")
                raise CliError(f"{flag} is not valid UTF-8") from None


def connection_from_args(
    args: argparse.Namespace, environ: Mapping[str, str]
) -> Connection:
    """The common options, checked and with their files read; CliError if wrong."""
    options: tuple[tuple[str, Any], ...] = ()
    if args.tls_server_name:
        options = (("grpc.ssl_target_name_override", args.tls_server_name),)
    return Connection(
        target=args.server,
        timeout=args.timeout,
        api_key=_api_key(args, environ),
        credentials=_credentials(args),
        options=options,
    )


def _api_key(args: argparse.Namespace, environ: Mapping[str, str]) -> str | None:
    if args.api_key is not None and args.api_key_file is not None:
        raise CliError("give --api-key or --api-key-file, not both")
    if args.api_key_file is not None:
        key = _read_text(args.api_key_file, "--api-key-file").strip()
        source = f"--api-key-file {args.api_key_file}"
    elif args.api_key is not None:
        key, source = args.api_key, "--api-key"
    elif API_KEY_ENV in environ:
        key, source = environ[API_KEY_ENV], API_KEY_ENV
    else:
        return None
    if not key:
        raise CliError(f"the API key from {source} is empty")
    if not (key.isascii() and key.isprintable()) or key != key.strip():
        raise CliError(
            f"the API key from {source} must be printable ASCII without "
            "surrounding spaces"
        )
    return key


def _credentials(args: argparse.Namespace) -> grpc.ChannelCredentials | None:
    if (args.tls_cert is None) != (args.tls_key is None):
        raise CliError("--tls-cert and --tls-key go together")
    wants_tls = args.tls or any(
        value is not None
        for value in (args.tls_ca, args.tls_cert, args.tls_server_name)
    )
    if not wants_tls:
        return None
    try:
        return tls_credentials(args.tls_ca, args.tls_cert, args.tls_key)
    except OSError as exc:
        raise CliError(f"cannot read {exc.filename}: {exc.strerror}") from None


def _read_text(path: str, flag: str) -> str:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except OSError as exc:
        raise CliError(f"{flag} {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CliError(f"{flag} {path}: not a text file") from None


def _client(connection: Connection) -> SessionManagerClient:
    return SessionManagerClient(
        connection.target,
        timeout=connection.timeout,
        credentials=connection.credentials,
        api_key=connection.api_key,
        options=connection.options,
    )


def _describe_rpc_error(
    exc: SessionManagerClientError, args: argparse.Namespace
) -> str:
    message = " ".join(exc.message.split()) or "no details"
    status = f"{exc.code.name}: {message}"
    text = f"call to {args.server} failed: {status}"
    if isinstance(exc, FailedPreconditionError) and args.handler is _token_debug:
        text += " (token debug needs a server started with --debug)"
    if exc.violations:
        fields = ", ".join(sorted({v.field for v in exc.violations}))
        text += f" [fields: {fields}]"
    return text


def _fail(message: str) -> int:
    print(f"sessionmanager: error: {message}", file=sys.stderr)
    return EXIT_ERROR
