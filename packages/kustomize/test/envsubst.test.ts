// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the inputs are envsubst text, not JS templates.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EnvsubstError, envsubst } from "../src/index.js";

const VARS = { VAR: "value", OTHER: "other", EMPTY: "" };

function run(input: string, vars: Record<string, string> = VARS, strict = false): string {
  return envsubst({ input, vars, strict });
}

function failure(input: string, vars: Record<string, string> = VARS, strict = false): EnvsubstError {
  try {
    run(input, vars, strict);
  } catch (err) {
    if (err instanceof EnvsubstError) return err;
    throw err;
  }
  throw new Error(`expected ${input} to fail`);
}

describe("expansion forms", () => {
  it.each([
    ["${VAR}", "value"],
    ["pre-${VAR}-post", "pre-value-post"],
    ["$VAR and $", "$VAR and $"],
    ["${VAR}}", "value}"],
    ["${VAR:-def}|${EMPTY:-def}|${NOPE:-def}", "value|def|def"],
    ["${EMPTY=def}|${NOPE:=def}|${NOPE:?msg}|${NOPE:+alt}|${VAR:+alt}", "def|def|msg|alt|value"],
    ["${NOPE:-x${OTHER}y}|${NOPE:-${NOPE2:-deep}}|${NOPE:-a}b}", "xothery|deep|ab}"],
    ["${NOPE:=$OTHER}|${NOPE:-$$}", "$OTHER|$$"],
    ["${#VAR}|${#NOPE}", "5|0"],
    ["${VAR^}|${VAR^^}|${OTHER,}|${VAR,,}", "Value|VALUE|other|value"],
    ["${VAR:1}|${VAR:1:2}|${VAR:10}|${VAR: -2}|${VAR:-2}|${VAR:x}", "alue|al||value|value|value"],
    ["${VAR#v}|${VAR#*a}|${VAR%e}|${VAR%a*}|${VAR##*}|${VAR#[vw]}|${VAR#[}", "alue|lue|valu|v||alue|value"],
    [
      "${VAR/a/b}|${VAR/#v/V}|${VAR/%e/E}|${VAR/a/}|${VAR/*/z}|${VAR//l/\\/}",
      "vblue|Value|valuE|vlue|value|va/ue",
    ],
    ["${1X}|${_}", "|"],
  ])("%s", (input, output) => {
    expect(run(input)).toBe(output);
  });

  it("does not re-expand values", () => {
    expect(run("${A}", { A: "${B}", B: "x" })).toBe("${B}");
  });

  it("does not read inherited object properties", () => {
    expect(run("${constructor}|${toString:-d}", {})).toBe("|d");
    expect(failure("${constructor}", {}, true).code).toBe("ENVSUBST_UNSET");
  });
});

describe("escapes (Flux fork)", () => {
  it.each([
    ["$$", "$"],
    ["$${VAR}", "${VAR}"],
    ["$$$", "$$"],
    ["$$${VAR}", "$value"],
    ["\\${VAR}", "\\value"],
    // The fork keeps backslashes outside expressions (drone/envsubst would drop one).
    ["\\\\ and \\/", "\\\\ and \\/"],
    ["C:\\\\path\\\\${VAR}", "C:\\\\path\\\\value"],
  ])("%j", (input, output) => {
    expect(run(input)).toBe(output);
  });

  it("doubling every $ escapes any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        fc.pre(!s.includes("\u0000"));
        expect(run(s.replaceAll("$", "$$"))).toBe(s);
      }),
    );
  });

  it("leaves text without $ untouched", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        fc.pre(!s.includes("$") && !s.includes("\u0000"));
        expect(run(s)).toBe(s);
      }),
    );
  });
});

describe("strict mode", () => {
  it("errors on an unset variable without a default, naming it", () => {
    const err = failure("[${VAR}] ${NOPE}", VARS, true);
    expect(err.message).toBe('variable not set (strict mode): "NOPE"');
    expect(err.code).toBe("ENVSUBST_UNSET");
    expect(err.variable).toBe("NOPE");
  });

  it("counts an empty value as set", () => {
    expect(run("[${EMPTY}]", VARS, true)).toBe("[]");
  });

  it("lets defaulting operators through but not the others", () => {
    expect(run("${NOPE:-d}${NOPE=e}${NOPE:?f}${NOPE:+g}", VARS, true)).toBe("defg");
    for (const input of ["${#NOPE}", "${NOPE^}", "${NOPE:0}", "${NOPE/a/b}", "${NOPE#x}"]) {
      expect(failure(input, VARS, true).message).toBe('variable not set (strict mode): "NOPE"');
    }
  });

  it("evaluates defaults eagerly, even when the variable is set", () => {
    expect(failure("${VAR:-${NOPE}}", VARS, true).message).toBe('variable not set (strict mode): "NOPE"');
    expect(run("${VAR:-${NOPE}}", VARS, false)).toBe("value");
  });

  it("reports a syntax error before any unset variable", () => {
    expect(failure("${NOPE} ${", VARS, true).message).toBe("unable to parse variable name");
  });
});

describe("syntax errors (reference texts)", () => {
  it.each([
    ["${", "unable to parse variable name"],
    ["${}", "unable to parse variable name"],
    ["${ VAR}", "unable to parse variable name"],
    ["${VAR }", "missing closing brace"],
    ["${VAR", "missing closing brace"],
    ["${VAR-def}", "missing closing brace"],
    ["${VAR+alt}", "missing closing brace"],
    ["${a.b}", "missing closing brace"],
    ["${VAR:", "bad substitution"],
    // The look-ahead past `:` steps back by the width of a multi-byte rune.
    ["${VAR:é}", "bad substitution"],
    ["${VAR:-", "unable to parse substitution within function"],
    ["${VAR::2}", "unable to parse substitution within function"],
    ["${VAR:}", "unable to parse substitution within function"],
    ["${VAR:1::}", "unable to parse substitution within function"],
    ["${VAR#}", "unable to parse substitution within function"],
    ["${VAR/a}", "bad substitution"],
    ["${VAR/}", "bad substitution"],
    ["${#}", "bad substitution"],
  ])("%s", (input, message) => {
    const err = failure(input);
    expect(err.message).toBe(message);
    expect(err.code).toBe("ENVSUBST_SYNTAX");
  });
});

describe("byte semantics and edge cases (answers of the reference)", () => {
  it.each([
    ["${X}", { X: "héllo" }, "héllo"],
    ["${#X}", { X: "héllo" }, "6"],
    ["${X:1:1}", { X: "é" }, "\ufffd"],
    ["${X#?}", { X: "éa" }, "\ufffda"],
    ["${X^^}|${X,}", { X: "straße İx" }, "STRAßE İX|straße İx"],
    ["${X^}|${X,,}", { X: "élan ÉLAN" }, "Élan ÉLAN|élan élan"],
    ["${X/${E}/-}|${X//${E}/-}", { X: "aé", E: "" }, "-aé|-a-é-"],
    ["${X%[a-c]*}|${X%%.*}|${X##*/}", { X: "a/b/c.tar.gz" }, "a/b/c.tar.gz|a/b/c|c.tar.gz"],
    ["${X#*}", { X: "abc" }, "bc"],
    ["${X:0:9223372036854775807}|${X:99999999999999999999}", { X: "abc" }, "abc|abc"],
    ["${X:+1:1}|${X^,}|${X/a/b/c}", { X: "aaa" }, "aaa|aaa|b/caa"],
    ["a\u0000${X}", { X: "abc" }, "a"],
  ])("%j with %j", (input, vars, output) => {
    expect(run(input, vars)).toBe(output);
  });

  it("turns the reference's crash on a negative substring length into an error", () => {
    const err = failure("${X:1:-1}", { X: "abcdef" });
    expect(err.code).toBe("ENVSUBST_RUNTIME");
    expect(err.message).toBe("runtime error: slice bounds out of range [1:0]");
  });

  it("refuses absurd nesting instead of overflowing the stack", () => {
    const input = "${A:-".repeat(5000) + "x" + "}".repeat(5000);
    expect(failure(input, {}).code).toBe("ENVSUBST_TOO_DEEP");
    expect(run("${A:-".repeat(50) + "x" + "}".repeat(50), {})).toBe("x");
  });

  it("handles large inputs in linear time", () => {
    const input = "$$\\\\${VAR} ".repeat(50_000);
    const start = performance.now();
    expect(run(input)).toBe("$\\\\value ".repeat(50_000));
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
