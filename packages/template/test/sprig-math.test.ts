import { describe, expect, it } from "vitest";
import {
  createSprigFuncs,
  GoFloat,
  goInt,
  goInt64,
  makeInt,
  namedType,
  seededRandom,
  T,
  Template,
  TemplateError,
} from "../src/index.js";
import { createMathFuncs, toFloat64, toInt, toInt64 } from "../src/sprig/math.js";

const DATA = {
  str: "hello",
  num: 42,
  float: 3.25,
  big: 1000000,
  t: true,
  f: false,
  nil: null,
  list: [1, 2, 3],
  map: { a: 1 },
};

interface Row {
  t: string;
  output?: string;
  error?: string;
}

const SPRIG = createSprigFuncs({ random: seededRandom(7) });

function render(text: string, data: unknown = DATA): { output?: string; error?: string } {
  const root = new Template("gotpl").funcs(SPRIG);
  try {
    root.new("main").parse(text);
    return { output: root.executeTemplate({ name: "main", data: structuredClone(data) }) };
  } catch (err) {
    if (err instanceof TemplateError) return { error: err.message };
    throw err;
  }
}

/** Answers of the Go oracle (Go 1.19, Sprig v3.2.3, spf13/cast 1.5.0, shopspring/decimal 1.2.0). */
const ORACLE: Row[] = [
  { t: "{{ add }}", output: "0" },
  { t: "{{ add 1 2 3 4 }}", output: "10" },
  { t: "{{ mul 2 3 4 }}", output: "24" },
  { t: "{{ max 1 5 3 }}", output: "5" },
  { t: "{{ min 4 -2 9 }}", output: "-2" },
  { t: "{{ maxf 1.5 2.5 0.5 }}", output: "2.5" },
  { t: '{{ minf 1.5 "0.2" }}', output: "0.2" },
  // Strings go through strconv.ParseFloat: hex floats round once (a 17th digit is a sticky bit).
  {
    t: '{{ float64 "0x1.8p1" }} {{ float64 "0x_.5p5" }} {{ float64 "1e400" }} {{ float64 "1_000.5" }} {{ float64 "0x1.00000000000008p0" }} {{ float64 "0x1.000000000000080001p0" }} {{ float64 "+nan" }} {{ float64 "nan" }}',
    output: "3 0 0 1000.5 1 1.0000000000000002 0 NaN",
  },
  { t: "{{ addf 0.1 0.2 }}", output: "0.3" },
  { t: "{{ subf 1 0.9 }}", output: "0.1" },
  { t: "{{ mulf 1.1 3 }}", output: "3.3" },
  { t: "{{ divf 1 3 }}", output: "0.3333333333333333" },
  {
    t: "{{ divf 1 0 }}",
    error: 'template: main:1:3: executing "main" at <divf 1 0>: error calling divf: decimal division by 0',
  },
  { t: "{{ round 2.345 2 }}", output: "2.35" },
  { t: "{{ round 2.5 0 }}", output: "3" },
  { t: "{{ round -2.5 0 }}", output: "-3" },
  { t: "{{ round 1.23456 3 0.4 }}", output: "1.235" },
  { t: '{{ floor "2.7" }}', output: "2" },
  { t: "{{ ceil -0.1 }}", output: "-0" },
  { t: "{{ div -7 2 }}", output: "-3" },
  { t: "{{ mod -7 2 }}", output: "-1" },
  {
    t: "{{ div 1 0 }}",
    error:
      'template: main:1:3: executing "main" at <div 1 0>: error calling div: runtime error: integer divide by zero',
  },
  { t: "{{ add 9223372036854775807 1 }}", output: "-9223372036854775808" },
  { t: "{{ mul 1e10 1e10 }}", output: "7766279631452241920" },
  { t: "{{ add .big 1 }}", output: "1000001" },
  { t: "{{ addf .big 1 }}", output: "1.000001e+06" },
  { t: "{{ add1 .float }}", output: "4" },
  { t: "{{ len (until 1000) }}", output: "1000" },
  { t: "{{ add 1.9 1.9 }}", output: "2" },
  {
    t: "{{ sub 1 }}",
    error: 'template: main:1:3: executing "main" at <sub>: wrong number of args for sub: want 2 got 1',
  },
  { t: '{{ add1 "0x_1F" }}', output: "32" },
  { t: '{{ add1 "1.50" }}', output: "1" },
  { t: '{{ add1 "10." }}', output: "1" },
  { t: '{{ add1 "0.0" }}', output: "1" },
  { t: '{{ add1 "-0x8000000000000000" }}', output: "-9223372036854775807" },
  { t: '{{ add1 "0b_1" }}', output: "2" },
  { t: '{{ add1 "_1" }}', output: "1" },
  { t: '{{ add1 "1__0" }}', output: "1" },
  { t: '{{ add1f "1_0.5_5" }}', output: "11.55" },
  { t: '{{ add1f "0x1p-2" }}', output: "1.25" },
  { t: '{{ add1f "0x1.8p1" }}', output: "4" },
  {
    t: '{{ add1f "+Inf" }}',
    error:
      'template: main:1:3: executing "main" at <add1f "+Inf">: error calling add1f: Cannot create a Decimal from +Inf',
  },
  { t: '{{ maxf "-inf" 2 }}', output: "2" },
  { t: '{{ maxf "nan" 2 }}', output: "NaN" },
  { t: '{{ add1f "1e1_0" }}', output: "1.0000000001e+10" },
  { t: '{{ add1f "._5" }}', output: "1" },
  { t: "{{ add1 1e19 }}", output: "-9223372036854775807" },
  { t: "{{ add1 -1e19 }}", output: "-9223372036854775807" },
  { t: "{{ untilStep 0 10 3 }}", output: "[0 3 6 9]" },
  { t: "{{ seq 5 }}", output: "1 2 3 4 5" },
  { t: "{{ seq 1 2 10 }}", output: "1 3 5 7 9" },
  { t: "{{ seq 10 -2 1 }}", output: "10 8 6 4 2" },
  { t: "{{ seq 0 }}", output: "1 0" },
  { t: "{{ seq -3 }}", output: "1 0 -1 -2 -3" },
  { t: "{{ seq 2 -2 }}", output: "2 1 0 -1 -2" },
  { t: "{{ seq 1 0 3 }}", output: "" },
  { t: "{{ seq 3 0 1 }}", output: "" },
  { t: "{{ seq 1 2 3 4 }}", output: "" },
  { t: "{{ seq }}", output: "" },
  { t: "{{ until -3 }}", output: "[0 -1 -2]" },
  { t: "{{ typeOf (until 2) }}", output: "[]int" },
  { t: "{{ untilStep 10 0 -3 }}", output: "[10 7 4 1]" },
  { t: "{{ untilStep 10 0 3 }}", output: "[]" },
  {
    t: "{{ randInt 1 1 }}",
    error:
      'template: main:1:3: executing "main" at <randInt 1 1>: error calling randInt: invalid argument to Intn',
  },
  { t: "{{ round 1.005 2 }}", output: "1" },
  { t: "{{ round 123.456 -1 }}", output: "120" },
  { t: "{{ round 123.456 -2 0.3 }}", output: "100" },
  { t: '{{ round "x" 2 }}', output: "0" },
  { t: "{{ divf 2 3 }}", output: "0.6666666666666667" },
  { t: "{{ divf 1 7 3 }}", output: "0.0476190476190476" },
  { t: "{{ divf 1 -8 }}", output: "-0.125" },
  { t: "{{ divf -1 3 }}", output: "-0.3333333333333333" },
  { t: "{{ divf 2 -3 }}", output: "-0.6666666666666667" },
  { t: "{{ divf 5e-324 3 }}", output: "0" },
  { t: "{{ mulf 1e-200 1e-200 }}", output: "0" },
  { t: "{{ mulf 1.1 1.1 1.1 }}", output: "1.331" },
  { t: "{{ addf 1e308 1e308 }}", output: "+Inf" },
  { t: "{{ subf -1e308 1e308 }}", output: "-Inf" },
  { t: '{{ add1f "x" }}', output: "1" },
  { t: "{{ typeOf (randInt 1 2) }}", output: "int" },
  { t: "{{ mod 7 -3 }}", output: "1" },
  { t: "{{ div -9223372036854775808 -1 }}", output: "-9223372036854775808" },
  { t: "{{ mod -9223372036854775808 -1 }}", output: "0" },
  { t: "{{ add .t .t .f }}", output: "2" },
  { t: "{{ add .list 1 }}", output: "1" },
  { t: "{{ add .map 1 }}", output: "1" },
  { t: "{{ maxf 0 -0.0 }}", output: "0" },
  { t: "{{ minf 0 -0.0 }}", output: "-0" },
  { t: '{{ ceil "0x1F" }}', output: "0" },
  { t: "{{ floor 1e300 }}", output: "1e+300" },
  { t: "{{ biggest 1 2 }}", output: "2" },
  { t: "{{ max .nil }}", output: "0" },
  { t: "{{ mul 3 }}", output: "3" },
  { t: "{{ add1 (toDuration 5) }}", error: 'template: main:1: function "toDuration" not defined' },
  { t: "{{ addf 0.1 0.2 0.3 }}", output: "0.6" },
  { t: "{{ mulf 3 0.1 }}", output: "0.3" },
  { t: "{{ subf 0.3 0.1 }}", output: "0.2" },
  { t: "{{ divf 0.3 0.1 }}", output: "3" },
  { t: "{{ divf 10 3 }}", output: "3.3333333333333335" },
  { t: "{{ divf 123456789.123456789 7 }}", output: "1.763668416049383e+07" },
  { t: "{{ addf 1e16 1 }}", output: "1e+16" },
  { t: "{{ addf 123456789012345678 0.1 }}", output: "1.2345678901234568e+17" },
  { t: "{{ round 2.675 2 }}", output: "2.68" },
  { t: "{{ round 1e300 2 }}", output: "1e+300" },
  { t: "{{ round 5.5 30 }}", output: "5.5" },
  { t: "{{ round 5.5 -400 }}", output: "NaN" },
  { t: "{{ typeOf (add 1) }}", output: "int64" },
  { t: "{{ typeOf (addf 1) }}", output: "float64" },
  { t: "{{ typeOf (until 2) }}", output: "[]int" },
  { t: "{{ index (until 3) 1 | typeOf }}", output: "int" },
  { t: "{{ typeOf (seq 2) }}", output: "string" },
  { t: "{{ add (int64 5) (int 3) }}", output: "8" },
  { t: '{{ add "9223372036854775807" 1 }}', output: "-9223372036854775808" },
  { t: '{{ mul "4294967296" "4294967296" }}', output: "0" },
  { t: "{{ sub -9223372036854775808 1 }}", output: "9223372036854775807" },
  { t: '{{ max "x" -1 }}', output: "0" },
  { t: "{{ min (list 1) 5 }}", output: "0" },
  { t: '{{ addf "0x1p-2" "0x1.8p1" }}', output: "3.25" },
  { t: '{{ maxf "0x1p1023" 0 }}', output: "8.98846567431158e+307" },
  { t: '{{ maxf "0x1.fffffffffffff8p1023" 0 }}', output: "0" },
  { t: '{{ maxf "0x1p-1074" 0 }}', output: "5e-324" },
  { t: '{{ maxf "0x1.8p-1075" 0 }}', output: "5e-324" },
  { t: '{{ maxf "0x123456789abcdef123p-10" 0 }}', output: "3.279421168659476e+17" },
  { t: '{{ maxf "1_0.5_5" 0 }}', output: "10.55" },
  { t: '{{ maxf "1__0" 0 }}', output: "0" },
  { t: '{{ maxf "infinity" 0 }}', output: "+Inf" },
  { t: '{{ maxf "-INF" 0 }}', output: "0" },
  { t: "{{ divf 1 3 3 }}", output: "0.1111111111111111" },
  { t: "{{ divf 0.5 0.25 }}", output: "2" },
  { t: "{{ mulf 0.1 0.2 }}", output: "0.02" },
  { t: "{{ subf 0.3 0.2 0.1 }}", output: "0" },
  { t: "{{ addf 1e21 1 }}", output: "1e+21" },
  { t: '{{ floor "-0.5" }}', output: "-1" },
  { t: '{{ ceil "x" }}', output: "0" },
  { t: "{{ round 0.5 0 }}", output: "1" },
  { t: "{{ round -0.5 0 }}", output: "-1" },
  { t: "{{ round 1.45 1 }}", output: "1.5" },
  { t: "{{ round 1.55 1 }}", output: "1.6" },
  { t: "{{ round 2.5 0 0.51 }}", output: "2" },
  { t: '{{ round "12.345" 2 }}', output: "12.35" },
  { t: "{{ round .nil 2 }}", output: "0" },
];

describe("sprig math against the Go oracle", () => {
  for (const row of ORACLE) {
    it(row.t, () => {
      expect(render(row.t)).toEqual(row.error !== undefined ? { error: row.error } : { output: row.output });
    });
  }
});

describe("spf13/cast conversions", () => {
  it("converts exact integer types and time.Month/Weekday, but not other named integer types", () => {
    const duration = namedType({ name: "time.Duration", kind: "int64" });
    const month = namedType({ name: "time.Month", kind: "int" });
    expect(toInt64(makeInt(duration, 5))).toBe(0n);
    expect(toFloat64(makeInt(duration, 5))).toBe(0);
    expect(toInt64(makeInt(month, 12))).toBe(12n);
    expect(toInt64(makeInt(T.uint64, 2n ** 64n - 1n))).toBe(-1n);
    expect(toInt(goInt(7))).toBe(7n);
  });

  it("truncates floats like Go on amd64 (NaN and overflow give the minimum int64)", () => {
    expect(toInt64(-2.7)).toBe(-2n);
    expect(toInt64(Number.NaN)).toBe(-(2n ** 63n));
    expect(toInt64(1e19)).toBe(-(2n ** 63n));
    expect(toInt64(new GoFloat(T.float32, 3.5))).toBe(3n);
  });

  it("parses strings with Go's integer and float syntax", () => {
    expect(toInt64("0x_1F")).toBe(31n);
    expect(toInt64("010")).toBe(8n);
    expect(toInt64("3.00")).toBe(3n);
    expect(toInt64("3.50")).toBe(0n);
    expect(toInt64("9223372036854775808")).toBe(0n);
    expect(toFloat64("1e400")).toBe(0);
    expect(toFloat64("0x1p-2")).toBe(0.25);
    expect(toFloat64(goInt64(2n ** 62n))).toBe(2 ** 62);
    expect(toFloat64({ a: 1 })).toBe(0);
  });
});

describe("randInt", () => {
  it("draws from the injected source within [min, max)", () => {
    const funcs = createMathFuncs({ random: seededRandom(1) });
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const n = Number((funcs.randInt.fn as (a: number, b: number) => number)(-2, 3));
      expect(n).toBeGreaterThanOrEqual(-2);
      expect(n).toBeLessThan(3);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2]);
  });

  it("is reproducible with a seeded source", () => {
    const a = createMathFuncs({ random: seededRandom(42) });
    const b = createMathFuncs({ random: seededRandom(42) });
    const draw = (f: typeof a) =>
      Array.from({ length: 10 }, () => (f.randInt.fn as (x: number, y: number) => number)(0, 1000));
    expect(draw(a)).toEqual(draw(b));
  });

  it("fails like rand.Intn for an empty range", () => {
    expect(render("{{ randInt 5 5 }}")).toEqual({
      error:
        'template: main:1:3: executing "main" at <randInt 5 5>: error calling randInt: invalid argument to Intn',
    });
  });

  it("refuses ranges it would have to allocate without bound", () => {
    expect(render("{{ len (until 20000000) }}").error).toMatch(/range of more than/);
  });
});
