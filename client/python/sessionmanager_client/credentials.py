"""Channel credentials for TLS and mutual TLS, from PEM files."""

from collections.abc import Sequence

import grpc


def tls_credentials(
    ca_file: str | None = None,
    cert_file: str | None = None,
    key_file: str | None = None,
) -> grpc.ChannelCredentials:
    """TLS trusting ``ca_file`` (or the system's CAs), with an optional client
    certificate for servers that require one (mutual TLS)."""
    if (cert_file is None) != (key_file is None):
        raise ValueError("cert_file and key_file go together")
    return grpc.ssl_channel_credentials(
        root_certificates=_read(ca_file),
        private_key=_read(key_file),
        certificate_chain=_read(cert_file),
    )


def call_metadata(
    metadata: Sequence[tuple[str, str]], api_key: str | None
) -> tuple[tuple[str, str], ...]:
    """The metadata sent with every call: the caller's, and the API key."""
    if api_key is None:
        return tuple(metadata)
    return (*metadata, ("authorization", f"Bearer {api_key}"))


def _read(path: str | None) -> bytes | None:
    if path is None:
        return None
    with open(path, "rb") as stream:
        return stream.read()
