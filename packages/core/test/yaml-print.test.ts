import { describe, expect, it } from "vitest";
import {
  compareGoYamlKeys,
  formatNumber,
  isPlainYamlString,
  printYaml,
  printYamlStream,
  YamlPrintError,
} from "../src/index.js";

function printError(fn: () => unknown): YamlPrintError {
  try {
    fn();
  } catch (err) {
    if (err instanceof YamlPrintError) return err;
    throw err;
  }
  throw new Error("expected a YamlPrintError");
}

describe("formatNumber (float64/int64 through json.Marshal and go-yaml v2)", () => {
  it.each<[number | bigint, string]>([
    [0, "0"],
    [-0, "0"],
    [1, "1"],
    [-17, "-17"],
    [0.5, "0.5"],
    [1234567.5, "1.2345675e+06"],
    [123456.5, "123456.5"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1e-6, "1e-06"],
    [6.02e23, "6.02e+23"],
    [1e20, "1e+20"],
    [1e19, "10000000000000000000"],
    [-1e19, "-1e+19"],
    [1e21, "1e+21"],
    [2 ** 60, "1152921504606847000"],
    [-(2 ** 63), "-9.223372036854776e+18"],
    [9007199254740993n, "9007199254740993"],
    [18446744073709551615n, "18446744073709551615"],
    [18446744073709551616n, "1.8446744073709552e+19"],
    [-1.5e-7, "-1.5e-07"],
    [1e100, "1e+100"],
  ])("%s → %s", (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it("has no text for non-finite numbers", () => {
    expect(formatNumber(Number.NaN)).toBeUndefined();
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe("isPlainYamlString (go-yaml v2 would read the text back as a string)", () => {
  it.each(["abc", "a:b", "=", "<<", "~a", "yesno", "0x", "1.2.3", "2001-02-30", "1e400", "-", "nULL"])(
    "%s is plain",
    (s) => {
      expect(isPlainYamlString(s)).toBe(true);
    },
  );
  it.each([
    "",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "N",
    "~",
    "null",
    "true",
    "0x1F",
    "010",
    "0o10",
    "1_000",
    "1e3",
    ".5",
    "+12",
    "1:20",
    "2001-12-14",
    ".inf",
    "-.Inf",
    ".NaN",
  ])("%s is not", (s) => {
    expect(isPlainYamlString(s)).toBe(false);
  });
});

describe("go-yaml v2 key order", () => {
  it("sorts digit runs numerically, letters after other characters", () => {
    const keys = ["a10", "a9", "a1", "a01", "B", "A", "_", "-", "10", "9", "b", "a", "ä", "Z"];
    expect([...keys].sort(compareGoYamlKeys)).toEqual([
      "-",
      "_",
      "9",
      "10",
      "A",
      "B",
      "Z",
      "a",
      "a1",
      "a01",
      "a9",
      "a10",
      "b",
      "ä",
    ]);
  });

  it("orders printed keys that way", () => {
    expect(printYaml({ x10: 1, x9: 2, X: 3 })).toBe("X: 3\nx9: 2\nx10: 1\n");
  });

  it("can keep insertion order", () => {
    expect(printYaml({ b: 1, a: 2 }, { sortKeys: false })).toBe("b: 1\na: 2\n");
  });
});

describe("printYaml", () => {
  it("prints sequences unindented under their key and indented inside sequences", () => {
    const value = { spec: { list: [1, [2, 3], { a: [] }, {}, null], empty: {} } };
    expect(printYaml(value)).toBe(
      "spec:\n  empty: {}\n  list:\n  - 1\n  - - 2\n    - 3\n  - a: []\n  - {}\n  - null\n",
    );
  });

  it("quotes strings that YAML 1.1 would read as something else", () => {
    const value = { a: "yes", b: "1.0", c: "2001-12-14", d: "", e: "*x", f: "it's", g: "a: b", h: "x\ty" };
    expect(printYaml(value)).toBe(
      'a: "yes"\nb: "1.0"\nc: "2001-12-14"\nd: ""\ne: \'*x\'\nf: it\'s\ng: \'a: b\'\nh: "x\\ty"\n',
    );
  });

  it("uses literal blocks with indentation and chomping indicators", () => {
    expect(printYaml({ a: "x\ny", b: "x\n", c: "x\n\n", d: "  x\ny\n", e: "x \ny" })).toBe(
      'a: |-\n  x\n  y\nb: |\n  x\nc: |+\n  x\n\nd: |2\n    x\n  y\ne: "x \\ny"\n',
    );
  });

  it("folds long scalars at a space past column 80, or at the given width", () => {
    const words = Array.from({ length: 30 }, (_, i) => `w${i}`).join(" ");
    const printed = printYaml({ key: words });
    expect(printed.split("\n")[0]).toBe(`key: ${words.slice(0, words.indexOf(" ", 76))}`);
    expect(printed.split("\n")[1].startsWith("  w")).toBe(true);
    expect(printYaml({ key: words }, { width: -1 })).toBe(`key: ${words}\n`);
    // A space folds only once the column is past the width.
    expect(printYaml({ k: "aaa bbb ccc ddd" }, { width: 10 })).toBe("k: aaa bbb ccc\n  ddd\n");
    expect(printYaml({ k: "aaa bbbb ccc ddd" }, { width: 10 })).toBe("k: aaa bbbb\n  ccc ddd\n");
  });

  it("honours the indent option", () => {
    expect(printYaml({ a: { b: [1] } }, { indent: 4 })).toBe("a:\n    b:\n    - 1\n");
  });

  it("writes complex keys for long and multi-line keys", () => {
    const long = "k".repeat(129);
    expect(printYaml({ [long]: 1 })).toBe(`? ${long}\n: 1\n`);
    expect(printYaml({ "a\nb": "v" })).toBe("? |-\n  a\n  b\n: v\n");
  });

  it("escapes what libyaml cannot print (astral characters, controls, a leading BOM)", () => {
    expect(printYaml({ a: "hi 😀", b: "\u0001", c: "\ufeffab" })).toBe(
      'a: "hi \\U0001F600"\nb: "\\x01"\nc: "\\uFEFF\\x61\\x62"\n',
    );
  });

  it("folds a NEL the way go-yaml reads it back from JSON", () => {
    expect(printYaml({ a: "x  \u0085  y", b: "x\u0085\u0085y" })).toBe("a: x y\nb: |-\n  x\n  y\n");
  });

  it("prints bigint exactly and skips undefined members like JSON", () => {
    expect(printYaml({ big: 12345678901234567890n, gone: undefined, list: [undefined] })).toBe(
      "big: 12345678901234567890\nlist:\n- null\n",
    );
  });

  it("prints scalars and empty collections as documents", () => {
    expect(printYaml("abc")).toBe("abc\n");
    expect(printYaml(null)).toBe("null\n");
    expect(printYaml([])).toBe("[]\n");
    expect(printYaml({})).toBe("{}\n");
    expect(printYaml("a\n")).toBe("|\n  a\n");
  });

  it("fails like kustomize on values JSON or the YAML reader cannot carry", () => {
    expect(printError(() => printYaml({ spec: { n: Number.NaN } })).path).toBe("/spec/n");
    expect(printError(() => printYaml({ a: Number.POSITIVE_INFINITY })).code).toBe("YAML_PRINT");
    expect(printError(() => printYaml({ a: "x\u007fy" })).message).toContain(
      "control characters are not allowed",
    );
    expect(printError(() => printYaml({ "a\u0085b": 1 })).path).toBe("/a\u0085b");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(printError(() => printYaml(cyclic)).message).toContain("cycle");
    expect(printError(() => printYaml({ f: () => 1 })).message).toContain("function");
  });
});

describe("printYamlStream", () => {
  it("separates documents with --- lines", () => {
    expect(printYamlStream([{ a: 1 }, { b: [] }])).toBe("a: 1\n---\nb: []\n");
    expect(printYamlStream([])).toBe("");
  });
});
