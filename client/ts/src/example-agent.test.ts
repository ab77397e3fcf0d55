/**
 * Tests of the example agent's settings from the environment: each bad
 * setting must stop it with exit code 2 and a message on stderr, before any
 * call. No server is needed.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const AGENT = fileURLToPath(new URL("./example-agent.js", import.meta.url));
/** Nothing listens here; every case must fail before connecting. */
const ADDRESS = "127.0.0.1:1";

/** A self-signed certificate, for the settings that need one that parses. */
const CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBkDCCATegAwIBAgIUeGJM+N5EzM94RzSvLsLKecIq3YkwCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSZXhhbXBsZS1hZ2VudCB0ZXN0MCAXDTI2MTIwMzE0MjczN1oY
DzIxMjYxMTA5MTQyNzM3WjAdMRswGQYDVQQDDBJleGFtcGxlLWFnZW50IHRlc3Qw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARZ138sF4aAI+zeOq/pFXhicxSynZ7u
DOk2cOl0lAk8zPfd6hhfPJXnGIBZIgtNntlPcLXBhQYUcLxPKR0B2+Ibo1MwUTAd
BgNVHQ4EFgQUwnnNqb6HDU7dj9TGauf6xPc+wN4wHwYDVR0jBBgwFoAUwnnNqb6H
DU7dj9TGauf6xPc+wN4wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBE
AiAhwnh3nD0fL1eRDZYIC9AaxnVqi/hf8+dCbrOwxV5C4AIgOQi03FFtYLOmeOvA
ySkR3DTJrY9xIgb6AiHXE6hfU8U=
-----END CERTIFICATE-----
`;

const directory = mkdtempSync(join(tmpdir(), "example-agent-test-"));
after(() => rmSync(directory, { recursive: true, force: true }));

/** Writes a file into the test's directory and returns its path. */
function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

/** Runs the agent with only the given SESSIONMANAGER_* variables. */
function runAgent(settings: Record<string, string>): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith("SESSIONMANAGER_"),
    ),
  );
  const { status, stdout, stderr } = spawnSync(
    process.execPath,
    [AGENT, ADDRESS],
    { env: { ...env, ...settings }, encoding: "utf8", timeout: 30_000 },
  );
  return { status, stdout, stderr };
}

describe("example agent settings", () => {
  const pem = file("ca.pem", "not a certificate\n");
  const broken = file(
    "broken.pem",
    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
  );
  const missing = join(directory, "missing.pem");
  const certificate = file("cert.pem", CERTIFICATE);
  const otherKey = file(
    "other.key",
    generateKeyPairSync("ec", { namedCurve: "P-256" })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString(),
  );
  const mutual = (cert: string, key: string) => ({
    SESSIONMANAGER_TLS_CA_FILE: certificate,
    SESSIONMANAGER_TLS_CERT_FILE: cert,
    SESSIONMANAGER_TLS_KEY_FILE: key,
  });

  const cases: [string, Record<string, string>, RegExp][] = [
    [
      "a client certificate without its key",
      {
        SESSIONMANAGER_TLS_CA_FILE: pem,
        SESSIONMANAGER_TLS_CERT_FILE: pem,
      },
      /SESSIONMANAGER_TLS_CERT_FILE and SESSIONMANAGER_TLS_KEY_FILE go together/,
    ],
    [
      "a client key without its certificate",
      { SESSIONMANAGER_TLS_CA_FILE: pem, SESSIONMANAGER_TLS_KEY_FILE: pem },
      /SESSIONMANAGER_TLS_CERT_FILE and SESSIONMANAGER_TLS_KEY_FILE go together/,
    ],
    [
      "a client certificate without a CA file",
      {
        SESSIONMANAGER_TLS_CERT_FILE: pem,
        SESSIONMANAGER_TLS_KEY_FILE: pem,
      },
      /need SESSIONMANAGER_TLS_CA_FILE/,
    ],
    [
      "a server name without a CA file",
      { SESSIONMANAGER_TLS_SERVER_NAME: "localhost" },
      /need SESSIONMANAGER_TLS_CA_FILE/,
    ],
    [
      "an unreadable CA file",
      { SESSIONMANAGER_TLS_CA_FILE: missing },
      /cannot read SESSIONMANAGER_TLS_CA_FILE .*missing\.pem/,
    ],
    [
      "a CA file with no PEM certificate",
      { SESSIONMANAGER_TLS_CA_FILE: pem },
      /no PEM certificate in SESSIONMANAGER_TLS_CA_FILE/,
    ],
    [
      "a CA file with a broken certificate",
      { SESSIONMANAGER_TLS_CA_FILE: broken },
      /bad PEM certificate in SESSIONMANAGER_TLS_CA_FILE/,
    ],
    [
      "a client certificate file with no certificate",
      mutual(pem, otherKey),
      /bad PEM certificate in SESSIONMANAGER_TLS_CERT_FILE/,
    ],
    [
      "an unreadable client key file",
      mutual(certificate, missing),
      /cannot read SESSIONMANAGER_TLS_KEY_FILE .*missing\.pem/,
    ],
    [
      "a client key file with no key",
      mutual(certificate, certificate),
      /bad PEM private key in SESSIONMANAGER_TLS_KEY_FILE/,
    ],
    [
      "the key of another certificate",
      mutual(certificate, otherKey),
      /SESSIONMANAGER_TLS_KEY_FILE .* is not the key of the certificate/,
    ],
    [
      "an API key with a space",
      { SESSIONMANAGER_API_KEY: "two words" },
      /SESSIONMANAGER_API_KEY must be printable ASCII/,
    ],
  ];
  for (const [name, settings, message] of cases) {
    it(`refuses ${name}`, () => {
      const result = runAgent(settings);
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stdout, "");
      assert.match(result.stderr, message);
    });
  }
});
