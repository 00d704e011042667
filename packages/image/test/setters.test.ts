import { memFs, PathEscapeError } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import {
  applyPolicies,
  ImageUpdateError,
  markerSetter,
  resultChanges,
  resultObjects,
  type SetterPolicy,
  scalarText,
  updateParsed,
  updateText,
  updateWithSetters,
} from "../src/index.js";

const policies: SetterPolicy[] = [
  { namespace: "flux", name: "app", latestRef: { name: "ghcr.io/org/app", tag: "1.2.0" } },
  { namespace: "flux", name: "num", latestRef: { name: "r/num", tag: "1.10" } },
  {
    namespace: "flux",
    name: "dig",
    latestRef: { name: "r/d", tag: "v1", digest: `sha256:${"a".repeat(64)}` },
  },
  { namespace: "flux", name: "none" },
];

describe("updateWithSetters", () => {
  it("changes only the marked scalars' bytes (CRLF, comments, quotes, --- kept)", () => {
    const input = [
      "# head comment\r",
      "apiVersion: apps/v1\r",
      "kind: Deployment\r",
      "metadata: {name: web, namespace: prod}\r",
      "spec:\r",
      "  containers:\r",
      '  - image: \'ghcr.io/org/app:1.0.0\'   # {"$imagepolicy": "flux:app"}\r',
      '    tag: "x" # {"$imagepolicy": "flux:app:tag"}\r',
      "\r",
      "---\r",
      "kind: Other\r",
      'version: 1.0 # {"$imagepolicy": "flux:num:tag"}\r',
      'untouched: ghcr.io/org/app:1.0.0 # {"$imagepolicy": "flux:app"} trailing text\r',
    ].join("\n");
    const fs = memFs({ "/repo/deploy.yaml": input, "/repo/notes.txt": '"$imagepolicy"' });
    const result = updateWithSetters({ fs, path: "/repo", policies });
    const out = fs.readFile("/repo/deploy.yaml", "utf8");
    expect(out).toBe(
      input
        .replace("'ghcr.io/org/app:1.0.0'", "'ghcr.io/org/app:1.2.0'")
        .replace('tag: "x"', 'tag: "1.2.0"')
        .replace("version: 1.0 ", 'version: "1.10" '),
    );
    expect(Object.keys(result.fileChanges)).toEqual(["deploy.yaml"]);
    const [web, other] = result.fileChanges["deploy.yaml"];
    expect(web.object).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "prod" });
    expect(web.changes).toEqual([
      { oldValue: "ghcr.io/org/app:1.0.0", newValue: "ghcr.io/org/app:1.2.0", setter: "flux:app" },
      { oldValue: "x", newValue: "1.2.0", setter: "flux:app:tag" },
    ]);
    expect(other.changes).toEqual([{ oldValue: "1.0", newValue: "1.10", setter: "flux:num:tag" }]);
  });

  it("leaves files without a change byte-identical and unwritten, and skips non-YAML", () => {
    const same = 'image: ghcr.io/org/app:1.2.0 # {"$imagepolicy": "flux:app"}\n';
    const fs = memFs({
      "/repo/a.yaml": same,
      "/repo/.hidden/b.yml": 'x: old # {"$imagepolicy": "flux:dig:digest"}\n',
      "/repo/bad.yaml": 'a: [unclosed # {"$imagepolicy": "flux:app"}\n',
      "/repo/Kustomization": 'newTag: v0 # {"$imagepolicy": "flux:dig:tag"}\n',
      "/repo/other.json": 'x: old # {"$imagepolicy": "flux:app"}\n',
    });
    const result = updateWithSetters({ fs, path: "/repo", policies });
    expect(Object.keys(result.fileChanges).sort()).toEqual([".hidden/b.yml", "Kustomization"]);
    expect(fs.readFile("/repo/a.yaml", "utf8")).toBe(same);
    expect(fs.readFile("/repo/.hidden/b.yml", "utf8")).toBe(
      `x: sha256:${"a".repeat(64)} # {"$imagepolicy": "flux:dig:digest"}\n`,
    );
    expect(fs.readFile("/repo/other.json", "utf8")).toContain("x: old");
  });

  it("uses the head comment of a sequence item when there is no line comment", () => {
    const text = 'args:\n  - keep\n  # {"$imagepolicy": "flux:app:name"}\n  - old\n';
    expect(updateText(text, new Map([["flux:app:name", "new"]]))?.text).toBe(
      'args:\n  - keep\n  # {"$imagepolicy": "flux:app:name"}\n  - new\n',
    );
  });

  it("reads the marker from the scalar's own line even when comment lines follow it", () => {
    // The yaml library joins the indented `# note` to the scalar's comment; go-yaml keeps it apart.
    const text = 'image: reg/app:1.0.0 # {"$imagepolicy": "ns:a"}\n      # note\n';
    const setters = new Map([["ns:a", "reg/app:2.0.0"]]);
    const expected = 'image: reg/app:2.0.0 # {"$imagepolicy": "ns:a"}\n      # note\n';
    expect(updateText(text, setters)?.text).toBe(expected);
    expect(updateParsed(text, setters)?.text).toBe(expected);
  });

  it("rejects an invalid image ref", () => {
    const fs = memFs({ "/repo/a.yaml": "a: b\n" });
    expect(() =>
      updateWithSetters({
        fs,
        path: "/repo",
        policies: [{ namespace: "n", name: "p", latestRef: { name: "Bad Name", tag: "1" } }],
      }),
    ).toThrow('encountered invalid image ref "Bad Name:1"');
  });
});

describe("applyPolicies", () => {
  const automation = (update?: { strategy?: string; path?: string }) => ({
    namespace: "flux",
    name: "auto",
    spec: { update },
  });

  it("checks the strategy and keeps to the update path and namespace", () => {
    const files = {
      "/repo/yes/a.yaml": 'i: x # {"$imagepolicy": "flux:app"}\n',
      "/repo/no/a.yaml": 'i: x # {"$imagepolicy": "flux:app"}\n',
    };
    const fs = memFs(files);
    expect(() => applyPolicies({ fs, root: "/repo", automation: automation(), policies })).toThrow(
      ImageUpdateError,
    );
    expect(() =>
      applyPolicies({ fs, root: "/repo", automation: automation({ strategy: "Foo" }), policies }),
    ).toThrow("unsupported update strategy: Foo");
    expect(() =>
      applyPolicies({
        fs,
        root: "/repo",
        automation: automation({ strategy: "Setters", path: "../x" }),
        policies,
      }),
    ).toThrow(PathEscapeError);
    const other = policies.map((p) => ({ ...p, namespace: "elsewhere" }));
    const result = applyPolicies({
      fs,
      root: "/repo",
      automation: automation({ strategy: "Setters", path: "./yes" }),
      policies: [...other, ...policies],
    });
    expect(Object.keys(result.fileChanges)).toEqual(["a.yaml"]);
    expect(fs.readFile("/repo/no/a.yaml", "utf8")).toBe(files["/repo/no/a.yaml"]);
    expect(fs.readFile("/repo/yes/a.yaml", "utf8")).toContain("ghcr.io/org/app:1.2.0");
  });
});

describe("policySelector", () => {
  it("keeps only the policies whose labels match", () => {
    const fs = memFs({
      "/repo/a.yaml": 'a: x # {"$imagepolicy": "flux:app"}\nb: y # {"$imagepolicy": "flux:other"}\n',
    });
    const labelled: SetterPolicy[] = [
      { namespace: "flux", name: "app", labels: { tier: "web" }, latestRef: { name: "r/app", tag: "2" } },
      { namespace: "flux", name: "other", labels: { tier: "db" }, latestRef: { name: "r/other", tag: "2" } },
    ];
    const result = applyPolicies({
      fs,
      root: "/repo",
      automation: {
        namespace: "flux",
        name: "auto",
        spec: {
          update: { strategy: "Setters" },
          policySelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["web"] }] },
        },
      },
      policies: labelled,
    });
    expect(resultChanges(result).map((c) => c.setter)).toEqual(["flux:app"]);
    expect(fs.readFile("/repo/a.yaml", "utf8")).toContain("b: y #");
  });
});

describe("result helpers", () => {
  it("merge objects over files and drop duplicate changes", () => {
    const object = { apiVersion: "v1", kind: "Pod", name: "p", namespace: "" };
    const change = { oldValue: "a", newValue: "b", setter: "n:p" };
    const result = {
      fileChanges: { "b.yaml": [{ object, changes: [change] }], "a.yaml": [{ object, changes: [change] }] },
    };
    expect(resultObjects(result)).toEqual([{ object, changes: [change, change] }]);
    expect(resultChanges(result)).toEqual([change]);
  });
});

describe("markers and scalar text", () => {
  it("reads only pure JSON marker comments", () => {
    expect(markerSetter(' {"$imagepolicy": "a:b"}')).toBe("a:b");
    expect(markerSetter('## {"$imagepolicy":"a:b:tag"}')).toBe("a:b:tag");
    expect(markerSetter(' {"$imagepolicy": "a:b"} bump')).toBeUndefined();
    expect(markerSetter(' {"$imagepolicy": "a:b", "n": 1}')).toBeUndefined();
    expect(markerSetter(' {"$imagepolicy": ""}')).toBeUndefined();
  });

  it("quotes what YAML 1.1 would not read back as a string", () => {
    expect(scalarText("1.10", "PLAIN")).toBe('"1.10"');
    expect(scalarText("yes", "PLAIN")).toBe('"yes"');
    expect(scalarText("", "PLAIN")).toBe('""');
    expect(scalarText("a: b", "PLAIN")).toBe("'a: b'");
    expect(scalarText("r/a:1.0", "PLAIN")).toBe("r/a:1.0");
    expect(scalarText("it's", "QUOTE_SINGLE")).toBe("'it''s'");
  });
});
