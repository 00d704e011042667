import { describe, expect, it } from "vitest";
import { ChartDependencyError, isCompatibleRange } from "../src/index.js";
import { chartYaml, template } from "./helpers.js";

/** A subchart that prints one ConfigMap naming itself and a value. */
function sub(dir: string, name: string, version: string, values = "", tpl = '{{ .Values.x | default "-" }}') {
  return {
    [`charts/${dir}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: ${version}\n`,
    [`charts/${dir}/values.yaml`]: values,
    [`charts/${dir}/templates/cm.yaml`]: `kind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}\ndata:\n  v: "${tpl}"\n`,
  };
}

/** The `# Source:` paths of an output. */
const sources = (out: string) => [...out.matchAll(/^# Source: (.*)$/gm)].map((m) => m[1]);

describe("dependency conditions, tags and aliases", () => {
  const deps = `dependencies:
- name: db
  version: 1.x
  condition: db.enabled
- name: cache
  version: ">=2.0.0"
  tags: [backend]
- name: front
  version: "*"
  alias: web
  condition: web.enabled,global.front
`;
  const files = {
    "Chart.yaml": chartYaml("app", deps),
    "values.yaml": "db:\n  enabled: false\n",
    ...sub("db", "db", "1.2.0"),
    ...sub("cache", "cache", "2.1.0"),
    ...sub("front", "front", "0.1.0", "x: from-front-defaults\n"),
  };

  it("renders enabled subcharts only; an alias renames the chart and its values section", () => {
    const out = template(files);
    expect(sources(out)).toEqual(["app/charts/cache/templates/cm.yaml", "app/charts/web/templates/cm.yaml"]);
    expect(out).toContain('name: web\ndata:\n  v: "from-front-defaults"');
    expect(template(files, { set: ["web.x=aliased"] })).toContain('v: "aliased"');
  });

  it("turns conditions and tags on and off from user values", () => {
    expect(sources(template(files, { set: ["db.enabled=true"] }))).toContain(
      "app/charts/db/templates/cm.yaml",
    );
    expect(sources(template(files, { set: ["tags.backend=false"] }))).not.toContain(
      "app/charts/cache/templates/cm.yaml",
    );
    // The first condition path holding a boolean decides; a non-boolean is skipped.
    expect(sources(template(files, { set: ["web.enabled=yes", "global.front=false"] }))).not.toContain(
      "app/charts/web/templates/cm.yaml",
    );
    expect(sources(template(files, { set: ["web.enabled=true", "global.front=false"] }))).toContain(
      "app/charts/web/templates/cm.yaml",
    );
  });

  it("lets a condition override tags", () => {
    const both = {
      ...files,
      "Chart.yaml": chartYaml(
        "app",
        "dependencies:\n- name: cache\n  version: 2.x\n  tags: [backend]\n  condition: cache.on\n",
      ),
    };
    expect(sources(template(both, { set: ["tags.backend=false", "cache.on=true"] }))).toContain(
      "app/charts/cache/templates/cm.yaml",
    );
    expect(sources(template(both, { set: ["tags.backend=false"] }))).not.toContain(
      "app/charts/cache/templates/cm.yaml",
    );
    // Vendored charts that Chart.yaml does not list are always rendered.
    expect(sources(template(both, { set: ["tags.backend=false"] }))).toEqual([
      "app/charts/db/templates/cm.yaml",
      "app/charts/front/templates/cm.yaml",
    ]);
  });

  it("keeps a vendored chart whose version does not meet the constraint, under its own name", () => {
    const mismatch = {
      "Chart.yaml": chartYaml(
        "app",
        "dependencies:\n- name: db\n  version: 2.x\n  alias: database\n  condition: db.enabled\n",
      ),
      ...sub("db", "db", "1.0.0"),
    };
    expect(sources(template(mismatch, { set: ["db.enabled=false"] }))).toEqual([
      "app/charts/db/templates/cm.yaml",
    ]);
  });

  it("evaluates nested conditions below the parent's path", () => {
    const nested = {
      "Chart.yaml": chartYaml("app", "dependencies:\n- name: mid\n  version: '*'\n"),
      "charts/mid/Chart.yaml": chartYaml(
        "mid",
        "dependencies:\n- name: leaf\n  version: '*'\n  condition: leaf.enabled\n",
      ),
      ...sub("mid/charts/leaf", "leaf", "1.0.0"),
    };
    expect(sources(template(nested))).toEqual(["app/charts/mid/charts/leaf/templates/cm.yaml"]);
    expect(sources(template(nested, { set: ["mid.leaf.enabled=false"] }))).toEqual([]);
  });

  it("fails when a declared dependency is not vendored", () => {
    const missing = {
      "Chart.yaml": chartYaml(
        "app",
        "dependencies:\n- name: db\n  version: 1.x\n- name: queue\n  version: 1.x\n",
      ),
      ...sub("db", "db", "1.0.0"),
    };
    expect(() => template(missing)).toThrow(ChartDependencyError);
    expect(() => template(missing)).toThrow(
      "An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: queue",
    );
  });
});

describe("import-values", () => {
  const parentTpl = {
    "templates/cm.yaml": "kind: ConfigMap\ndata:\n  values: |\n{{ toYaml .Values | indent 4 }}\n",
  };

  it("imports a child's exports (string form) below the parent's own values", () => {
    const out = template({
      "Chart.yaml": chartYaml("app", "dependencies:\n- name: db\n  version: 1.x\n  import-values: [data]\n"),
      "values.yaml": "port: 1\n",
      ...parentTpl,
      "charts/db/Chart.yaml": chartYaml("db"),
      "charts/db/values.yaml": "exports:\n  data:\n    port: 5432\n    host: db\n",
    });
    expect(out).toContain("    host: db\n");
    expect(out).toContain("    port: 1\n");
  });

  it("imports a child table to a parent path (map form)", () => {
    const out = template({
      "Chart.yaml": chartYaml(
        "app",
        "dependencies:\n- name: db\n  version: 1.x\n  import-values:\n  - child: service\n    parent: database.service\n",
      ),
      ...parentTpl,
      "charts/db/Chart.yaml": chartYaml("db"),
      "charts/db/values.yaml": "service:\n  port: 5432\n",
    });
    expect(out).toContain("    database:\n      service:\n        port: 5432\n");
  });
});

describe("isCompatibleRange", () => {
  it("checks Masterminds constraints and is false for anything unparsable", () => {
    expect(isCompatibleRange("1.x", "1.4.2")).toBe(true);
    expect(isCompatibleRange(">=1.23.0-0", "v1.36.0")).toBe(true);
    expect(isCompatibleRange(">=1.23.0-0", "v1.20.0")).toBe(false);
    expect(isCompatibleRange("", "1.0.0")).toBe(false);
    expect(isCompatibleRange("1.x", "not-a-version")).toBe(false);
  });
});
