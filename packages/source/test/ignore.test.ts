import { memFs } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import {
  bucketIgnoreFilter,
  globMatch,
  isValidGlob,
  loadIgnorePatterns,
  readIgnorePatterns,
  sourceIgnoreFilter,
  sourceTreeIgnoreFilter,
} from "../src/index.js";

describe("globMatch (Go filepath.Match)", () => {
  it.each([
    ["abc", "abc", true],
    ["*", "abc", true],
    ["*c", "abc", true],
    ["a*", "a", true],
    ["a*/b", "abc/b", true],
    ["a*b*c*d*e*/f", "axbxcxdxe/f", true],
    ["a*b*c*d*e*/f", "axbxcxdxexxx/fff", false],
    ["ab[c]", "abc", true],
    ["ab[b-d]", "abc", true],
    ["ab[e-g]", "abc", false],
    ["ab[^c]", "abc", false],
    ["ab[^e-g]", "abc", true],
    ["a\\*b", "a*b", true],
    ["a\\*b", "ab", false],
    ["a?b", "a☺b", true],
    ["a[^a]b", "a☺b", true],
    ["a???b", "a☺b", false],
    ["*x", "xxx", true],
    ["a*", "ab/c", false],
    ["\\#notes", "#notes", true],
  ])("%s vs %s → %s", (pattern, name, expected) => {
    expect(globMatch(pattern, name)).toBe(expected);
  });

  it.each(["[", "[^", "[^bc", "a[", "[]a]", "[-]", "[x-]", "[a-b-c]", "\\", "a[\\"])(
    "treats the malformed pattern %s as no match",
    (pattern) => {
      expect(isValidGlob(pattern)).toBe(false);
      expect(globMatch(pattern, "a")).toBe(false);
    },
  );

  it("reports a malformed tail even after a failed match", () => {
    // Go checks the rest of the pattern before answering "no match".
    expect(isValidGlob("x*[")).toBe(false);
    expect(globMatch("x*[", "abc")).toBe(false);
  });
});

describe("source-controller ignore rules", () => {
  const tree = () =>
    memFs({
      "/r/README.md": "r",
      "/r/deploy/app.yaml": "a",
      "/r/deploy/logo.png": "p",
      "/r/.git/config": "c",
      "/r/.github/workflows/ci.yaml": "w",
      "/r/apps/.sops.yaml": "s",
      "/r/cloudbuild.yaml": "c",
    });

  it("applies the defaults when no pattern exists", () => {
    const filter = sourceTreeIgnoreFilter({ fs: tree(), dir: "/r" });
    expect(filter(".git", true)).toBe(true);
    expect(filter(".github/workflows/ci.yaml", false)).toBe(true);
    expect(filter("deploy/logo.png", false)).toBe(true);
    expect(filter("apps/.sops.yaml", false)).toBe(true);
    expect(filter("cloudbuild.yaml", false)).toBe(true);
    expect(filter("deploy/app.yaml", false)).toBe(false);
  });

  it("keeps only the VCS defaults once spec.ignore or a .sourceignore has a pattern", () => {
    const fs = tree();
    const withSpec = sourceTreeIgnoreFilter({ fs, dir: "/r", ignore: "# comment\n/docs/\n" });
    expect(withSpec(".git/config", false)).toBe(true);
    expect(withSpec("deploy/logo.png", false)).toBe(false);
    fs.writeFile("/r/.sourceignore", "# only a comment\n\n");
    expect(sourceTreeIgnoreFilter({ fs, dir: "/r" })("deploy/logo.png", false)).toBe(true);
    fs.writeFile("/r/.sourceignore", "*.md\n");
    const withFile = sourceTreeIgnoreFilter({ fs, dir: "/r" });
    expect(withFile("README.md", false)).toBe(true);
    expect(withFile("deploy/logo.png", false)).toBe(false);
  });

  it("scopes a nested .sourceignore to its directory; spec.ignore wins", () => {
    const fs = memFs({
      "/r/apps/.sourceignore": "*.md\n/local.yaml\n",
      "/r/apps/README.md": "",
      "/r/apps/local.yaml": "",
      "/r/apps/sub/local.yaml": "",
      "/r/README.md": "",
      "/r/local.yaml": "",
      "/r/.git/.sourceignore": "*\n",
    });
    const patterns = loadIgnorePatterns({ fs, dir: "/r" });
    expect(patterns.map((p) => [p.domain.join("/"), p.source])).toEqual([
      ["apps", "*.md"],
      ["apps", "/local.yaml"],
    ]);
    const filter = sourceTreeIgnoreFilter({ fs, dir: "/r", ignore: "!apps/README.md\n" });
    expect(filter("apps/README.md", false)).toBe(false);
    expect(filter("apps/local.yaml", false)).toBe(true);
    expect(filter("apps/sub/local.yaml", false)).toBe(false);
    expect(filter("README.md", false)).toBe(false);
    expect(filter("local.yaml", false)).toBe(false);
  });

  it("follows gitignore semantics: anchoring, directory-only, **, negation, escapes, trailing spaces", () => {
    const f = sourceIgnoreFilter(
      readIgnorePatterns(
        "/tmp\nbuild/\na/**/d.yaml\nlogs/**\n*.yaml\n!keep.yaml\n\\#notes\nsp.txt   \nCase.txt\r\n",
      ),
    );
    expect(f("tmp", true)).toBe(true);
    expect(f("x/tmp", true)).toBe(false);
    expect(f("build", true)).toBe(true);
    expect(f("build", false)).toBe(false);
    expect(f("x/build/y.txt", false)).toBe(true);
    expect(f("a/d.yaml", false)).toBe(true);
    expect(f("a/b/c/d.yaml", false)).toBe(true);
    // Unlike git, Flux's matcher lets `logs/**` match `logs` itself.
    expect(f("logs", true)).toBe(true);
    expect(f("logs/x/y.txt", false)).toBe(true);
    expect(f("keep.yaml", false)).toBe(false);
    expect(f("sub/other.yaml", false)).toBe(true);
    expect(f("#notes", false)).toBe(true);
    expect(f("sp.txt", false)).toBe(true);
    expect(f("Case.txt", false)).toBe(true);
    expect(f("case.txt", false)).toBe(false);
  });

  it("uses only the root .sourceignore and spec.ignore for buckets, without defaults", () => {
    const filter = bucketIgnoreFilter({ sourceIgnore: "*.png\n", ignore: "*.md\n" });
    expect(filter(".sourceignore")).toBe(true);
    expect(filter("dir/")).toBe(true);
    expect(filter("README.md")).toBe(true);
    expect(filter("logo.png")).toBe(true);
    expect(filter(".git/config")).toBe(false);
    expect(filter("deploy/.sourceignore")).toBe(false);
  });
});
