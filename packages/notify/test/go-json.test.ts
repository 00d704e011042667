import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  GoJsonError,
  goDecode,
  goEncode,
  goMap,
  goMarshal,
  goQuote,
  goSlice,
  goStruct,
  goUnmarshal,
  RawJson,
} from "../src/index.js";

describe("goMarshal", () => {
  it("keeps struct order, sorts maps, omits undefined fields", () => {
    expect(goMarshal({ b: 1, a: goMap({ z: "1", a: "2" }), c: undefined, d: null })).toBe(
      '{"b":1,"a":{"a":"2","z":"1"},"d":null}',
    );
  });

  it("escapes like Go: HTML characters, U+2028/2029, control characters, lone surrogates", () => {
    expect(goMarshal("<a href='x'>&</a>")).toBe("\"\\u003ca href='x'\\u003e\\u0026\\u003c/a\\u003e\"");
    expect(goMarshal('\u2028\u2029\u0001\n\t\b\f\r"\\')).toBe(
      '"\\u2028\\u2029\\u0001\\n\\t\\b\\f\\r\\"\\\\"',
    );
    expect(goMarshal("x\ud800y")).toBe('"x\ufffdy"');
    expect(goMarshal("😀é")).toBe('"😀é"');
    expect(goMarshal("<>", { escapeHTML: false })).toBe('"<>"');
  });

  it("writes raw JSON as is and adds a newline in encoder mode", () => {
    expect(goEncode({ a: new RawJson('{"x":1}') })).toBe('{"a":{"x":1}}\n');
  });

  it("agrees with JSON.parse on what it writes (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(goMarshal(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it("sorts map keys by UTF-8 bytes", () => {
    expect(goMarshal(goMap({ "\uff01": "1", "😀": "2", b: "3", B: "4" }))).toBe(
      '{"B":"4","b":"3","！":"1","😀":"2"}',
    );
  });
});

describe("goUnmarshal / goDecode", () => {
  const payload = goStruct("payload", "server.payload", {
    docker_url: { kind: "string" },
    updated_tags: goSlice({ kind: "string" }),
  });

  const error = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(GoJsonError);
      return (err as Error).message;
    }
    throw new Error("no error");
  };

  it("reports Go's scanner messages", () => {
    expect(error(() => goUnmarshal("x", payload))).toBe(
      "invalid character 'x' looking for beginning of value",
    );
    expect(error(() => goUnmarshal("nope", payload))).toBe(
      "invalid character 'o' in literal null (expecting 'u')",
    );
    expect(error(() => goUnmarshal("{} x", payload))).toBe("invalid character 'x' after top-level value");
    expect(error(() => goUnmarshal('{"a" 1}', payload))).toBe("invalid character '1' after object key");
    expect(error(() => goUnmarshal("[1 2]", { kind: "any" }))).toBe(
      "invalid character '2' after array element",
    );
    expect(error(() => goUnmarshal("{", payload))).toBe("unexpected end of JSON input");
    expect(error(() => goUnmarshal("", payload))).toBe("unexpected end of JSON input");
    expect(error(() => goUnmarshal("'", payload))).toBe(
      "invalid character '\\'' looking for beginning of value",
    );
    expect(error(() => goUnmarshal("\n", payload))).toBe("unexpected end of JSON input");
    expect(error(() => goUnmarshal('"\u0001"', payload))).toBe("invalid character '\\x01' in string literal");
    expect(error(() => goUnmarshal("-x", payload))).toBe("invalid character 'x' in numeric literal");
  });

  it("decoder mode reads one value: EOF, unexpected EOF, trailing data ignored", () => {
    expect(error(() => goDecode("", payload))).toBe("EOF");
    expect(error(() => goDecode("  ", payload))).toBe("EOF");
    expect(error(() => goDecode("{", payload))).toBe("unexpected EOF");
    expect(goDecode('{"docker_url":"q"} trailing', payload)).toEqual({ docker_url: "q", updated_tags: [] });
  });

  it("reports type errors with the struct field path, after decoding everything", () => {
    expect(error(() => goUnmarshal('{"updated_tags": "latest"}', payload))).toBe(
      "json: cannot unmarshal string into Go struct field payload.updated_tags of type []string",
    );
    expect(error(() => goUnmarshal('{"updated_tags": [1]}', payload))).toBe(
      "json: cannot unmarshal number into Go struct field payload.updated_tags of type string",
    );
    expect(error(() => goUnmarshal("[]", payload))).toBe(
      "json: cannot unmarshal array into Go value of type server.payload",
    );
  });

  it("matches field names case-insensitively, ignores unknown fields and nulls", () => {
    expect(goUnmarshal('{"DOCKER_URL": "x", "other": 1, "updated_tags": null}', payload)).toEqual({
      docker_url: "x",
      updated_tags: [],
    });
  });

  it("quotes like strconv.Quote", () => {
    expect(goQuote('a"b\\c\n\u0000é\u200b')).toBe('"a\\"b\\\\c\\n\\x00é\\u200b"');
  });

  it("refuses nesting deeper than Go's limit without exhausting the stack", () => {
    expect(goUnmarshal(`${"[".repeat(10000)}${"]".repeat(10000)}`, { kind: "any" })).toBeInstanceOf(Array);
    expect(error(() => goUnmarshal("[".repeat(10001), { kind: "any" }))).toBe(
      "invalid character '[' exceeded max depth",
    );
    expect(error(() => goDecode('{"a":'.repeat(200000), { kind: "any" }))).toBe(
      "invalid character '{' exceeded max depth",
    );
  });

  it("accepts exactly what JSON.parse accepts, and only ever throws GoJsonError (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.string({ unit: "binary" })), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        try {
          const value = goUnmarshal(text, { kind: "any" });
          expect(valid).toBe(true);
          // Raw surrogate halves are not UTF-8: Go reads them as U+FFFD where JSON.parse keeps them.
          if (valid && !/[\ud800-\udfff]/.test(text)) expect(value).toEqual(JSON.parse(text));
        } catch (err) {
          expect(err).toBeInstanceOf(GoJsonError);
          expect(valid).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
