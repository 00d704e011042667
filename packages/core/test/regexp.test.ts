// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Go templates use ${name} literally.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGoRegexp, filterTags, quoteMeta, RegexpError } from "../src/index.js";

/** What Flux does with one tag: match, then expand `extract` (or keep the tag when it is empty). */
function extract(pattern: string, template: string, input: string): string | undefined {
  const re = compileGoRegexp(pattern);
  const match = re.findStringSubmatchIndex(input);
  if (match === undefined) return undefined;
  return template === "" ? input : re.expandString(template, input, match);
}

function compileError(pattern: string, options = {}): RegexpError {
  try {
    compileGoRegexp(pattern, options);
  } catch (err) {
    if (err instanceof RegexpError) return err;
    throw err;
  }
  throw new Error(`expected ${pattern} to be rejected`);
}

describe("compileGoRegexp errors (Go 1.19 texts)", () => {
  it.each([
    ["(?=a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"],
    ["(?<=a)b", "error parsing regexp: invalid or unsupported Perl syntax: `(?<`"],
    ["(?<name>a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?<`"],
    ["(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`"],
    ["a++", "error parsing regexp: invalid nested repetition operator: `++`"],
    ["x**", "error parsing regexp: invalid nested repetition operator: `**`"],
    ["(a", "error parsing regexp: missing closing ): `(a`"],
    ["[", "error parsing regexp: missing closing ]: `[`"],
    ["a{2,1001}", "error parsing regexp: invalid repeat count: `{2,1001}`"],
    ["\\p{Nope}", "error parsing regexp: invalid character class range: `\\p{Nope}`"],
    ["(?P<é>a)", "error parsing regexp: invalid named capture: `(?P<é>`"],
    // The error quotes the whole pattern as written, not the internal rewrite of `(?<`.
    ["a)(?<n>b)", "error parsing regexp: unexpected ): `a)(?<n>b)`"],
  ])("%s", (pattern, message) => {
    const err = compileError(pattern);
    expect(err.message).toBe(message);
    expect(err.code).toBe("REGEXP_SYNTAX");
    expect(err.pattern).toBe(pattern);
  });

  it("treats (?< inside a class or \\Q...\\E as literal text", () => {
    expect(extract("[(?<n>]x", "$0", "<x")).toBe("<x");
    expect(extract("\\Q(?<\\E", "$0", "(?<")).toBe("(?<");
  });

  it("accepts (?<name>) as Go 1.22 does when asked", () => {
    const re = compileGoRegexp("(?<ver>\\d+)-(?<ver>x)?", { angleNamedGroups: true });
    expect(re.subexpNames).toEqual(["", "ver", "ver"]);
    expect(re.expandString("$ver", "12-", re.findStringSubmatchIndex("12-")!)).toBe("12");
  });
});

describe("ExpandString", () => {
  // Answers of Go's regexp.
  it.each([
    ["(a)(b)", "$1x-${1}x-$2$$-$-${-$3-$01-${name", "ab", "-ax-b$-$-${---${name"],
    ["(?P<n>a)|(?P<n>b)", "[$n]", "b", "[b]"],
    ["(?P<ver>\\d+)", "v${ver}.$ver_", "x12y", "v12."],
    ["(a)(?P<n>b)(?P<n>c)((?P<n>d))", "$n$4$5", "abcd", "bdd"],
    ["(?P<1>a)", "$1", "a", "a"],
    ["(?i)k", "$0", "\u212a", "\u212a"],
    ["^v?(?P<v>\\d+\\.\\d+\\.\\d+)$", "$v", "v1.2.3", "1.2.3"],
    ["(a)|(b)", "<$1|$2>", "b", "<|b>"],
  ])("%s with %j on %j", (pattern, template, input, result) => {
    expect(extract(pattern, template, input)).toBe(result);
  });

  it("keeps the duplicate names Go allows", () => {
    expect(compileGoRegexp("(?P<n>a)(?P<n>b)").subexpNames).toEqual(["", "n", "n"]);
    expect(compileGoRegexp("(?P<n>a)(?P<n>b)").subexpIndex("n")).toBe(1);
  });
});

describe("search operations (answers of Go via Sprig)", () => {
  it("findAllString skips an empty match right after a match", () => {
    const re = compileGoRegexp("a*");
    expect(re.findAllString("baaac")).toEqual(["", "aaa", ""]);
    expect(re.findAllString("baaac", 2)).toEqual(["", "aaa"]);
    expect(re.findAllString("baaac", 0)).toEqual([]);
  });

  it("steps over astral characters whole", () => {
    const re = compileGoRegexp("x*");
    expect(re.findAllStringSubmatchIndex("a😀b").map((m) => m[0])).toEqual([0, 1, 3, 4]);
    expect(re.replaceAllString("a😀b", "-")).toBe("-a-😀-b-");
  });

  it("replaceAllString expands templates; the literal variant does not", () => {
    const re = compileGoRegexp("(a)(b)?");
    expect(re.replaceAllString("xaby a", "<$0|${1}|$2|$1x>")).toBe("x<ab|a|b|>y <a|a||>");
    expect(re.replaceAllLiteralString("xab", "[$1]")).toBe("x[$1]");
    expect(re.replaceAllStringFunc("xab", (s) => s.toUpperCase())).toBe("xAB");
  });

  it("split follows Go's n rules", () => {
    const re = compileGoRegexp("a*");
    expect(re.split("baaac", -1)).toEqual(["b", "c"]);
    expect(re.split("abaabaccadaaae", 5)).toEqual(["", "b", "b", "c", "cadaaae"]);
    expect(re.split("", -1)).toEqual([""]);
    expect(re.split("x", 0)).toEqual([]);
    expect(compileGoRegexp("").split("abc", -1)).toEqual(["a", "b", "c"]);
  });

  it("matchString, findString and submatches", () => {
    const re = compileGoRegexp("(?P<k>\\w+)=(\\d+)?");
    expect(re.matchString("x k=")).toBe(true);
    expect(re.findString("no")).toBe("");
    expect(re.findStringSubmatch("k=")).toEqual(["k=", "k", ""]);
    expect(re.findStringSubmatchIndex("k=")).toEqual([0, 2, 0, 1, -1, -1]);
    expect(re.numSubexp).toBe(2);
  });

  it("quoteMeta escapes exactly Go's metacharacters", () => {
    expect(quoteMeta("1.2+[x]{y}(z)|^$*?\\-")).toBe("1\\.2\\+\\[x\\]\\{y\\}\\(z\\)\\|\\^\\$\\*\\?\\\\-");
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(compileGoRegexp(`^${quoteMeta(s)}$`).matchString(s)).toBe(true);
      }),
    );
  });

  it("runs a catastrophic-backtracking pattern in linear time", () => {
    const re = compileGoRegexp("^(a+)+$");
    const input = `${"a".repeat(50_000)}b`;
    const start = performance.now();
    expect(re.matchString(input)).toBe(false);
    expect(re.findStringSubmatchIndex(input)).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(5000);
  });
});

describe("filterTags", () => {
  it("keys tags by extract; a later duplicate replaces the tag but keeps the position", () => {
    const kept = filterTags({
      tags: ["1.0.0", "v1.0.0", "v2.0.0", "2.0.0", "latest"],
      pattern: "^v?(?P<v>\\d+\\.\\d+\\.\\d+)$",
      extract: "$v",
    });
    expect([...kept]).toEqual([
      ["1.0.0", "v1.0.0"],
      ["2.0.0", "2.0.0"],
    ]);
  });

  it("keeps the tag itself without extract, and a fixed extract collapses everything", () => {
    expect([...filterTags({ tags: ["a", "b", "a"], pattern: ".*" }).keys()]).toEqual(["a", "b"]);
    expect([...filterTags({ tags: ["1", "2", "3"], pattern: "^(\\d+)", extract: "fixed" })]).toEqual([
      ["fixed", "3"],
    ]);
  });

  it("throws RegexpError for an invalid pattern", () => {
    expect(() => filterTags({ tags: ["a"], pattern: "(?!x)" })).toThrow(RegexpError);
  });
});
