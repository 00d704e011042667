/** Go encoding/json semantics of marshalGoJson / unmarshalGoJson (Sprig's and Helm's JSON functions use them). */
import { describe, expect, it } from "vitest";
import {
  GoJsonError,
  goInt,
  goInt64,
  mapOf,
  marshalGoJson,
  structType,
  T,
  typedMap,
  typedSlice,
  unmarshalGoJson,
  withType,
} from "../src/index.js";

describe("marshalGoJson", () => {
  it("sorts keys bytewise, escapes HTML unless told not to, and writes Go's floats", () => {
    expect(marshalGoJson({ b: 1, a: [1.5, 1e21, 1e-7, 100000000000000000000] })).toBe(
      '{"a":[1.5,1e+21,1e-7,100000000000000000000],"b":1}',
    );
    expect(marshalGoJson("<a&b>\u2028\u0008")).toBe('"\\u003ca\\u0026b\\u003e\\u2028\\u0008"');
    expect(marshalGoJson("<a&b>", { escapeHTML: false })).toBe('"<a&b>"');
    expect(marshalGoJson({ é: 1, z: 2, Z: 3 })).toBe('{"Z":3,"z":2,"é":1}');
  });

  it("handles typed values: ints, []string, map[string]string, []byte, structs, nil", () => {
    expect(marshalGoJson([goInt(3), goInt64(-4n), null, undefined])).toBe("[3,-4,null,null]");
    expect(marshalGoJson(typedSlice(T.string, ["x"]))).toBe('["x"]');
    expect(marshalGoJson(typedMap(mapOf(T.string, T.string), { k: "v" }))).toBe('{"k":"v"}');
    expect(marshalGoJson(new Uint8Array([1, 2, 3]))).toBe('"AQID"');
    const point = structType({
      name: "main.P",
      fields: [
        { name: "X", type: T.int },
        { name: "y", type: T.int },
      ],
    });
    expect(marshalGoJson(withType({ X: goInt(1), y: goInt(2) }, point))).toBe('{"X":1}');
  });

  it("indents like MarshalIndent, keeping empty containers compact", () => {
    expect(marshalGoJson({ a: [], b: {}, c: [1, { d: "x" }] }, { indent: "  " })).toBe(
      '{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    {\n      "d": "x"\n    }\n  ]\n}',
    );
  });

  it("rejects NaN, infinities and cycles with Go's messages", () => {
    expect(() => marshalGoJson(Number.NaN)).toThrow(new GoJsonError("json: unsupported value: NaN"));
    expect(() => marshalGoJson([Number.NEGATIVE_INFINITY])).toThrow("json: unsupported value: -Inf");
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => marshalGoJson(loop)).toThrow(
      "json: unsupported value: encountered a cycle via map[string]interface {}",
    );
  });
});

describe("unmarshalGoJson", () => {
  it("decodes into interface{} with float64 numbers and last-wins duplicate keys", () => {
    expect(unmarshalGoJson('{"a":[1,"x",null,true],"a":{"b":2.5}}')).toEqual({ value: { a: { b: 2.5 } } });
    expect(unmarshalGoJson('"\\ud83d\\ude00 \\ud800"')).toEqual({ value: "😀 \ufffd" });
  });

  it("reports Go's syntax errors, including the space Go's scanner feeds at the end", () => {
    expect(unmarshalGoJson("{").error).toBe("unexpected end of JSON input");
    expect(unmarshalGoJson("nul").error).toBe("invalid character ' ' in literal null (expecting 'l')");
    expect(unmarshalGoJson("[1,]").error).toBe("invalid character ']' looking for beginning of value");
    expect(unmarshalGoJson('{"a" 1}').error).toBe("invalid character '1' after object key");
    expect(unmarshalGoJson("1 2").error).toBe("invalid character '2' after top-level value");
    expect(unmarshalGoJson("é").error).toBe("invalid character 'Ã' looking for beginning of value");
  });

  it("reports number range errors but still decodes the rest", () => {
    expect(unmarshalGoJson("[1e400, 2]")).toEqual({
      value: [null, 2],
      error: "json: cannot unmarshal number 1e400 into Go value of type float64",
    });
  });

  it("checks the top-level kind for map and slice targets (Helm's fromJson / fromJsonArray)", () => {
    expect(unmarshalGoJson("[1]", "map")).toEqual({
      value: null,
      error: "json: cannot unmarshal array into Go value of type map[string]interface {}",
    });
    expect(unmarshalGoJson("{}", "slice").error).toBe(
      "json: cannot unmarshal object into Go value of type []interface {}",
    );
    expect(unmarshalGoJson("null", "map")).toEqual({ value: null });
  });

  it("survives deep nesting without recursion and stops at Go's depth limit", () => {
    expect(unmarshalGoJson("[".repeat(5000) + "]".repeat(5000)).error).toBeUndefined();
    expect(unmarshalGoJson("[".repeat(10001)).error).toBe("invalid character '[' exceeded max depth");
  });
});
