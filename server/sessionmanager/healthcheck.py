"""Exit 0 when the local server reports SERVING over gRPC health, else 1.

For container health checks, which need a command rather than a gRPC call:
``python -m sessionmanager.healthcheck [HOST:PORT]`` (default
``$SESSIONMANAGER_HEALTH_ADDRESS``, else 127.0.0.1:50051). Plaintext only: a
server serving TLS is probed by the platform's own gRPC probe instead.
"""

import os
import sys
from collections.abc import Sequence

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from sessionmanager.config import DEFAULT_LISTEN

ADDRESS_ENV = "SESSIONMANAGER_HEALTH_ADDRESS"
TIMEOUT_SECS = 3.0


def check(address: str, timeout: float = TIMEOUT_SECS) -> bool:
    """Whether the server at ``address`` answers SERVING for the whole server."""
    with grpc.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        try:
            answer = stub.Check(health_pb2.HealthCheckRequest(), timeout=timeout)
        except grpc.RpcError:
            return False
    return bool(answer.status == health_pb2.HealthCheckResponse.SERVING)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    address = args[0] if args else os.environ.get(ADDRESS_ENV, DEFAULT_LISTEN)
    serving = check(address)
    print("SERVING" if serving else "NOT SERVING", address)
    return 0 if serving else 1


if __name__ == "__main__":
    sys.exit(main())
