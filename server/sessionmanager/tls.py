"""Server TLS, optionally mutual, with certificate files reloaded on change.

gRPC asks for the certificate configuration at every new handshake; the
files are looked at (their size and modification time) and read again only
when they changed, so a renewed certificate is served without a restart. A
file that cannot be read then keeps the previous certificate in use.
"""

import logging
import os
import threading
from dataclasses import dataclass

import grpc

logger = logging.getLogger(__name__)


class TlsConfigError(Exception):
    """The certificate files cannot be used."""


@dataclass(frozen=True, slots=True)
class TlsFiles:
    """PEM files: the server's certificate chain and key, and the client CA."""

    cert: str
    key: str
    client_ca: str | None = None

    def paths(self) -> tuple[str, ...]:
        return (self.cert, self.key) + ((self.client_ca,) if self.client_ca else ())


class ReloadingCertificates:
    """Serves the certificate files' current content to gRPC."""

    def __init__(self, files: TlsFiles) -> None:
        self._files = files
        self._lock = threading.Lock()
        self._stamp = self._stat()
        self.initial = self._configuration()

    def credentials(self) -> grpc.ServerCredentials:
        return grpc.dynamic_ssl_server_credentials(
            self.initial,
            # gRPC takes None as "unchanged"; its type stubs do not say so.
            self._fetch,  # type: ignore[arg-type]
            require_client_authentication=self._files.client_ca is not None,
        )

    def _fetch(self) -> grpc.ServerCertificateConfiguration | None:
        with self._lock:
            try:
                stamp = self._stat()
                if stamp == self._stamp:
                    return None
                configuration = self._configuration()
            except TlsConfigError as exc:
                logger.error("keeping the current certificate: %s", exc)
                return None
            self._stamp = stamp
        logger.info("certificate files changed: serving the new certificate")
        return configuration

    def _stat(self) -> tuple[tuple[int, int], ...]:
        try:
            return tuple(
                (info.st_mtime_ns, info.st_size)
                for info in map(os.stat, self._files.paths())
            )
        except OSError as exc:
            raise TlsConfigError(
                f"cannot read {exc.filename}: {exc.strerror}"
            ) from None

    def _configuration(self) -> grpc.ServerCertificateConfiguration:
        cert, key = _read(self._files.cert), _read(self._files.key)
        client_ca = _read(self._files.client_ca) if self._files.client_ca else None
        for name, content in (("certificate", cert), ("key", key)):
            if b"-----BEGIN" not in content:
                raise TlsConfigError(f"the TLS {name} file is not PEM")
        return grpc.ssl_server_certificate_configuration(
            [(key, cert)], root_certificates=client_ca
        )


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except OSError as exc:
        raise TlsConfigError(f"cannot read {path}: {exc.strerror}") from None
