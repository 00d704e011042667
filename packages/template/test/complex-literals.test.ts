import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderTemplate } from "../src/index.js";
import { scanGoComplex } from "../src/parse/numbers.js";

const fixtures = new URL("./fixtures/complex-literals/", import.meta.url);
const load = <T>(name: string): T[] => JSON.parse(readFileSync(new URL(name, fixtures), "utf8")) as T[];

/** `{{ form }}` and the Go oracle's answer: the parse error text or the printed value. */
interface LiteralCase {
  form: string;
  output?: string;
  error?: string;
}

/** fmt.Sscan(in, &complex128) in Go: the error text, or the parts as float64 bits in hex. */
interface SscanCase {
  in: string;
  error?: string;
  re?: string;
  im?: string;
}

/** Hex bits, with every NaN written `nan` (Go's math.NaN() has a different payload from JavaScript's). */
function bitsHex(x: number): string {
  if (Number.isNaN(x)) return "nan";
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
}

function goBits(hex: string | undefined): string | undefined {
  if (hex === undefined) return hex;
  const bits = BigInt(`0x${hex}`);
  const nan = ((bits >> 52n) & 0x7ffn) === 0x7ffn && (bits & ((1n << 52n) - 1n)) !== 0n;
  return nan ? "nan" : hex;
}

function render(form: string): { output?: string; error?: string } {
  try {
    return { output: renderTemplate({ text: `{{ ${form} }}`, data: {} }) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe("complex number literals", () => {
  const cases = load<LiteralCase>("cases.json");

  it("covers Sscan's error kinds and accepted forms", () => {
    const has = (re: RegExp) => cases.some((c) => c.error !== undefined && re.test(c.error));
    expect(has(/: syntax error scanning complex number$/)).toBe(true);
    expect(has(/: strconv\.ParseFloat: parsing "[^"]*": invalid syntax$/)).toBe(true);
    expect(has(/: strconv\.ParseFloat: parsing "[^"]*": value out of range$/)).toBe(true);
    expect(cases.filter((c) => c.output !== undefined).length).toBeGreaterThan(900);
  });

  it("rejects each malformed literal with Go's error text", () => {
    const wrong = cases
      .filter((c) => c.error !== undefined)
      .map((c) => ({ form: c.form, want: c.error, got: render(c.form) }))
      .filter((r) => r.got.error !== r.want);
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it("gives Go's value for each accepted literal", () => {
    const wrong = cases
      .filter((c) => c.output !== undefined)
      .map((c) => ({ form: c.form, want: c.output, got: render(c.form) }))
      .filter((r) => r.got.output !== r.want);
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it.each([
    ["4+i", "syntax error scanning complex number"],
    ["+-1i", 'strconv.ParseFloat: parsing "+": invalid syntax'],
    ["1+1e309i", 'strconv.ParseFloat: parsing "+1e309": value out of range'],
    ["0b1+1i", "syntax error scanning complex number"],
  ])("%s", (form, message) => {
    expect(render(form)).toEqual({ error: `template: main:1: ${message}` });
  });
});

describe("scanGoComplex (fmt.Sscan of a complex128)", () => {
  const cases = load<SscanCase>("sscan.json");

  it("matches Go on every input, including forms the lexer never produces", () => {
    const wrong = cases
      .map((c) => {
        const r = scanGoComplex(c.in);
        const got =
          r.error !== undefined ? { error: r.error } : { re: bitsHex(r.value[0]), im: bitsHex(r.value[1]) };
        const want = c.error !== undefined ? { error: c.error } : { re: goBits(c.re), im: goBits(c.im) };
        return { in: c.in, want, got };
      })
      .filter((r) => JSON.stringify(r.got) !== JSON.stringify(r.want));
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it("applies a binary exponent to a decimal mantissa with one rounding", () => {
    expect(scanGoComplex("1.5p3+1p-2i")).toEqual({ value: [12, 0.25] });
    expect(scanGoComplex("3p-1075+0i")).toEqual({ value: [2 * 2 ** -1074, 0] });
    expect(scanGoComplex("1p+-1i")).toEqual({ error: 'strconv.Atoi: parsing "1p+": invalid syntax' });
  });
});
