"""In-process token speed: this project against what a user could use instead.

For generate and validate, four implementations are timed side by side in
one process: this project's ``SessionManager``, the SignalWire SDK's own
``SessionManager`` (same token format), PyJWT HS256 encode/decode (another
common signed-token choice) and the raw HMAC-SHA256 of the same message (the
ceiling: the least any HMAC token can cost). Each round times every
implementation once, in an order that rotates from round to round, so that
drift of a shared machine spreads over all of them; the figure kept per
implementation is its median over the rounds, and each ratio is the median of
the per-round ratios.

Usage::

    python bench/inprocess.py [--rounds N] [--calls N] [--json PATH]
"""

import argparse
import hashlib
import hmac
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
from signalwire.core.security.session_manager import SessionManager as SdkManager

from sessionmanager import SessionManager

SECRET = "bench-secret-0123456789abcdef"  # noqa: S105 (a benchmark key)
CALL_ID = "call-abc-12345"
FUNCTION = "get_weather"

Operation = Callable[[], object]


def operations() -> dict[str, dict[str, Operation]]:
    """The timed calls, by operation then implementation."""
    ours = SessionManager(token_expiry_secs=900, secret_key=SECRET)
    sdk = SdkManager(token_expiry_secs=900, secret_key=SECRET)
    our_token = ours.generate_token(FUNCTION, CALL_ID)
    sdk_token = sdk.generate_token(FUNCTION, CALL_ID)
    claims = {"call_id": CALL_ID, "function": FUNCTION, "exp": int(time.time()) + 900}
    jwt_token = jwt.encode(claims, SECRET, algorithm="HS256")
    key = SECRET.encode()
    message = f"{CALL_ID}:{FUNCTION}:1900000000:0123456789abcdef".encode()
    signature = hmac.new(key, message, hashlib.sha256).hexdigest()
    assert ours.validate_token(CALL_ID, FUNCTION, our_token)
    assert sdk.validate_token(CALL_ID, FUNCTION, sdk_token)

    def jwt_decode() -> object:
        return jwt.decode(jwt_token, SECRET, algorithms=["HS256"])

    def raw_validate() -> object:
        expected = hmac.new(key, message, hashlib.sha256).hexdigest()
        return hmac.compare_digest(signature, expected)

    return {
        "generate": {
            "sessionmanager": lambda: ours.generate_token(FUNCTION, CALL_ID),
            "signalwire-sdk": lambda: sdk.generate_token(FUNCTION, CALL_ID),
            "pyjwt-hs256": lambda: jwt.encode(claims, SECRET, algorithm="HS256"),
            "raw-hmac": lambda: hmac.new(key, message, hashlib.sha256).hexdigest(),
        },
        "validate": {
            "sessionmanager": lambda: ours.validate_token(CALL_ID, FUNCTION, our_token),
            "signalwire-sdk": lambda: sdk.validate_token(CALL_ID, FUNCTION, sdk_token),
            "pyjwt-hs256": jwt_decode,
            "raw-hmac": raw_validate,
        },
    }


def time_calls(operation: Operation, calls: int) -> float:
    """Seconds per call over ``calls`` calls."""
    start = time.perf_counter()
    for _ in range(calls):
        operation()
    return (time.perf_counter() - start) / calls


def measure(rounds: int, calls: int) -> dict[str, Any]:
    """Rotate through the implementations ``rounds`` times per operation."""
    results: dict[str, Any] = {}
    for name, implementations in operations().items():
        order = list(implementations)
        per_round: dict[str, list[float]] = {impl: [] for impl in order}
        for index in range(rounds):
            rotated = order[index % len(order) :] + order[: index % len(order)]
            for impl in rotated:
                time_calls(implementations[impl], calls // 10)  # warm-up
                per_round[impl].append(time_calls(implementations[impl], calls))
        ratios = [
            sdk / ours
            for sdk, ours in zip(
                per_round["signalwire-sdk"], per_round["sessionmanager"], strict=True
            )
        ]
        results[name] = {
            "us_per_call": {
                impl: statistics.median(times) * 1e6
                for impl, times in per_round.items()
            },
            "speedup_vs_sdk": statistics.median(ratios),
            "speedup_vs_sdk_range": [min(ratios), max(ratios)],
        }
    return results


def table(results: dict[str, Any]) -> str:
    """The figures as a markdown table."""
    lines = [
        "| operation | sessionmanager µs | signalwire-sdk µs | pyjwt-hs256 µs "
        "| raw-hmac µs | speed vs SDK (range) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, figures in results.items():
        us = figures["us_per_call"]
        low, high = figures["speedup_vs_sdk_range"]
        lines.append(
            f"| {name} | {us['sessionmanager']:.2f} | {us['signalwire-sdk']:.2f} "
            f"| {us['pyjwt-hs256']:.2f} | {us['raw-hmac']:.2f} "
            f"| {figures['speedup_vs_sdk']:.2f}x ({low:.2f} to {high:.2f}) |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    results = measure(args.rounds, args.calls)
    print(table(results))
    targets = {
        "validate": results["validate"]["speedup_vs_sdk"] >= 1.2,
        "generate": results["generate"]["speedup_vs_sdk"] >= 1.0,
    }
    print(
        f"targets: validate >= 1.2x SDK: {targets['validate']}; "
        f"generate >= 1.0x SDK: {targets['generate']}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"results": results, "targets": targets}, indent=2)
        )


if __name__ == "__main__":
    main()
