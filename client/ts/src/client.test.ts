/**
 * Unit tests for the metadata conversion and the reason names; no server is
 * needed.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { create, fromBinary, toBinary } from "@bufbuild/protobuf";

import {
  metadataFromProto,
  metadataToProto,
  reasonName,
  ValidationReason,
  type JsonObject,
} from "./client.js";
import {
  GetSessionMetadataResponseSchema,
  SetSessionMetadataRequestSchema,
} from "./gen/sessionmanager/v1/session_manager_pb.js";

/** Sends metadata through the wire format and back, as a call would. */
function roundTrip(metadata: JsonObject): JsonObject {
  const request = create(SetSessionMetadataRequestSchema, {
    sessionId: "call-1",
    metadata: metadataToProto(metadata),
  });
  const bytes = toBinary(SetSessionMetadataRequestSchema, request);
  return metadataFromProto(
    fromBinary(SetSessionMetadataRequestSchema, bytes).metadata,
  );
}

describe("metadata conversion", () => {
  it("round-trips JSON values through Struct", () => {
    const metadata = {
      language: "typescript",
      step: 2,
      ratio: 0.5,
      negative: -7,
      tags: ["a", "b"],
      nested: { ok: true, none: null, list: [1, [2, { deep: "x" }]] },
      empty: {},
      emptyList: [],
    };
    assert.deepEqual(roundTrip(metadata), metadata);
  });

  it("writes whole numbers as integers", () => {
    const json = JSON.stringify(roundTrip({ step: 2, big: 1e15, half: 2.5 }));
    assert.equal(json, '{"step":2,"big":1000000000000000,"half":2.5}');
  });

  it("reads an unset metadata field as an empty object", () => {
    assert.deepEqual(metadataFromProto(undefined), {});
    const response = create(GetSessionMetadataResponseSchema);
    assert.deepEqual(metadataFromProto(response.metadata), {});
  });

  it("accepts an object with a null prototype", () => {
    const metadata = Object.assign(Object.create(null) as JsonObject, {
      k: "v",
    });
    assert.equal(metadataToProto(metadata), metadata);
  });

  const rejected: [string, unknown, RegExp][] = [
    ["NaN", { n: Number.NaN }, /metadata\.n: NaN is not a JSON number/],
    ["Infinity", { list: [Infinity] }, /metadata\.list\[0\]: Infinity/],
    ["undefined", { u: undefined }, /metadata\.u: a undefined/],
    ["a bigint", { b: 1n }, /metadata\.b: a bigint/],
    ["a function", { f: () => 1 }, /metadata\.f: a function/],
    ["a Date", { when: new Date(0) }, /metadata\.when: a Date/],
    ["a Map", { m: new Map() }, /metadata\.m: a Map/],
    ["an array", ["a"], /metadata must be a plain object/],
  ];
  for (const [name, value, message] of rejected) {
    it(`rejects ${name}`, () => {
      assert.throws(() => metadataToProto(value as JsonObject), {
        name: "TypeError",
        message,
      });
    });
  }

  it("rejects a value that contains itself", () => {
    const cyclic: JsonObject = { a: {} };
    (cyclic["a"] as JsonObject)["back"] = cyclic;
    assert.throws(() => metadataToProto(cyclic), /metadata\.a\.back: .*itself/);
  });

  it("accepts the same object twice when it is not a cycle", () => {
    const shared = { x: 1 };
    assert.deepEqual(roundTrip({ one: shared, two: shared }), {
      one: { x: 1 },
      two: { x: 1 },
    });
  });
});

describe("reasonName", () => {
  it("gives the proto enum value name", () => {
    assert.equal(
      reasonName(ValidationReason.FUNCTION_MISMATCH),
      "VALIDATION_REASON_FUNCTION_MISMATCH",
    );
    assert.equal(reasonName(ValidationReason.VALID), "VALIDATION_REASON_VALID");
  });

  it("gives an unknown value as its number", () => {
    assert.equal(reasonName(42 as ValidationReason), "42");
  });
});
