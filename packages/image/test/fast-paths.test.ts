// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Go expansion templates use ${name}
import { filterTags } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import { filteredTagValues, parseTagVersion } from "../src/index.js";
import { compileExpander } from "../src/policy/expand.js";
import { translateGoPattern } from "../src/policy/native-pattern.js";

const TAGS = [
  "v1.2.3",
  "main-42-abc123",
  "main-7-ffffff",
  "release-v2.0.0-rc.1",
  "1.0.0",
  "sha-0a1b2c",
  "x".repeat(200),
  "héllo-1",
  "a\nb",
  "",
  "rc-10",
  "build_99",
];

const PATTERNS = [
  "",
  "^main-(?P<ts>[0-9]+)-",
  "^v?(?P<version>.*)$",
  "rc[-.](\\d+)",
  "^(a|ab)(c|bcd)?$",
  ".",
  "^[^-]+-(\\w+)$",
  "(?P<x>b)?uild_(?P<n>\\d{1,3})",
];

const TEMPLATES = [
  "",
  "$1",
  "${1}x",
  "$1x",
  "$ts",
  "${version}-$$",
  "$",
  "${}",
  "$n.$x",
  "$2$1",
  "$100000000",
];

describe("filterTags fast path", () => {
  it("gives RE2's values for every pattern, template and tag", () => {
    for (const pattern of PATTERNS) {
      for (const extract of TEMPLATES) {
        const want = [...filterTags({ tags: TAGS, pattern, extract }).entries()];
        const got = filteredTagValues({ tags: TAGS, filterTags: { pattern, extract } });
        expect(got, `${pattern} / ${extract}`).toEqual(want.map(([k]) => k));
      }
    }
  });

  it("translates only the shared subset", () => {
    expect(translateGoPattern("^main-(?P<ts>[0-9]+)-")).toBe("^main-([0-9]+)-");
    expect(translateGoPattern("(?i)abc")).toBeUndefined();
    expect(translateGoPattern("(a+)+")).toBeUndefined();
    expect(translateGoPattern("a*b*c")).toBeUndefined(); // unanchored, two unbounded repetitions
    expect(translateGoPattern("[[:alpha:]]")).toBeUndefined();
    expect(translateGoPattern("\\pL")).toBeUndefined();
  });

  it("compiles expansion templates like Go", () => {
    const names = ["", "1x", "name"];
    const groups = ["all", "one", "two"];
    expect(compileExpander("$1x", names)(groups)).toBe("one");
    expect(compileExpander("${2}-$name-$$", names)(groups)).toBe("two-two-$");
    expect(compileExpander("$-", names)(groups)).toBe("$-");
  });
});

describe("parseTagVersion fast path", () => {
  it("keeps the original text and agrees with the general parser", () => {
    expect(parseTagVersion("v01.2.3")?.original).toBe("v01.2.3");
    expect(parseTagVersion("1.2.3")?.major).toBe(1n);
    expect(parseTagVersion("1.2.3-rc.1")?.prerelease).toBe("rc.1");
    expect(parseTagVersion("1.2")).toBeUndefined();
  });
});
