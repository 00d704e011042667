import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatGoFloat, parseGoFloat64 } from "../src/index.js";

interface OracleLine {
  in: string;
  value: string;
  bits: string;
  err: "nil" | "syntax" | "range";
}

// Answers of Go 1.19's strconv.ParseFloat(s, 64); see fixtures/parse-float/generate.ts.
const oracle: OracleLine[] = readFileSync(
  new URL("./fixtures/parse-float/expected.jsonl", import.meta.url),
  "utf8",
)
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => JSON.parse(line) as OracleLine);

function bitsOf(v: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
}

describe("parseGoFloat64 against Go's strconv.ParseFloat", () => {
  it("has a few thousand oracle cases of every kind", () => {
    expect(oracle.length).toBeGreaterThan(2500);
    for (const kind of ["nil", "syntax", "range"]) expect(oracle.some((c) => c.err === kind)).toBe(true);
  });

  it("agrees on every case: value, bits and error kind", () => {
    const mismatches: string[] = [];
    for (const c of oracle) {
      const got = parseGoFloat64(c.in);
      const gotErr = got.error ?? "nil";
      // Go's NaN has its own payload; any NaN is the same answer.
      const bitsAgree = Number.isNaN(got.value) ? c.value === "NaN" : bitsOf(got.value) === c.bits;
      if (gotErr !== c.err || !bitsAgree) {
        mismatches.push(
          `${JSON.stringify(c.in.slice(0, 80))}: want ${c.value}/${c.err}, got ${got.value}/${gotErr}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("parseGoFloat64 edge cases", () => {
  it.each([
    ["1_000", 1000, null],
    ["0x1p-2", 0.25, null],
    ["0X1.8P+1", 3, null],
    ["0x0p9999", 0, null],
    ["1e-400", 0, null],
    ["4.9e-324", 5e-324, null],
    ["-Infinity", Number.NEGATIVE_INFINITY, null],
    ["1e309", Number.POSITIVE_INFINITY, "range"],
    ["-0x1p1024", Number.NEGATIVE_INFINITY, "range"],
    ["0x_.5p5", 0, "syntax"],
    ["0x.p1", 0, "syntax"],
    ["0x1", 0, "syntax"],
    ["+nan", 0, "syntax"],
    [" 1", 0, "syntax"],
    ["1__0", 0, "syntax"],
    ["", 0, "syntax"],
  ] as const)("%j", (input, value, error) => {
    expect(parseGoFloat64(input)).toEqual({ value, error });
  });

  it("keeps the sign of zero", () => {
    expect(Object.is(parseGoFloat64("-0").value, -0)).toBe(true);
    expect(Object.is(parseGoFloat64("-0x0p0").value, -0)).toBe(true);
    expect(Object.is(parseGoFloat64("-1e-999").value, -0)).toBe(true);
  });

  it("stops reading exponent digits once the exponent reaches 10000, as Go does", () => {
    expect(parseGoFloat64(`0.${"0".repeat(20000)}1e200000`)).toEqual({ value: 0.1, error: null });
    expect(parseGoFloat64(`0x1${"0".repeat(3000)}p-12000`)).toEqual({ value: 1, error: null });
  });

  it("places the point after at most 800 digits where Go's fast path declines", () => {
    expect(parseGoFloat64(`1${"0".repeat(1000)}e-1000`).value).toBe(1e-201);
    expect(parseGoFloat64(`1${"0".repeat(801)}e-801`).value).toBe(0.01);
    // The fast path decides these, so they come out right.
    expect(parseGoFloat64(`1${"0".repeat(799)}e-799`).value).toBe(1);
    expect(parseGoFloat64(`${"3".repeat(900)}e-880`).value).toBe(3.333333333333333e19);
  });

  it("rounds long hex mantissas once, with the dropped digits as a sticky bit", () => {
    expect(parseGoFloat64("0x1.00000000000008p0").value).toBe(1);
    expect(parseGoFloat64(`0x1.00000000000008${"0".repeat(60)}1p0`).value).toBe(1 + 2 ** -52);
    expect(parseGoFloat64("0x1.8p-1074").value).toBe(2 * 2 ** -1074);
    expect(parseGoFloat64("0x1.4p-1074").value).toBe(2 ** -1074);
  });

  it("reads back Go's shortest form of any double", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const r = parseGoFloat64(formatGoFloat(v));
        expect(r.error).toBeNull();
        expect(Object.is(r.value, v)).toBe(true);
      }),
    );
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseGoFloat64(s);
        expect(r.error === null || r.error === "syntax" || r.error === "range").toBe(true);
      }),
    );
  });
});
