/**
 * An example agent that calls SessionManager the way a voice agent would.
 *
 *     node dist/example-agent.js ADDRESS
 *     node dist/example-agent.js ADDRESS mint CALL_ID FUNCTION
 *     node dist/example-agent.js ADDRESS validate CALL_ID FUNCTION TOKEN
 *
 * ADDRESS is host:port (plaintext gRPC). With no mode the agent creates a
 * session, mints a token for get_weather, validates it for get_weather and
 * for transfer_funds, then sets and reads the session's metadata. Each mode
 * prints one JSON object on one line of stdout and exits 0; an RPC error or
 * bad usage prints a message on stderr and exits 2.
 *
 * @module
 */

import { ConnectError } from "@connectrpc/connect";

import { reasonName, SessionManagerClient, type JsonObject } from "./client.js";

const LANGUAGE = "typescript";
const FUNCTION = "get_weather";
const OTHER_FUNCTION = "transfer_funds";
const TIMEOUT_MS = 10_000;

const USAGE = `usage: example-agent ADDRESS
       example-agent ADDRESS mint CALL_ID FUNCTION
       example-agent ADDRESS validate CALL_ID FUNCTION TOKEN`;

/** Bad command-line arguments. */
class UsageError extends Error {}

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
    client = SessionManagerClient.connect(address, { timeoutMs: TIMEOUT_MS });
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
