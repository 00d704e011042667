import { describe, expect, it } from "vitest";
import {
  parseYaml,
  parseYamlStream,
  parseYamlTimestamp,
  resolvePlainScalar,
  YamlError,
  type YamlValue,
} from "../src/index.js";

function yamlError(fn: () => unknown): YamlError {
  try {
    fn();
  } catch (err) {
    if (err instanceof YamlError) return err;
    throw err;
  }
  throw new Error("expected a YamlError");
}

describe("resolvePlainScalar (go-yaml v3 rules, as kustomize reads)", () => {
  const table: [string, YamlValue][] = [
    ["yes", "yes"],
    ["no", "no"],
    ["on", "on"],
    ["off", "off"],
    ["y", "y"],
    ["true", true],
    ["True", true],
    ["FALSE", false],
    ["tRUE", "tRUE"],
    ["~", null],
    ["null", null],
    ["NULL", null],
    ["", null],
    ["nULL", "nULL"],
    ["0x1F", 31],
    ["-0x1F", -31],
    ["010", 8],
    ["0o10", 8],
    ["0b101", 5],
    ["1_000", 1000],
    ["+12", 12],
    ["-0", 0],
    ["08", 8],
    ["09.5", 9.5],
    ["1e3", 1000],
    ["1.0", 1],
    [".5", 0.5],
    ["-.5", -0.5],
    ["1.", 1],
    ["0.1e-400", 0],
    ["1e400", "1e400"],
    ["0x", "0x"],
    ["1.2.3", "1.2.3"],
    ["=", "="],
    ["<<", "<<"],
    ["1:20", "1:20"],
    ["12345678901234567890", 12345678901234567890n],
    ["9007199254740993", 9007199254740993n],
    ["9007199254740991", 9007199254740991],
    // Prints back as the same digits, so a number is enough.
    ["1152921504606847000", 1152921504606847000],
    ["-9223372036854775808", -9223372036854775808n],
    // Beyond uint64 go-yaml falls back to float64.
    ["123456789012345678901", 1.2345678901234568e20],
    ["2001-12-14", "2001-12-14T00:00:00Z"],
    ["2001-02-30", "2001-02-30"],
  ];
  for (const [text, value] of table) {
    it(`${JSON.stringify(text)} → ${typeof value === "bigint" ? `${value}n` : JSON.stringify(value)}`, () => {
      expect(resolvePlainScalar(text)).toEqual(value);
    });
  }

  it("keeps .inf and .nan as non-finite numbers", () => {
    expect(resolvePlainScalar(".inf")).toBe(Number.POSITIVE_INFINITY);
    expect(resolvePlainScalar("-.Inf")).toBe(Number.NEGATIVE_INFINITY);
    expect(resolvePlainScalar(".NaN")).toBeNaN();
  });
});

describe("parseYamlTimestamp (time.Parse layouts of go-yaml, printed as RFC 3339)", () => {
  it.each([
    ["2001-12-14T21:59:43.10-05:00", "2001-12-14T21:59:43.1-05:00"],
    ["2001-12-14t21:59:43.10Z", "2001-12-14T21:59:43.1Z"],
    ["2001-12-14 21:59:43.10", "2001-12-14T21:59:43.1Z"],
    ["2001-1-2", "2001-01-02T00:00:00Z"],
    ["2001-12-14T1:2:3Z", "2001-12-14T01:02:03Z"],
    ["2001-12-14T21:59:43.1234567891Z", "2001-12-14T21:59:43.123456789Z"],
    ["2001-12-14T21:59:43+00:00", "2001-12-14T21:59:43Z"],
    ["2001-12-14T21:59:43,5Z", "2001-12-14T21:59:43.5Z"],
    ["2004-02-29", "2004-02-29T00:00:00Z"],
  ])("%s → %s", (text, iso) => {
    expect(parseYamlTimestamp(text)).toBe(iso);
  });

  it.each([
    "1900-02-29",
    "2001-13-01",
    "2001-12-14x",
    "2001-12-14 21:59:43.10 -5",
    "01-12-14",
    "2001-12-14T25:00:00Z",
  ])("%s is not a timestamp", (text) => {
    expect(parseYamlTimestamp(text)).toBeUndefined();
  });
});

describe("parseYamlStream", () => {
  it("splits documents like kustomize and drops empty and null ones", () => {
    const text = "a: 1\n---\n---\n# only a comment\n--- # with a comment\nb: [x]\n---\n~\n---\nnull\n";
    expect(parseYamlStream(text)).toEqual([{ a: 1 }, { b: ["x"] }]);
    expect(parseYamlStream("")).toEqual([]);
  });

  it("normalises CRLF and skips a byte order mark at each document start", () => {
    const text = "\ufeffa: |\r\n  x\r\n  y\r\n---\r\n\ufeffb: 2\r\n";
    expect(parseYamlStream(text)).toEqual([{ a: "x\ny\n" }, { b: 2 }]);
  });

  it("rejects a separator line followed by content, naming the line", () => {
    const err = yamlError(() => parseYamlStream("a: 1\n--- b: 2\n", { file: "res.yaml" }));
    expect(err.code).toBe("YAML_PARSE");
    expect(err.file).toBe("res.yaml");
    expect(err.line).toBe(2);
    expect(err.message).toContain("res.yaml:2:1: invalid document separator: --- b: 2");
  });

  it("resolves anchors, aliases and merge keys (explicit keys win, first merged map wins)", () => {
    const text = [
      "base: &b {x: 1, y: 2}",
      "copy: *b",
      "m1: {<<: *b, y: 3}",
      "m2: {y: 3, <<: *b}",
      "m3:",
      "  <<: [{a: 1, z: 1}, {a: 2, b: 2}]",
      "",
    ].join("\n");
    const [doc] = parseYamlStream(text) as Record<string, YamlValue>[];
    expect(doc.copy).toEqual({ x: 1, y: 2 });
    expect(doc.copy).not.toBe(doc.base);
    expect(doc.m1).toEqual({ x: 1, y: 3 });
    expect(doc.m2).toEqual({ x: 1, y: 3 });
    expect(doc.m3).toEqual({ a: 1, b: 2, z: 1 });
  });

  it("drops the first key spelled << like kustomize, even quoted", () => {
    expect(parseYaml('m:\n  "<<": {a: 1}\n  b: 2\n')).toEqual({ m: { b: 2 } });
    expect(parseYaml('m:\n  <<: {a: 1}\n  "<<": {b: 1}\n')).toEqual({ m: { a: 1, "<<": { b: 1 } } });
  });

  it("stops alias bombs", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    const err = yamlError(() => parseYaml(lines.join("\n")));
    expect(err.reason).toBe("document contains excessive aliasing");
  });

  it("rejects an alias to an unknown or enclosing anchor", () => {
    expect(yamlError(() => parseYaml("a: *nope\n")).reason).toContain("unknown anchor 'nope'");
    expect(yamlError(() => parseYaml("a: &x [*x]\n")).reason).toContain("contains itself");
  });

  it("reports duplicate keys with both lines", () => {
    const err = yamlError(() => parseYaml("spec:\n  a: 1\n  b: 2\n  a: 3\n", { file: "f.yaml" }));
    expect([err.line, err.column]).toEqual([4, 3]);
    expect(err.message).toBe('f.yaml:4:3: mapping key "a" already defined at line 2');
  });

  it("turns top-level keys into their text but rejects non-string nested keys", () => {
    expect(parseYaml("1: a\n1.0: b\ntrue: c\n0x10: d\n")).toEqual({
      "1": "a",
      "1.0": "b",
      true: "c",
      "0x10": "d",
    });
    const err = yamlError(() => parseYaml("spec:\n  ports:\n    80: http\n"));
    expect([err.line, err.column]).toEqual([3, 5]);
    expect(parseYaml("spec:\n  ports:\n    80: http\n", { nonStringKeys: "stringify" })).toEqual({
      spec: { ports: { "80": "http" } },
    });
    expect(yamlError(() => parseYaml("spec:\n  ~: x\n")).reason).toContain("null");
  });

  it("keeps __proto__ as an ordinary key", () => {
    const value = parseYaml("__proto__: {polluted: true}\n") as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("applies explicit tags like go-yaml v3", () => {
    expect(
      parseYaml("a: !!str 123\nb: !!int '12'\nc: !!float 1\nd: !!binary aGVsbG8=\ne: !custom x\n"),
    ).toEqual({
      a: "123",
      b: 12,
      c: 1,
      d: "hello",
      e: "x",
    });
    expect(yamlError(() => parseYaml("a: !!int abc\n")).reason).toBe("cannot decode !!str `abc` as a !!int");
  });

  it("accepts quoted continuation lines at any indentation, as go-yaml does", () => {
    expect(parseYaml("spec:\n  a: \"x\n  y\"\n  b: 'p\nq'\n  c: 1\n")).toEqual({
      spec: { a: "x y", b: "p q", c: 1 },
    });
    // Positions after the re-indented scalar still point into the original text.
    const err = yamlError(() => parseYaml('spec:\n  a: "x\n  y"\n  a: 2\n'));
    expect([err.line, err.column]).toEqual([4, 3]);
  });

  it("reads a raw NEL as a line break and refuses raw LS/PS", () => {
    expect(parseYaml('a: "x\u0085  y"\n')).toEqual({ a: "x y" });
    const err = yamlError(() => parseYaml('a: "x\u2028y"\n'));
    expect([err.line, err.column]).toEqual([1, 6]);
  });

  it("rejects control characters and escapes go-yaml does not know, with positions", () => {
    const ctl = yamlError(() => parseYaml("a: 1\nb: x\u0001y\n", { file: "c.yaml" }));
    expect([ctl.file, ctl.line, ctl.column]).toEqual(["c.yaml", 2, 5]);
    const esc = yamlError(() => parseYaml('a: 1\nb: "a\\/b"\n'));
    expect([esc.line, esc.column]).toEqual([2, 6]);
  });

  it("reports malformed YAML with line and column", () => {
    const err = yamlError(() => parseYamlStream("a: 1\n---\nspec:\n\tkey: v\n", { file: "bad.yaml" }));
    expect([err.line, err.column]).toEqual([4, 1]);
    expect(err.message).toMatch(/^bad\.yaml:4:1: /);
    const flow = yamlError(() => parseYaml("a: [1, 2\n"));
    expect(flow.line).toBeGreaterThanOrEqual(1);
  });

  it("parseYaml returns null for an empty text and refuses several documents", () => {
    expect(parseYaml("# nothing\n")).toBeNull();
    expect(yamlError(() => parseYaml("a: 1\n---\nb: 2\n")).line).toBe(3);
  });

  describe("sigs-yaml dialect (go-yaml v2 through sigs.k8s.io/yaml)", () => {
    const sigs = { dialect: "sigs-yaml" } as const;

    it("reads YAML 1.1 booleans and keeps timestamps as text", () => {
      expect(parseYaml("a: yes\nb: Off\nc: y\nd: 2001-12-14\ne: 0x10\nf: ~\n", sigs)).toEqual({
        a: true,
        b: false,
        c: true,
        d: "2001-12-14",
        e: 16,
        f: null,
      });
    });

    it("lets a repeated key take the last value", () => {
      expect(parseYaml("namePrefix: p-\nnamePrefix: q-\n", sigs)).toEqual({ namePrefix: "q-" });
    });

    it("turns keys into strings the way sigs.k8s.io/yaml does", () => {
      expect(parseYaml("{0x10: a, 1.50: b, true: c, n: d, 1e3: e, '<<': f}\n", sigs)).toEqual({
        "16": "a",
        "1.5": "b",
        true: "c",
        false: "d",
        "1000": "e",
        "<<": "f",
      });
      expect(yamlError(() => parseYaml("~: a\n", sigs)).reason).toContain("<nil>");
    });

    it("applies a merge key at its position", () => {
      expect(parseYaml("m:\n  a: 1\n  <<: {a: 2, b: 2}\n  b: 3\n", sigs)).toEqual({ m: { a: 2, b: 3 } });
    });
  });
});
