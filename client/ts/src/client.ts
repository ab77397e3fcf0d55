/**
 * A small client for the SessionManager gRPC service: it mints and checks
 * short-lived function tokens and keeps per-session JSON metadata.
 *
 * {@link SessionManagerClient} wraps the generated Connect client with plain
 * TypeScript types: tokens come back with a `Date` expiry, validations as a
 * {@link Validation}, and metadata as a {@link JsonObject}. The generated
 * service descriptor stays usable on its own, and
 * {@link SessionManagerClient.stub} exposes the generated client for the calls
 * the helper does not wrap.
 *
 * Failed calls reject with a `ConnectError` from `@connectrpc/connect`, whose
 * `code` is the gRPC status code. A token that does not validate is not an
 * error: it is a {@link Validation} with `valid` false.
 *
 * @module
 */

import type { JsonObject, JsonValue } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import {
  createClient,
  type CallOptions,
  type Client,
  type Transport,
} from "@connectrpc/connect";
import {
  createGrpcTransport,
  Http2SessionManager,
  type GrpcTransportOptions,
} from "@connectrpc/connect-node";

import {
  SessionManagerService,
  ValidationReason,
  ValidationReasonSchema,
} from "./gen/sessionmanager/v1/session_manager_pb.js";

export { SessionManagerService, ValidationReason };
export type { JsonObject, JsonValue };

/** The deadline the helper gives each call unless told otherwise. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** A minted function token and the time it stops validating. */
export interface Token {
  token: string;
  expireTime: Date;
}

/** The outcome of checking a token. */
export interface Validation {
  /**
   * True only when the server says the token is valid and gives
   * `VALIDATION_REASON_VALID` as the reason, so a reason this client does not
   * know is never taken as a pass.
   */
  valid: boolean;
  /** Why the token validated or not. */
  reason: ValidationReason;
}

/** Options for {@link SessionManagerClient}. */
export interface ClientOptions {
  /**
   * Deadline in milliseconds for each call that does not set its own
   * `timeoutMs`; defaults to {@link DEFAULT_TIMEOUT_MS}. Zero or a negative
   * number means no deadline.
   */
  timeoutMs?: number;
}

/**
 * Options for {@link SessionManagerClient.connect}: the helper's own options
 * plus any option of `createGrpcTransport` except the base URL, such as
 * `interceptors` (to add an authorization header) or `nodeOptions` (TLS
 * settings for an `https://` address).
 */
export type ConnectOptions = ClientOptions &
  Partial<Omit<GrpcTransportOptions, "baseUrl">>;

/** Calls a SessionManager service. One instance serves concurrent calls. */
export class SessionManagerClient {
  /** The generated client, for the RPCs this helper does not wrap. */
  readonly stub: Client<typeof SessionManagerService>;

  readonly #timeoutMs: number;
  /**
   * The HTTP/2 session the client opened itself in connect(), closed by
   * close(); undefined when the caller supplied the transport.
   */
  #ownedSession: Http2SessionManager | undefined;

  /**
   * Wraps an existing transport, for example one made with
   * `createGrpcTransport` and your own TLS options or interceptors. The
   * transport stays the caller's: {@link close} leaves it alone.
   */
  constructor(transport: Transport, options: ClientOptions = {}) {
    this.stub = createClient(SessionManagerService, transport);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * Connects to the service at `address` over the gRPC protocol on HTTP/2.
   *
   * `address` is `host:port` for plaintext (for example `127.0.0.1:50051`),
   * or a URL: `http://host:port`, or `https://host:port` for TLS. The
   * connection opens on the first call; call {@link close} when done.
   */
  static connect(
    address: string,
    options: ConnectOptions = {},
  ): SessionManagerClient {
    const { timeoutMs, sessionManager, ...transportOptions } = options;
    const baseUrl = baseUrlFor(address);
    const owned =
      sessionManager === undefined
        ? new Http2SessionManager(
            baseUrl,
            {
              pingIntervalMs: transportOptions.pingIntervalMs,
              pingIdleConnection: transportOptions.pingIdleConnection,
              pingTimeoutMs: transportOptions.pingTimeoutMs,
              idleConnectionTimeoutMs: transportOptions.idleConnectionTimeoutMs,
              connectTimeoutMs: transportOptions.connectTimeoutMs,
            },
            transportOptions.nodeOptions,
          )
        : undefined;
    const transport = createGrpcTransport({
      ...transportOptions,
      baseUrl,
      sessionManager: sessionManager ?? owned,
    });
    const client = new SessionManagerClient(transport, { timeoutMs });
    client.#ownedSession = owned;
    return client;
  }

  /**
   * Returns `callId`, or a new random call id from the server when `callId`
   * is empty.
   */
  async createSession(callId = "", options?: CallOptions): Promise<string> {
    const response = await this.stub.createSession(
      { callId },
      this.#callOptions(options),
    );
    return response.callId;
  }

  /** Mints a token that lets `functionName` be called for `callId`. */
  async generateToken(
    callId: string,
    functionName: string,
    options?: CallOptions,
  ): Promise<Token> {
    const response = await this.stub.generateToken(
      { callId, functionName },
      this.#callOptions(options),
    );
    return {
      token: response.token,
      expireTime: response.expireTime
        ? timestampDate(response.expireTime)
        : new Date(0),
    };
  }

  /** Checks `token` against a call id and a function name. */
  async validateToken(
    callId: string,
    functionName: string,
    token: string,
    options?: CallOptions,
  ): Promise<Validation> {
    const response = await this.stub.validateToken(
      { callId, functionName, token },
      this.#callOptions(options),
    );
    return {
      valid: response.valid && response.reason === ValidationReason.VALID,
      reason: response.reason,
    };
  }

  /**
   * Merges the top-level keys of `metadata` into the session's metadata,
   * creating the session when needed, and returns the metadata after the
   * merge. Rejects with a `TypeError`, before any call, when `metadata` holds
   * something JSON cannot carry (see {@link metadataToProto}).
   */
  async setSessionMetadata(
    sessionId: string,
    metadata: JsonObject,
    options?: CallOptions,
  ): Promise<JsonObject> {
    const response = await this.stub.setSessionMetadata(
      { sessionId, metadata: metadataToProto(metadata) },
      this.#callOptions(options),
    );
    return metadataFromProto(response.metadata);
  }

  /** Returns the session's metadata, empty when the session is unknown. */
  async getSessionMetadata(
    sessionId: string,
    options?: CallOptions,
  ): Promise<JsonObject> {
    const response = await this.stub.getSessionMetadata(
      { sessionId },
      this.#callOptions(options),
    );
    return metadataFromProto(response.metadata);
  }

  /** Drops the session's metadata; returns whether it had any. */
  async deleteSessionMetadata(
    sessionId: string,
    options?: CallOptions,
  ): Promise<boolean> {
    const response = await this.stub.deleteSessionMetadata(
      { sessionId },
      this.#callOptions(options),
    );
    return response.existed;
  }

  /**
   * Closes the connection the client opened in {@link connect}; calls still
   * running fail, and a later call opens a new connection. A client made
   * from a caller's transport has nothing to close. An idle connection does
   * not keep the process alive, so a short script may skip this.
   */
  close(): void {
    this.#ownedSession?.abort();
  }

  #callOptions(options: CallOptions | undefined): CallOptions {
    if (options?.timeoutMs !== undefined || this.#timeoutMs <= 0) {
      return options ?? {};
    }
    return { ...options, timeoutMs: this.#timeoutMs };
  }
}

/**
 * The proto name of a validation reason, such as
 * `"VALIDATION_REASON_FUNCTION_MISMATCH"`. A value this client does not know
 * comes back as its number, for example `"42"`.
 */
export function reasonName(reason: ValidationReason): string {
  return ValidationReasonSchema.value[reason]?.name ?? String(reason);
}

/**
 * Checks that `metadata` is something google.protobuf.Struct can carry and
 * returns it: plain objects and arrays of strings, finite numbers, booleans
 * and null.
 *
 * The generated code would otherwise send `undefined`, a bigint or a symbol
 * as a value with no kind, `NaN` and `Infinity` as numbers JSON cannot
 * write, and a `Date`, `Map` or class instance as whatever its own
 * enumerable keys hold. Each of these throws a `TypeError` naming the path
 * of the offending value instead, as does a value that contains itself.
 */
export function metadataToProto(metadata: JsonObject): JsonObject {
  checkJsonValue(metadata, "metadata", new Set());
  if (!isPlainObject(metadata)) {
    throw new TypeError("metadata must be a plain object");
  }
  return metadata;
}

/**
 * The metadata from a response: an empty object when the field is unset.
 *
 * Struct carries every number as a double; a JavaScript number is a double
 * too, so whole numbers come back as the same integers they were sent as
 * (`2`, not `2.0`, once written as JSON).
 */
export function metadataFromProto(struct: JsonObject | undefined): JsonObject {
  return struct ?? {};
}

function checkJsonValue(
  value: unknown,
  path: string,
  ancestors: Set<object>,
): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) {
        throw new TypeError(`${path}: ${value} is not a JSON number`);
      }
      return;
    case "object":
      break;
    default:
      throw new TypeError(`${path}: a ${typeof value} is not a JSON value`);
  }
  if (value === null) {
    return;
  }
  if (ancestors.has(value)) {
    throw new TypeError(`${path}: the value contains itself`);
  }
  ancestors.add(value);
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) =>
      checkJsonValue(item, `${path}[${index}]`, ancestors),
    );
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      checkJsonValue(item, `${path}.${key}`, ancestors);
    }
  } else {
    const name = value.constructor?.name ?? "object";
    throw new TypeError(`${path}: a ${name} is not a JSON value`);
  }
  ancestors.delete(value);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The base URL for a `host:port` address or an `http(s)://` URL. */
function baseUrlFor(address: string): string {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(address)
    ? address
    : `http://${address}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`invalid address ${JSON.stringify(address)}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new TypeError(
      `invalid address ${JSON.stringify(address)}: use host:port, http:// or https://`,
    );
  }
  return url;
}
