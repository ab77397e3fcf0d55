/**
 * An example agent that calls SessionManager the way a voice agent would.
 *
 *     node dist/example-agent.js ADDRESS
 *     node dist/example-agent.js ADDRESS mint CALL_ID FUNCTION
 *     node dist/example-agent.js ADDRESS validate CALL_ID FUNCTION TOKEN
 *
 * ADDRESS is host:port. With no mode the agent creates a session, mints a
 * token for get_weather, validates it for get_weather and for transfer_funds,
 * then sets and reads the session's metadata. Each mode prints one JSON
 * object on one line of stdout and exits 0; an RPC error, bad usage or a bad
 * setting prints a message on stderr and exits 2.
 *
 * The connection is plaintext unless the environment says otherwise (an
 * empty variable counts as unset):
 *
 * - SESSIONMANAGER_API_KEY: sent with every call as
 *   `authorization: Bearer <key>`.
 * - SESSIONMANAGER_TLS_CA_FILE: connect with TLS, trusting only the PEM CA
 *   certificates in this file.
 * - SESSIONMANAGER_TLS_CERT_FILE and SESSIONMANAGER_TLS_KEY_FILE: a PEM client
 *   certificate (chain) and its private key, for mutual TLS; both or neither.
 * - SESSIONMANAGER_TLS_SERVER_NAME: the name the server certificate must hold,
 *   instead of the host part of ADDRESS.
 *
 * @module
 */

import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import type { SecureClientSessionOptions } from "node:http2";

import { ConnectError, type Interceptor } from "@connectrpc/connect";

import {
  reasonName,
  SessionManagerClient,
  type ConnectOptions,
  type JsonObject,
} from "./client.js";

const LANGUAGE = "typescript";
const FUNCTION = "get_weather";
const OTHER_FUNCTION = "transfer_funds";
const TIMEOUT_MS = 10_000;

const USAGE = `usage: example-agent ADDRESS
       example-agent ADDRESS mint CALL_ID FUNCTION
       example-agent ADDRESS validate CALL_ID FUNCTION TOKEN`;

/** Bad command-line arguments. */
class UsageError extends Error {}

/** A bad setting in the environment, or a file it names that cannot be used. */
class SettingError extends Error {}

/** An RPC that failed, named after its method. */
class RpcError extends Error {
  constructor(method: string, cause: ConnectError) {
    super(`${method} failed: ${cause.message}`, { cause });
  }
}

/** Awaits one call, naming `method` in the error if it fails. */
async function rpc<T>(method: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw error instanceof ConnectError ? new RpcError(method, error) : error;
  }
}

/** Where and how to connect, from ADDRESS and the environment. */
interface Connection {
  address: string;
  options: ConnectOptions;
}

/**
 * Reads the SESSIONMANAGER_* variables (see the module documentation) and
 * returns the address and connect options for ADDRESS. Every file is read
 * and checked here, so a bad one fails before any call.
 */
function connectionFromEnv(
  address: string,
  env: NodeJS.ProcessEnv,
): Connection {
  const setting = (name: string) => env[name] || undefined;
  const options: ConnectOptions = { timeoutMs: TIMEOUT_MS };

  const apiKey = setting("SESSIONMANAGER_API_KEY");
  if (apiKey !== undefined) {
    options.interceptors = [bearerAuth(apiKey)];
  }

  const caFile = setting("SESSIONMANAGER_TLS_CA_FILE");
  const certFile = setting("SESSIONMANAGER_TLS_CERT_FILE");
  const keyFile = setting("SESSIONMANAGER_TLS_KEY_FILE");
  const serverName = setting("SESSIONMANAGER_TLS_SERVER_NAME");
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new SettingError(
      "SESSIONMANAGER_TLS_CERT_FILE and SESSIONMANAGER_TLS_KEY_FILE go together: set both or neither",
    );
  }
  if (caFile === undefined) {
    if (certFile !== undefined || serverName !== undefined) {
      throw new SettingError(
        "SESSIONMANAGER_TLS_CERT_FILE, SESSIONMANAGER_TLS_KEY_FILE and SESSIONMANAGER_TLS_SERVER_NAME need SESSIONMANAGER_TLS_CA_FILE",
      );
    }
    return { address, options };
  }

  const tls: SecureClientSessionOptions = {
    ca: caCertificates("SESSIONMANAGER_TLS_CA_FILE", caFile),
  };
  if (certFile !== undefined && keyFile !== undefined) {
    Object.assign(tls, clientCertificate(certFile, keyFile));
  }
  if (serverName !== undefined) {
    tls.servername = serverName;
  }
  options.nodeOptions = tls;
  return { address: httpsAddress(address), options };
}

/** An interceptor that sends `authorization: Bearer <apiKey>` on each call. */
function bearerAuth(apiKey: string): Interceptor {
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new SettingError(
      "SESSIONMANAGER_API_KEY must be printable ASCII without spaces",
    );
  }
  const authorization = `Bearer ${apiKey}`;
  return (next) => (request) => {
    request.header.set("authorization", authorization);
    return next(request);
  };
}

/** The contents of the file a variable names. */
function readSetting(variable: string, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new SettingError(
      `cannot read ${variable} ${file}: ${describe(error)}`,
    );
  }
}

/**
 * The PEM client certificate chain and private key, checked to match: a key
 * of another certificate would otherwise be dropped without a word, and the
 * server would see no client certificate.
 */
function clientCertificate(
  certFile: string,
  keyFile: string,
): { cert: string; key: string } {
  const cert = readSetting("SESSIONMANAGER_TLS_CERT_FILE", certFile);
  const key = readSetting("SESSIONMANAGER_TLS_KEY_FILE", keyFile);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw new SettingError(
      `bad PEM certificate in SESSIONMANAGER_TLS_CERT_FILE ${certFile}: ${describe(error)}`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new SettingError(
      `bad PEM private key in SESSIONMANAGER_TLS_KEY_FILE ${keyFile}: ${describe(error)}`,
    );
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new SettingError(
      `the key in SESSIONMANAGER_TLS_KEY_FILE ${keyFile} is not the key of the certificate in SESSIONMANAGER_TLS_CERT_FILE ${certFile}`,
    );
  }
  return { cert, key };
}

/**
 * The PEM certificates in a CA file, each checked: Node.js would otherwise
 * skip what it cannot parse and fail only at the handshake.
 */
function caCertificates(variable: string, file: string): string[] {
  const pem = readSetting(variable, file);
  const blocks =
    pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ??
    [];
  if (blocks.length === 0) {
    throw new SettingError(`no PEM certificate in ${variable} ${file}`);
  }
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new SettingError(
        `bad PEM certificate in ${variable} ${file}: ${describe(error)}`,
      );
    }
  }
  return blocks;
}

/** ADDRESS as an https:// URL, for TLS. */
function httpsAddress(address: string): string {
  if (/^https:\/\//i.test(address)) {
    return address;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) {
    throw new UsageError(
      `ADDRESS ${JSON.stringify(address)} is not host:port, but SESSIONMANAGER_TLS_CA_FILE asks for TLS`,
    );
  }
  return `https://${address}`;
}

/** Runs the whole flow and returns its report. */
async function runDefault(client: SessionManagerClient): Promise<JsonObject> {
  const callId = await rpc("CreateSession", client.createSession());
  const { token, expireTime } = await rpc(
    "GenerateToken",
    client.generateToken(callId, FUNCTION),
  );
  const same = await rpc(
    "ValidateToken",
    client.validateToken(callId, FUNCTION, token),
  );
  const other = await rpc(
    "ValidateToken",
    client.validateToken(callId, OTHER_FUNCTION, token),
  );
  await rpc(
    "SetSessionMetadata",
    client.setSessionMetadata(callId, {
      language: LANGUAGE,
      step: 2,
      tags: ["a", "b"],
    }),
  );
  const metadata = await rpc(
    "GetSessionMetadata",
    client.getSessionMetadata(callId),
  );
  return {
    language: LANGUAGE,
    call_id: callId,
    function: FUNCTION,
    token,
    expire_time_unix: Math.floor(expireTime.getTime() / 1000),
    validate_same: { valid: same.valid, reason: reasonName(same.reason) },
    validate_other: {
      function: OTHER_FUNCTION,
      valid: other.valid,
      reason: reasonName(other.reason),
    },
    metadata,
  };
}

/** Chooses the mode from the arguments after ADDRESS and runs it. */
async function run(
  client: SessionManagerClient,
  args: string[],
): Promise<JsonObject> {
  const [mode, ...rest] = args;
  switch (mode) {
    case undefined:
      return runDefault(client);
    case "mint": {
      if (rest.length !== 2) {
        throw new UsageError("mint takes CALL_ID FUNCTION");
      }
      const [callId, functionName] = rest as [string, string];
      const { token } = await rpc(
        "GenerateToken",
        client.generateToken(callId, functionName),
      );
      return { token };
    }
    case "validate": {
      if (rest.length !== 3) {
        throw new UsageError("validate takes CALL_ID FUNCTION TOKEN");
      }
      const [callId, functionName, token] = rest as [string, string, string];
      const result = await rpc(
        "ValidateToken",
        client.validateToken(callId, functionName, token),
      );
      return { valid: result.valid, reason: reasonName(result.reason) };
    }
    default:
      throw new UsageError(`unknown mode ${JSON.stringify(mode)}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [address, ...args] = argv;
  let client: SessionManagerClient | undefined;
  try {
    if (address === undefined || address === "" || address.startsWith("-")) {
      throw new UsageError("missing ADDRESS");
    }
    const connection = connectionFromEnv(address, process.env);
    client = SessionManagerClient.connect(
      connection.address,
      connection.options,
    );
    const report = await run(client, args);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`example-agent: ${describe(error)}\n`);
    if (error instanceof UsageError) {
      process.stderr.write(`${USAGE}\n`);
    }
    return 2;
  } finally {
    client?.close();
  }
}

/** A one-line description of an error for stderr. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

process.exitCode = await main(process.argv.slice(2));
