import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseYaml, parseYamlStream, printYaml, printYamlStream } from "../src/index.js";

// Characters whose round trip is not the identity, by design of the tools being matched:
// the YAML reader refuses DEL/C1/U+FFFE/U+FFFF, a raw NEL folds like a line break, and raw
// LS/PS (which go-yaml prints unescaped) are refused by the parser.
const UNREPRESENTABLE = /[\x7f-\x9f\u2028\u2029\ufffe\uffff]/;

const text = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 12 }),
    fc.string({
      unit: fc.constantFrom("a", " ", "\n", ":", "#", "-", "'", '"', "\t", "é", "😀", "1", ".", "~"),
      maxLength: 20,
    }),
    fc.constantFrom(
      "yes",
      "on",
      "null",
      "~",
      "1.0",
      "0x1F",
      "010",
      "2001-12-14",
      "1:20",
      "",
      " ",
      "-",
      "- a",
      "a: b",
    ),
    fc
      .array(fc.constantFrom("lorem", "ipsum", "dolor", "sit", "amet", " "), { maxLength: 40 })
      .map((w) => w.join(" ")),
  )
  .filter((s) => !UNREPRESENTABLE.test(s));

// `<<` is a merge key to any YAML reader, so it is not a plain data key.
const key = text.filter((s) => s !== "<<");

const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
  text,
);

const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, scalar, tie("list"), tie("map")),
  list: fc.array(tie("value"), { maxLength: 5 }),
  map: fc.dictionary(key, tie("value"), { maxKeys: 5 }),
}));

/** The value the parser gives back: -0 is 0, and a bigint is a number when a number prints the same digits. */
function normalise(v: unknown): unknown {
  if (typeof v === "number") return v === 0 ? 0 : v;
  if (typeof v === "bigint") {
    const n = Number(v);
    return String(n) === v.toString() ? n : v;
  }
  if (Array.isArray(v)) return v.map(normalise);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      Object.defineProperty(out, k, {
        value: normalise((v as Record<string, unknown>)[k]),
        enumerable: true,
      });
    }
    return out;
  }
  return v;
}

describe("YAML round trip (property)", () => {
  it("parse(print(v)) == v for JSON-like values", () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(parseYaml(printYaml(v))).toEqual(normalise(v));
      }),
      { numRuns: 1000 },
    );
  });

  it("print(parse(print(v))) == print(v)", () => {
    fc.assert(
      fc.property(value, (v) => {
        const printed = printYaml(v);
        expect(printYaml(parseYaml(printed))).toBe(printed);
      }),
      { numRuns: 500 },
    );
  });

  it("streams of maps survive the round trip", () => {
    const doc = fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 });
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 4 }), (docs) => {
        expect(parseYamlStream(printYamlStream(docs))).toEqual(docs.map(normalise));
      }),
      { numRuns: 300 },
    );
  });
});
