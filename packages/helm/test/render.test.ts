import { MemoryCluster } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_API_VERSIONS,
  formatHelmError,
  helmTemplate,
  RenderError,
  renderChart,
  splitManifests,
  templateOrder,
} from "../src/index.js";
import { chartFromFiles, chartYaml, template } from "./helpers.js";

function getError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a failure");
}

const app = {
  "Chart.yaml": chartYaml("app", "appVersion: 2.0.0\n"),
  "values.yaml": "name: web\nport: 8080\n",
  "templates/_helpers.tpl": '{{- define "app.name" -}}{{ .Release.Name }}-{{ .Values.name }}{{- end -}}',
  "templates/deploy.yaml":
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.name" . }}\n',
  "templates/svc.yaml":
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "app.name" . }}\nspec:\n  port: {{ .Values.port }}\n',
  "templates/multi.yaml":
    "# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n---\n   \n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n",
  "templates/widget.yaml": "kind: Widget\nmetadata:\n  name: w\n",
  "templates/hook.yaml":
    'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n    "helm.sh/hook-weight": "-5"\n',
  "templates/odd-hook.yaml":
    'kind: Job\nmetadata:\n  name: odd\n  annotations:\n    "helm.sh/hook": sometimes\n',
  "templates/empty.yaml": "{{- if false }}\nkind: Nothing\n{{- end }}\n",
  "templates/NOTES.txt": "Thanks for installing {{ .Chart.Name }}.\n",
  "crds/widgets.yaml": "kind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n",
};

describe("helm template output", () => {
  it("prints manifests in install order with Source headers, then hooks; NOTES, partials and empty documents left out", () => {
    expect(template(app)).toBe(
      [
        "---",
        "# Source: app/templates/multi.yaml",
        // The blank document between two separators leaves its second `---` on the next one, as in Helm.
        "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s",
        "---",
        "# Source: app/templates/multi.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm",
        "---",
        "# Source: app/templates/svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: rel-web\nspec:\n  port: 8080",
        "---",
        "# Source: app/templates/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: rel-web",
        "---",
        "# Source: app/templates/multi.yaml",
        "# only a comment",
        "---",
        "# Source: app/templates/widget.yaml",
        "kind: Widget\nmetadata:\n  name: w",
        "---",
        "# Source: app/templates/hook.yaml",
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n    "helm.sh/hook-weight": "-5"',
        "",
      ].join("\n"),
    );
  });

  it("prints CRDs first with --include-crds and filters with --show-only", () => {
    const out = template(app, { includeCrds: true });
    expect(
      out.startsWith(
        "---\n# Source: app/crds/widgets.yaml\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n\n---\n",
      ),
    ).toBe(true);
    expect(template(app, { showOnly: ["templates/svc.yaml"] })).toBe(
      "---\n# Source: app/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: rel-web\nspec:\n  port: 8080\n",
    );
    expect(template(app, { showOnly: ["templates/d*.yaml", "templates/hook.yaml"] })).toMatch(
      /^---\n# Source: app\/templates\/deploy.yaml\n[\s\S]*---\n# Source: app\/templates\/hook.yaml\n/,
    );
    expect(formatHelmError(getError(() => template(app, { showOnly: ["templates/nope.yaml"] })))).toBe(
      "Error: could not find template templates/nope.yaml in chart\n",
    );
    expect(() => template(app, { showOnly: ["templates/nope.yaml"] })).toThrow(
      "could not find template templates/nope.yaml in chart",
    );
  });

  it("returns manifests, hooks, notes and CRDs from renderChart", () => {
    const r = renderChart({ chart: chartFromFiles(app), release: { name: "rel", namespace: "ns" } });
    expect(r.notes).toBe("Thanks for installing app.\n");
    expect(r.manifests.map((m) => m.head.kind)).toEqual([
      "Secret",
      "ConfigMap",
      "Service",
      "Deployment",
      "",
      "Widget",
    ]);
    expect(r.hooks).toEqual([
      expect.objectContaining({
        name: "migrate",
        kind: "Job",
        path: "app/templates/hook.yaml",
        events: ["pre-install", "pre-upgrade"],
        weight: -5,
      }),
    ]);
    expect(r.crds.map((c) => c.filename)).toEqual(["app/crds/widgets.yaml"]);
    expect(r.values).toEqual({ name: "web", port: 8080 });
  });

  it("drops test hooks with skipTests", () => {
    const files = {
      "Chart.yaml": chartYaml("t"),
      "templates/test.yaml": 'kind: Pod\nmetadata:\n  name: t\n  annotations:\n    "helm.sh/hook": test\n',
    };
    expect(template(files)).toBe(
      '\n---\n# Source: t/templates/test.yaml\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    "helm.sh/hook": test\n',
    );
    expect(template(files, { skipTests: true })).toBe("\n");
  });
});

describe("template scope", () => {
  // The expression's output as a block scalar, so that any text keeps the document valid YAML.
  const show = (expr: string, extra: Record<string, string> = {}, options = {}) => {
    const out = template(
      {
        "Chart.yaml": chartYaml("demo", 'appVersion: "1.2"\nannotations:\n  team: x\n'),
        "templates/out.yaml": `v: |-\n  ${expr}\n`,
        ...extra,
      },
      options,
    );
    const prefix = "---\n# Source: demo/templates/out.yaml\nv: |-\n  ";
    expect(out.startsWith(prefix)).toBe(true);
    return `v: ${out.slice(prefix.length, -1)}`;
  };

  it("exposes .Release, .Chart, .Template and .Capabilities like Helm", () => {
    expect(
      show(
        "{{ .Release.Name }}/{{ .Release.Namespace }}/{{ .Release.Revision }}/{{ .Release.IsInstall }}/{{ .Release.IsUpgrade }}/{{ .Release.Service }}",
      ),
    ).toBe("v: rel/ns/1/true/false/Helm");
    expect(
      show(
        '{{ printf "%T" .Release.Revision }} {{ .Chart.Name }} {{ .Chart.Version }} {{ .Chart.AppVersion }} {{ .Chart.IsRoot }} {{ .Chart.Annotations.team }}',
      ),
    ).toBe("v: int demo 1.0.0 1.2 true x");
    expect(show("{{ .Template.Name }} {{ .Template.BasePath }}")).toBe(
      "v: demo/templates/out.yaml demo/templates",
    );
    expect(
      show(
        "{{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.GitVersion }} {{ .Capabilities.KubeVersion.Minor }} {{ .Capabilities.KubeVersion }}",
      ),
    ).toBe("v: v1.36.0 v1.36.0 36 v1.36.0");
    expect(
      show(
        '{{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "apps/v1/Deployment" }} {{ .Capabilities.APIVersions.Has "x.io/v1" }}',
        {},
        { apiVersions: ["x.io/v1"] },
      ),
    ).toBe("v: true false true");
    expect(show("{{ .Capabilities.KubeVersion.Version }}", {}, { kubeVersion: "1.29" })).toBe("v: v1.29");
    expect(show("{{ .Capabilities.HelmVersion.Version }}")).toBe("v: v3.21.4");
    expect(DEFAULT_API_VERSIONS).toHaveLength(55);
  });

  it("exposes .Files with Get, GetBytes, Glob, Lines, AsConfig and AsSecrets", () => {
    const files = {
      "conf/a.ini": "x=1\n",
      "conf/b.ini": "y=2\n",
      "conf/sub/c.ini": "z\n",
      "lines.txt": "one\ntwo\n",
    };
    expect(show('{{ .Files.Get "conf/a.ini" | quote }}', files)).toBe('v: "x=1\\n"');
    expect(show('{{ .Files.Get "missing" | quote }} {{ len (.Files.GetBytes "lines.txt") }}', files)).toBe(
      'v: "" 8',
    );
    expect(show('{{ range $k, $v := .Files.Glob "conf/*.ini" }}{{ $k }};{{ end }}', files)).toBe(
      "v: conf/a.ini;conf/b.ini;",
    );
    expect(show('{{ range $k, $v := .Files.Glob "conf/**" }}{{ $k }};{{ end }}', files)).toBe(
      "v: conf/a.ini;conf/b.ini;conf/sub/c.ini;",
    );
    expect(show('{{ range .Files.Lines "lines.txt" }}[{{ . }}]{{ end }}', files)).toBe("v: [one][two]");
    expect(show('\n{{ (.Files.Glob "conf/*.ini").AsConfig | indent 2 }}', files)).toBe(
      "v: \n  a.ini: |\n    x=1\n  b.ini: |\n    y=2",
    );
    expect(show('{{ (.Files.Glob "conf/a.ini").AsSecrets }}', files)).toBe("v: a.ini: eD0xCg==");
  });

  it("scopes .Values to each subchart and exposes .Subcharts", () => {
    const out = template({
      "Chart.yaml": chartYaml("top"),
      "values.yaml": "db:\n  size: 5Gi\nglobal:\n  env: prod\n",
      "templates/a.yaml":
        "v: {{ .Subcharts.db.Values.size }} {{ .Subcharts.db.Chart.Name }} {{ .Subcharts.db.Chart.IsRoot }}\n",
      "charts/db/Chart.yaml": chartYaml("db"),
      "charts/db/values.yaml": "size: 1Gi\nuser: app\n",
      "charts/db/templates/b.yaml":
        "v: {{ .Values.size }} {{ .Values.user }} {{ .Values.global.env }} {{ .Template.BasePath }}\n",
    });
    expect(out).toContain("# Source: top/templates/a.yaml\nv: 5Gi db false\n");
    expect(out).toContain(
      "# Source: top/charts/db/templates/b.yaml\nv: 5Gi app prod top/charts/db/templates\n",
    );
  });

  it("prints missing values as nothing (missingkey=zero and <no value> removed) and numbers as float64", () => {
    expect(
      show("[{{ .Values.nope }}] {{ .Values.big }} {{ .Values.big | toYaml }} {{ .Values.big | int }}", {
        "values.yaml": "big: 1000000\n",
      }),
    ).toBe("v: [] 1e+06 1000000 1000000");
    expect(show('{{ hasKey .Values "big" }} {{ typeOf .Values }}', { "values.yaml": "big: 1\n" })).toBe(
      "v: true map[string]interface {}",
    );
  });

  it("renders a library chart's partials for its users but none of its templates", () => {
    const out = template({
      "Chart.yaml": chartYaml("user"),
      "templates/a.yaml": 'v: {{ include "lib.hello" . }}\n',
      "charts/lib/Chart.yaml": chartYaml("lib", "type: library\n"),
      "charts/lib/templates/_hello.tpl": '{{ define "lib.hello" }}hello from lib{{ end }}',
      "charts/lib/templates/ignored.yaml": "kind: Ignored\n",
    });
    expect(out).toBe("---\n# Source: user/templates/a.yaml\nv: hello from lib\n");
    expect(() => template({ "Chart.yaml": chartYaml("lib", "type: library\n") })).toThrow(
      "library charts are not installable",
    );
  });

  it("lets a parent's define win over a subchart's define of the same name", () => {
    const out = template({
      "Chart.yaml": chartYaml("top"),
      "templates/_h.tpl": '{{ define "name" }}top{{ end }}',
      "templates/a.yaml": 'v: {{ include "name" . }}\n',
      "charts/sub/Chart.yaml": chartYaml("sub"),
      "charts/sub/templates/_h.tpl": '{{ define "name" }}sub{{ end }}',
      "charts/sub/templates/b.yaml": 'v: {{ include "name" . }}\n',
    });
    expect(out).toBe(
      "---\n# Source: top/charts/sub/templates/b.yaml\nv: top\n---\n# Source: top/templates/a.yaml\nv: top\n",
    );
  });
});

describe("lookup", () => {
  it("reads the cluster given to the renderer, and is empty without one", () => {
    const cluster = new MemoryCluster();
    cluster.applySync({
      fieldManager: "test",
      objects: [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" } },
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "db", namespace: "ns" },
          data: { password: "c2VjcmV0" },
        },
      ],
    });
    const files = {
      "Chart.yaml": chartYaml("l"),
      "templates/s.yaml": [
        '{{- $s := lookup "v1" "Secret" .Release.Namespace "db" }}',
        "kind: Secret",
        "data:",
        "  password: {{ if $s }}{{ $s.data.password }}{{ else }}generated{{ end }}",
        "",
      ].join("\n"),
    };
    expect(template(files, { cluster })).toContain("password: c2VjcmV0");
    expect(template(files)).toContain("password: generated");
  });
});

describe("errors like Helm's", () => {
  const failing = (body: string, extra: Record<string, string> = {}) => {
    try {
      template({ "Chart.yaml": chartYaml("app"), "templates/t.yaml": body, ...extra });
    } catch (err) {
      return err;
    }
    throw new Error("expected a failure");
  };

  it("reports fail and required with the template location", () => {
    const err = failing('a: 1\n{{ fail "stop here" }}\n') as RenderError;
    expect(err).toBeInstanceOf(RenderError);
    expect(err.message).toBe("execution error at (app/templates/t.yaml:2:3): stop here");
    expect([err.template, err.line, err.column]).toEqual(["app/templates/t.yaml", 2, 3]);
    expect(formatHelmError(err)).toBe(
      "Error: execution error at (app/templates/t.yaml:2:3): stop here\n\nUse --debug flag to render out invalid YAML\n",
    );
    const viaInclude = failing('{{ include "x" . }}', {
      "templates/_x.tpl": '{{ define "x" }}{{ required "need .Values.name" .Values.name }}{{ end }}',
    });
    expect((viaInclude as Error).message).toBe(
      "execution error at (app/templates/t.yaml:1:3): need .Values.name",
    );
  });

  it("reports other execution and parse errors in Helm's shapes", () => {
    expect((failing("{{ .Values.x.y.z }}", { "values.yaml": "x: 1\n" }) as Error).message).toBe(
      'template: app/templates/t.yaml:1:10: executing "app/templates/t.yaml" at <.Values.x.y.z>: can\'t evaluate field y in type interface {}',
    );
    expect((failing("{{ if }}") as Error).message).toBe(
      "parse error at (app/templates/t.yaml:1): missing value for if",
    );
    expect((failing("{{ .Values.nope.deeper }}") as Error).message).toBe(
      'template: app/templates/t.yaml:1:10: executing "app/templates/t.yaml" at <.Values.nope.deeper>: nil pointer evaluating interface {}.deeper',
    );
    expect((failing('{{ include "nope" . }}') as Error).message).toBe(
      'template: app/templates/t.yaml:1:3: executing "app/templates/t.yaml" at <include "nope" .>: error calling include: template: no template "nope" associated with template "gotpl"',
    );
  });

  it("checks the chart's kubeVersion against the capabilities", () => {
    const files = { "Chart.yaml": chartYaml("k", "kubeVersion: '>=1.30.0-0'\n") };
    expect(() => template(files, { kubeVersion: "v1.29.3" })).toThrow(
      "chart requires kubeVersion: >=1.30.0-0 which is incompatible with Kubernetes v1.29.3",
    );
    expect(template(files)).toBe("\n");
    expect(() => template(files, { kubeVersion: "banana" })).toThrow(/^invalid kube version 'banana': /);
  });

  it("reports rendered documents that are not YAML", () => {
    expect((failing("a: [\n") as Error).message).toMatch(
      /^YAML parse error on app\/templates\/t.yaml: error converting YAML to JSON: yaml: line \d+: /,
    );
    expect((failing("kind: 5\n") as Error).message).toBe(
      "YAML parse error on app/templates/t.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number into Go struct field SimpleHead.kind of type string",
    );
  });

  it("validates the release name", () => {
    const chart = chartFromFiles({ "Chart.yaml": chartYaml("named") });
    expect(() => helmTemplate({ chart, releaseName: "Bad_Name" })).toThrow(
      /^release name "Bad_Name": invalid release name, must match regex/,
    );
    expect(() => helmTemplate({ chart, releaseName: "a".repeat(54) })).toThrow(
      /the length must not be longer than 53/,
    );
  });
});

describe("helpers", () => {
  it("orders templates like Helm's engine: deepest paths first, then reverse name order", () => {
    expect(
      templateOrder(["a/templates/x.yaml", "a/charts/b/templates/y.yaml", "a/templates/z.yaml"]),
    ).toEqual(["a/charts/b/templates/y.yaml", "a/templates/z.yaml", "a/templates/x.yaml"]);
  });

  it("splits manifests on --- lines like Helm", () => {
    expect(splitManifests("\n---\na: 1\n---   \nb: 2\n--- # c\nc: 3\n")).toEqual([
      "a: 1",
      "b: 2",
      "# c\nc: 3",
    ]);
  });
});
