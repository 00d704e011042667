import { memFs } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import { ChartLoadError, ChartTooLargeError, HelmIgnore, loadChart, readChartArchive } from "../src/index.js";
import { chartFromFiles, chartYaml, tgz } from "./helpers.js";

const names = (files: { name: string }[]) => files.map((f) => f.name);

describe("loadChart from a directory", () => {
  it("sorts files into metadata, values, schema, templates, files and subcharts", () => {
    const chart = chartFromFiles({
      "Chart.yaml": chartYaml("web", "appVersion: 1.2.3\nkubeVersion: '>=1.20'\n"),
      "values.yaml": "replicas: 2\nbig: 1000000\nimage:\n  tag: v1\n",
      "values.schema.json": '{"type":"object"}',
      "templates/deploy.yaml": "kind: Deployment\n",
      "templates/_helpers.tpl": "{{/* x */}}",
      "templates/.hidden.yaml": "ignored by Helm's default rule",
      "README.md": "# web\n",
      "crds/crd.yaml": "kind: CustomResourceDefinition\n",
      "charts/sub/Chart.yaml": chartYaml("sub"),
      "charts/sub/templates/cm.yaml": "kind: ConfigMap\n",
    });
    expect(chart.metadata).toMatchObject({
      name: "web",
      version: "1.0.0",
      appVersion: "1.2.3",
      kubeVersion: ">=1.20",
      apiVersion: "v2",
    });
    expect(chart.values).toEqual({ replicas: 2, big: 1000000, image: { tag: "v1" } });
    expect(new TextDecoder().decode(chart.schema)).toBe('{"type":"object"}');
    expect(names(chart.templates)).toEqual(["templates/_helpers.tpl", "templates/deploy.yaml"]);
    expect(names(chart.files)).toEqual(["README.md", "crds/crd.yaml"]);
    expect(chart.dependencies.map((d) => d.metadata.name)).toEqual(["sub"]);
    expect(names(chart.dependencies[0].templates)).toEqual(["templates/cm.yaml"]);
  });

  it("applies .helmignore at the chart root, not inside subchart directories", () => {
    const chart = chartFromFiles({
      ".helmignore": "# comment\n*.md\nci/\n/secret.txt\n",
      "Chart.yaml": chartYaml("web"),
      "README.md": "x",
      "docs/guide.md": "x",
      "ci/values.yaml": "x",
      "secret.txt": "x",
      "nested/secret.txt": "kept: the rule is anchored",
      "charts/sub/Chart.yaml": chartYaml("sub"),
      "charts/sub/NOTES.md": "kept: subchart directories are not filtered again",
    });
    expect(names(chart.files)).toEqual([".helmignore", "nested/secret.txt"]);
    expect(names(chart.dependencies[0].files)).toEqual([]);
    // `*.md` is matched against base names everywhere, including charts/sub/NOTES.md.
    expect(names(chart.dependencies[0].raw)).toEqual(["Chart.yaml"]);
  });

  it("walks directories depth first in name order, like Helm", () => {
    const chart = chartFromFiles({ "Chart.yaml": chartYaml("c"), "a.yaml": "", "a/b.yaml": "", "a-b": "" });
    // `a` (a directory) sorts before `a-b` and `a.yaml`, and its content comes right after it, whereas a
    // sort of full paths would put `a/b.yaml` last.
    expect(names(chart.files)).toEqual(["a/b.yaml", "a-b", "a.yaml"]);
  });

  it("strips a UTF-8 byte order mark from every file", () => {
    const chart = chartFromFiles({
      "Chart.yaml": `\ufeff${chartYaml("bom")}`,
      "values.yaml": "\ufeffa: 1\n",
    });
    expect(chart.metadata.name).toBe("bom");
    expect(chart.values).toEqual({ a: 1 });
  });

  it("loads .tgz subcharts and skips names starting with _ or .", () => {
    const sub = tgz([
      { name: "sub/Chart.yaml", data: chartYaml("sub") },
      { name: "sub/values.yaml", data: "x: 1\n" },
    ]);
    const chart = chartFromFiles({
      "Chart.yaml": chartYaml("web"),
      "charts/sub-1.0.0.tgz": sub,
      "charts/_skipped/Chart.yaml": "not: loaded",
      "charts/.hidden.tgz": "not a tarball",
    });
    expect(chart.dependencies.map((d) => [d.metadata.name, d.values])).toEqual([["sub", { x: 1 }]]);
  });

  it("rejects a stray file in charts/ as Helm does", () => {
    expect(() => chartFromFiles({ "Chart.yaml": chartYaml("web"), "charts/README.md": "hi" })).toThrow(
      "error unpacking subchart README.md in web: Chart.yaml file is missing",
    );
  });

  it("reports Chart.yaml problems with Helm's messages", () => {
    expect(() => chartFromFiles({ "values.yaml": "a: 1" })).toThrow("Chart.yaml file is missing");
    expect(() => chartFromFiles({ "Chart.yaml": "apiVersion: v2\nname: x\n" })).toThrow(
      "validation: chart.metadata.version is required",
    );
    expect(() => chartFromFiles({ "Chart.yaml": "apiVersion: v2\nname: x\nversion: one\n" })).toThrow(
      'validation: chart.metadata.version "one" is invalid',
    );
    expect(() => chartFromFiles({ "Chart.yaml": chartYaml("x", "type: plugin\n") })).toThrow(
      "validation: chart.metadata.type must be application or library",
    );
    expect(() => chartFromFiles({ "Chart.yaml": "apiVersion: v2\nname: x\nversion: 1.0\n" })).toThrow(
      "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number into Go struct field Metadata.version of type string",
    );
    expect(() =>
      chartFromFiles({ "Chart.yaml": chartYaml("x", "dependencies:\n- name: a\n  alias: bad.alias\n") }),
    ).toThrow('validation: dependency "a" has disallowed characters in the alias');
    const err = (() => {
      try {
        chartFromFiles({ "Chart.yaml": "name: [" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ChartLoadError);
    expect((err as ChartLoadError).message).toMatch(
      /^cannot load Chart.yaml: error converting YAML to JSON: yaml: line 1: /,
    );
  });

  it("defaults apiVersion to v1 and reads requirements.yaml for v1 charts", () => {
    const chart = chartFromFiles({
      "Chart.yaml": "name: old\nversion: 0.1.0\n",
      "requirements.yaml": "dependencies:\n- name: db\n  version: 1.x\n  condition: db.enabled\n",
    });
    expect(chart.metadata.apiVersion).toBe("v1");
    expect(chart.metadata.dependencies?.map((d) => d?.condition)).toEqual(["db.enabled"]);
    expect(names(chart.files)).toEqual(["requirements.yaml"]);
  });

  it("reads values like Helm: YAML 1.1 booleans, every number a float64, the first document only", () => {
    const chart = chartFromFiles({
      "Chart.yaml": chartYaml("v"),
      "values.yaml": "on: yes\nbig: 12345678901234567890\n1: one\n---\nignored: true\n",
    });
    expect(chart.values).toEqual({ true: true, big: 12345678901234567000, "1": "one" });
  });

  it("refuses irregular files and files over the size limit", () => {
    const fs = memFs({ "/c/Chart.yaml": chartYaml("c"), "/c/big.bin": new Uint8Array(2048) });
    expect(() => loadChart({ fs, path: "/c", limits: { maxFileSize: 1024 } })).toThrow(ChartTooLargeError);
    expect(() => loadChart({ fs, path: "/c", limits: { maxChartSize: 1000 } })).toThrow(ChartTooLargeError);
  });
});

describe("chart archives", () => {
  it("drops the top-level directory and loads like a directory", () => {
    const archive = tgz([
      { name: "web/", type: "dir" },
      { name: "web/Chart.yaml", data: chartYaml("web") },
      { name: "web/templates/a.yaml", data: "kind: A\n" },
    ]);
    const chart = loadChart({ archive });
    expect(chart.metadata.name).toBe("web");
    expect(names(chart.templates)).toEqual(["templates/a.yaml"]);
    const fs = memFs({ "/web-1.0.0.tgz": archive });
    expect(loadChart({ fs, path: "/web-1.0.0.tgz" }).metadata.name).toBe("web");
  });

  it("never lets an entry leave the chart", () => {
    const cases: [string, string][] = [
      ["web/../../etc/passwd", "chart illegally references parent directory"],
      ["web//abs", "chart illegally contains absolute paths"],
      ["web/", "chart illegally contains content outside the base directory"],
      ["Chart.yaml", "chart yaml not in base directory"],
      ["web/c:/x", "chart contains illegally named files"],
    ];
    for (const [name, message] of cases) {
      const archive = tgz([
        { name: "web/Chart.yaml", data: chartYaml("web") },
        { name, data: "x" },
      ]);
      expect(() => readChartArchive(archive), name).toThrow(message);
    }
    expect(() => readChartArchive(tgz([{ name: "web\\..\\..\\x", data: "x" }]))).toThrow(
      "chart illegally references parent directory",
    );
  });

  it("keeps links as plain (empty) files: nothing is written, so they point nowhere", () => {
    const files = readChartArchive(
      tgz([
        { name: "web/Chart.yaml", data: chartYaml("web") },
        { name: "web/link", type: "symlink", linkname: "/etc/passwd" },
      ]),
    );
    expect(files.map((f) => [f.name, f.data.length])).toEqual([
      ["Chart.yaml", chartYaml("web").length],
      ["link", 0],
    ]);
  });

  it("enforces size limits while decompressing (a compression bomb stops early)", () => {
    const bomb = tgz([
      { name: "web/Chart.yaml", data: chartYaml("web") },
      { name: "web/zeros", data: new Uint8Array(4 << 20) },
    ]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => readChartArchive(bomb, { maxChartSize: 1 << 20 })).toThrow(ChartTooLargeError);
    expect(() => readChartArchive(bomb, { maxFileSize: 1 << 20 })).toThrow(
      /decompressed chart file "web\/zeros" is larger than the maximum file size 1048576/,
    );
    expect(readChartArchive(bomb).length).toBe(2);
  });

  it("rejects data that is not a chart archive", () => {
    expect(() => loadChart({ archive: new TextEncoder().encode("not gzip at all, just text") })).toThrow(
      ChartLoadError,
    );
    expect(() => loadChart({ archive: tgz([]) })).toThrow("no files in chart archive");
    const fs = memFs({ "/values.yaml": "a: 1" });
    expect(() => loadChart({ fs, path: "/values.yaml" })).toThrow(
      "seems to be a YAML file, but expected a gzipped archive",
    );
  });
});

describe("loadChart from a source artifact", () => {
  const artifact = {
    tarGz: tgz([
      { name: "./", type: "dir" },
      { name: "./deploy/chart/Chart.yaml", data: chartYaml("app") },
      { name: "./deploy/chart/.helmignore", data: "*.txt\n" },
      { name: "./deploy/chart/notes.txt", data: "ignored" },
      { name: "./deploy/chart/templates/a.yaml", data: "kind: A\n" },
      {
        name: "./deploy/packaged-1.0.0.tgz",
        data: tgz([{ name: "packaged/Chart.yaml", data: chartYaml("packaged") }]),
      },
    ]),
  };

  it("loads a chart directory inside a Git-style artifact, with its .helmignore", () => {
    const chart = loadChart({ artifact, path: "deploy/chart" });
    expect(chart.metadata.name).toBe("app");
    expect(names(chart.raw)).toEqual([".helmignore", "Chart.yaml", "templates/a.yaml"]);
  });

  it("loads a packaged chart inside an artifact, or the artifact itself as a packaged chart", () => {
    expect(loadChart({ artifact, path: "./deploy/packaged-1.0.0.tgz" }).metadata.name).toBe("packaged");
    const packaged = { tarGz: tgz([{ name: "p/Chart.yaml", data: chartYaml("p") }]) };
    expect(loadChart({ artifact: packaged }).metadata.name).toBe("p");
  });

  it("refuses paths outside the artifact and missing paths", () => {
    expect(() => loadChart({ artifact, path: "../x" })).toThrow(/outside the artifact/);
    expect(() => loadChart({ artifact, path: "nope" })).toThrow(/not found in the artifact/);
  });
});

describe("HelmIgnore", () => {
  it("follows Helm's rules (base-name patterns, anchored patterns, directories, negation)", () => {
    const rules = HelmIgnore.parse("*.tgz\n/top.txt\ndocs/\nsub/*.yaml\n").withDefaults();
    expect(rules.ignores("a/b/c.tgz", false)).toBe(true);
    expect(rules.ignores("top.txt", false)).toBe(true);
    expect(rules.ignores("x/top.txt", false)).toBe(false);
    expect(rules.ignores("docs", true)).toBe(true);
    expect(rules.ignores("docs", false)).toBe(false);
    expect(rules.ignores("sub/a.yaml", false)).toBe(true);
    expect(rules.ignores("templates/.keep", false)).toBe(true);
    expect(rules.ignores("templates/x/.keep", false)).toBe(false);
    // A negated rule that does not match ignores the path (Helm's evaluation order).
    const negated = HelmIgnore.parse("!keep.txt\n");
    expect(negated.ignores("keep.txt", false)).toBe(false);
    expect(negated.ignores("other.txt", false)).toBe(true);
    expect(() => HelmIgnore.parse("**/x\n")).toThrow("double-star (**) syntax is not supported");
    expect(() => HelmIgnore.parse("[\n")).toThrow(/syntax error in pattern/);
  });
});
