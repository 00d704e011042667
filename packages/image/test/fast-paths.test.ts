// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Go expansion templates use ${name}
import { filterTags } from "@gitops-kit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createPolicer,
  filteredTagValues,
  type ImagePolicyChoice,
  parseTagVersion,
  selectLatestTag,
} from "../src/index.js";
import { compileExpander } from "../src/policy/expand.js";
import { nativeInputOk, translateGoPattern } from "../src/policy/native-pattern.js";
import { readPlainVersion } from "../src/policy/version.js";

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
  "Release-V1.2.3",
  "MAIN-7-FFFFFF",
  "RC.4",
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
  "(?i)^main-(?P<ts>[0-9]+)-",
  "(?i)^release-(?P<version>v.*)$",
  "(?is)rc[-.](\\d+)",
  "(?i)^[A-F0-9-]+$",
  "(?im)^(?:a|b)[^-]*-(\\w+)$",
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
    expect(translateGoPattern("^main-(?P<ts>[0-9]+)-")).toEqual({ source: "^main-([0-9]+)-", flags: "" });
    expect(translateGoPattern("(?i)abc")).toEqual({ source: "abc", flags: "i" });
    expect(translateGoPattern("(?s)a.c")).toEqual({ source: "a.c", flags: "" });
    expect(translateGoPattern("(?U)a+")).toBeUndefined();
    expect(translateGoPattern("a(?i)b")).toBeUndefined();
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

describe("readPlainVersion", () => {
  it("reads [v]X.Y.Z with 1 to 15 digits per part and nothing else", () => {
    const out = new Float64Array(3);
    expect(readPlainVersion("v01.2.30", out)).toBe(true);
    expect([...out]).toEqual([1, 2, 30]);
    expect(readPlainVersion("999999999999999.0.1", out)).toBe(true);
    expect(out[0]).toBe(999999999999999);
    for (const s of [
      "",
      "v",
      "1.2",
      "1.2.",
      ".1.2",
      "1..2",
      "1.2.3-rc",
      "1.2.3.4",
      "V1.2.3",
      "1.2.3 ",
      "1234567890123456.0.0",
      "x1.2.3",
    ])
      expect(readPlainVersion(s, out), s).toBe(false);
  });
});

describe("nativeInputOk", () => {
  it("takes printable ASCII up to 128 characters", () => {
    expect(nativeInputOk("release-v1.2.3_~")).toBe(true);
    expect(nativeInputOk("x".repeat(128))).toBe(true);
    expect(nativeInputOk("x".repeat(129))).toBe(false);
    expect(nativeInputOk("héllo")).toBe(false);
    expect(nativeInputOk("a\tb")).toBe(false);
    expect(nativeInputOk("a\x7f")).toBe(false);
  });
});

describe("selectLatestTag with filterTags", () => {
  // The definition: policy over the distinct extracted values in first-seen order, winner mapped back to the
  // last tag that gave it (Flux's value -> tag map, later tags overwriting).
  function reference(tags: string[], policy: ImagePolicyChoice, pattern: string, extract: string): string {
    const byValue = filterTags({ tags, pattern, extract });
    const winner = createPolicer({ policy }).latest([...byValue.keys()]);
    return byValue.get(winner) as string;
  }
  const outcome = (f: () => string) => {
    try {
      return f();
    } catch (err) {
      return `error: ${(err as Error).message}`;
    }
  };
  const part = fc.constantFrom("0", "1", "01", "2", "10");
  const tag = fc.oneof(
    fc
      .tuple(
        fc.constantFrom("a-", "b-", ""),
        fc.constantFrom("", "v"),
        part,
        part,
        part,
        fc.constantFrom("", "-rc.1", "+x"),
      )
      .map(([p, v, x, y, z, s]) => `${p}${v}${x}.${y}.${z}${s}`),
    fc
      .tuple(fc.constantFrom("a-", "b-"), part, fc.constantFrom("", ".0", ".5"))
      .map(([p, n, f]) => `${p}${n}${f}`),
  );
  const policies: ImagePolicyChoice[] = [
    { semver: { range: ">=0.1.0" } },
    { semver: { range: "<2 || >=10" } },
    { alphabetical: { order: "asc" } },
    { alphabetical: { order: "desc" } },
    { numerical: { order: "asc" } },
    { numerical: { order: "desc" } },
  ];
  const filters: [string, string][] = [
    ["^[ab]-(?P<v>.*)$", "$v"],
    ["^(?:a-|b-)?v?(.*)$", "$1"],
    ["^a-", ""],
  ];

  it("picks what the map-based definition picks, repeats of a value included", () => {
    fc.assert(
      fc.property(
        fc.array(tag, { maxLength: 30 }),
        fc.constantFrom(...policies),
        fc.constantFrom(...filters),
        (tags, policy, [pattern, extract]) => {
          expect(outcome(() => selectLatestTag({ tags, policy, filterTags: { pattern, extract } }))).toBe(
            outcome(() => reference(tags, policy, pattern, extract)),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("maps a repeated winning value to its last tag, and keeps numerical's last-of-equals on distinct values", () => {
    const filterTags = { pattern: "^[ab]-(?P<v>.*)$", extract: "$v" };
    expect(
      selectLatestTag({ tags: ["a-1.0.0", "b-1.0.0"], policy: { semver: { range: "*" } }, filterTags }),
    ).toBe("b-1.0.0");
    // Distinct values 1 and 1.0 (equal numbers): the later first sighting wins, even though "1" repeats last.
    expect(
      selectLatestTag({ tags: ["a-1", "a-1.0", "b-1"], policy: { numerical: { order: "asc" } }, filterTags }),
    ).toBe("a-1.0");
  });
});
