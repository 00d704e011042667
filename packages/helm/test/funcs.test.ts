import { MemoryCluster } from "@gitops-kit/core";
import {
  createSprigFuncs,
  seededRandom,
  Template,
  TemplateError,
  TemplateLimitError,
} from "@gitops-kit/template";
import { describe, expect, it } from "vitest";
import {
  createHelmFuncs,
  fromYaml,
  helmFuncMap,
  LookupCache,
  MAX_INCLUDE_NESTING,
  toToml,
  toYaml,
} from "../src/index.js";

const DATA = {
  v: { a: [1, null] },
  w: { a: [[{ x: 1 }], { y: [1, "s", { z: 2 }] }], "b c": { "": 1, é: '\u0001"\\x' }, d: [] },
  n: { a: { b: { c: { d: 1 } }, e: 2 }, f: [{ g: { h: 1 } }] },
};

const SPRIG = createSprigFuncs({ random: seededRandom(3) });

interface RenderOptions {
  missingKey?: "default" | "zero" | "error";
  helm?: Parameters<typeof createHelmFuncs>[0];
}

/** Render like the oracle: root `gotpl`, Sprig then Helm's functions, the text as template `main`. */
function render(
  text: string,
  data: unknown = DATA,
  options: RenderOptions = {},
): { output?: string; error?: string } {
  const root = new Template("gotpl", { missingKey: options.missingKey ?? "default" }).funcs(SPRIG);
  root.funcs(createHelmFuncs({ template: root, ...options.helm }));
  try {
    root.new("main").parse(text);
    return { output: root.executeTemplate({ name: "main", data: structuredClone(data) }) };
  } catch (err) {
    if (err instanceof TemplateError) return { error: err.message };
    throw err;
  }
}

interface Row {
  t: string;
  output?: string;
  error?: string;
}

/** Answers of the Go oracle (Go 1.19, Sprig v3.2.3, go-yaml v2.4.0, BurntSushi/toml v1.2.0, Helm's functions). */
const ORACLE: Row[] = [
  {
    t: "{{ toToml nil }}",
    error:
      'template: main:1:3: executing "main" at <toToml nil>: error calling toToml: reflect: call of reflect.Value.Type on zero Value',
  },
  { t: "{{ toToml .v }}", output: "toml: cannot encode array with nil element" },
  {
    t: "{{ toToml .w }}",
    output:
      'a = [[{x = 1.0}], {y = [1.0, "s", {z = 2.0}]}]\nd = []\n\n["b c"]\n  "" = 1.0\n  "\u00e9" = "\\u0001\\"\\\\x"\n',
  },
  {
    t: "{{ toToml .n }}",
    output: "[a]\n  e = 2.0\n  [a.b]\n    [a.b.c]\n      d = 1.0\n\n[[f]]\n  [f.g]\n    h = 1.0\n",
  },
  {
    t: '{{ toToml (dict "f" 1e21 "g" 1e-7 "h" (int64 5) "i" (float64 "nan") "j" (float64 "-inf") "k" 0.1) }}',
    output: "f = 1000000000000000000000.0\ng = 0.0000001\nh = 5\ni = nan\nj = -inf\nk = 0.1\n",
  },
  { t: '{{ toToml (list (dict "a" 1)) }}', output: "toml: top-level values must be Go maps or structs" },
  { t: '{{ toToml (dict "l" (list (list 1 2) (list "a"))) }}', output: 'l = [[1, 2], ["a"]]\n' },
  { t: '{{ toToml (dict "e" (dict)) }}', output: "[e]\n" },
  { t: '{{ toToml (dict "e" (dict) "x" 1) }}', output: "x = 1\n\n[e]\n" },
  { t: '{{ toToml (dict "a" (list (dict) (dict "b" 1))) }}', output: "[[a]]\n\n[[a]]\n  b = 1\n" },
  { t: '{{ toToml (dict "a" (list (dict "b" nil))) }}', output: "[[a]]\n" },
  { t: '{{ toToml (split "," "a,b") }}', output: '_0 = "a"\n_1 = "b"\n' },
  { t: '{{ toToml (dict "s" (splitList "," "a,b")) }}', output: 's = ["a", "b"]\n' },
  { t: '{{ toToml (dict "b" (b64dec "aGk=" | toString)) }}', output: 'b = "hi"\n' },
  { t: '{{ toToml (dict "x" (list (list (dict "a" 1 "b" nil)) 2)) }}', output: "x = [[{a = 1, }], 2]\n" },
  {
    t: '{{ toToml (dict "x" (list (dict "a" 1 "s" (dict "q" 1)) 2)) }}',
    output: "x = [{a = 1, s = {q = 1}}, 2]\n",
  },
  { t: '{{ toToml (dict "a.b" 1 "c d" (dict "e.f" 2)) }}', output: '"a.b" = 1\n\n["c d"]\n  "e.f" = 2\n' },
  { t: '{{ toToml (dict "x" (list 1 nil)) }}', output: "toml: cannot encode array with nil element" },
  { t: "{{ toToml 5 }}", output: "toml: top-level values must be Go maps or structs" },
  {
    t: '{{ toToml (dict "f" (float64 "1e300")) }}',
    output:
      "f = 1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.0\n",
  },
  { t: '{{ toToml (dict "f" 123456789.125) }}', output: "f = 123456789.125\n" },
  { t: '{{ toToml (dict "u" (list)) }}', output: "u = []\n" },
  {
    t: '{{ toYaml (dict "a" (int64 9007199254740993) "b" (list (int 1) (float64 2.5)) "c" (splitList "," "x,y")) }}',
    output: 'a: 9007199254740993\nb:\n- 1\n- 2.5\nc:\n- x\n- "y"',
  },
  { t: '{{ toYaml (b64dec "aGk=") }}', output: "hi" },
  { t: "{{ toYaml 1e20 }}", output: "1e+20" },
  { t: "{{ toYaml 9223372036854775807 }}", output: "9223372036854775807" },
  { t: '{{ toYaml (float64 "9223372036854775808") }}', output: "9223372036854776000" },
  { t: "{{ toYaml -0.0 }}", output: "0" },
  { t: '{{ toYaml (float64 "nan") }}', output: "" },
  { t: '{{ toYaml (dict "a" (float64 "inf")) }}', output: "" },
  { t: '{{ toYaml "a\\u007fb" }}', output: "" },
  { t: '{{ toYaml "<&>" }}', output: "<&>" },
  { t: "{{ toYaml (list) }}", output: "[]" },
  { t: "{{ toYaml (dict) }}", output: "{}" },
  { t: "{{ toYaml nil }}", output: "null" },
  { t: '{{ toYaml "" }}', output: '""' },
  { t: '{{ toYaml (list nil "" "~" "null") }}', output: '- null\n- ""\n- "~"\n- "null"' },
  { t: '{{ toJson (float64 "nan") }}', output: "" },
  { t: '{{ toJson (dict "b" 1 "a" (list 1.5 "x" nil true)) }}', output: '{"a":[1.5,"x",null,true],"b":1}' },
  { t: '{{ fromJson "{\\"a\\":1" }}', output: "map[Error:unexpected end of JSON input]" },
  { t: '{{ fromJson "null" }}', output: "map[]" },
  { t: '{{ fromJsonArray "null" }}', output: "[]" },
  { t: '{{ fromJsonArray "[1,2" }}', output: "[unexpected end of JSON input]" },
  {
    t: '{{ fromJson "[1]" }}',
    output: "map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}]",
  },
  { t: '{{ fromJson "{\\"a\\":1} x" }}', output: "map[Error:invalid character 'x' after top-level value]" },
  { t: '{{ fromYaml "a: 1\\n---\\nb: [" }}', output: "map[a:1]" },
  { t: '{{ fromYaml "---\\na: 1\\n---\\nb: 2" }}', output: "map[a:1]" },
  { t: '{{ fromYaml "# c\\n---\\na: 1" }}', output: "map[a:1]" },
  { t: '{{ fromYaml "a: 1\\n...\\nb: 2" }}', output: "map[a:1]" },
  { t: '{{ fromYaml "" | len }}', output: "0" },
  { t: '{{ fromYaml "~" }}', output: "map[]" },
  {
    t: '{{ fromYaml "a: 0o17\\nb: 1_000\\nc: +12\\nd: 0b101\\ne: -0x1F\\nf: .5\\ng: 1:20\\nh: Yes\\ni: NULL\\nj: y" }}',
    output: "map[a:15 b:1000 c:12 d:5 e:-31 f:0.5 g:1:20 h:true i:<nil> j:true]",
  },
  {
    t: '{{ fromYaml "a: 9223372036854775808\\nb: -9223372036854775809" }}',
    output: "map[a:9.223372036854776e+18 b:-9.223372036854776e+18]",
  },
  { t: '{{ fromYaml "<<: {a: 1}\\nb: 2\\na: 3" }}', output: "map[a:3 b:2]" },
  { t: '{{ fromYaml "a: 2001-12-14t21:59:43.10-05:00" }}', output: "map[a:2001-12-14t21:59:43.10-05:00]" },
  { t: '{{ fromYamlArray "- a\\n- 1.0\\n- [x]" }}', output: "[a 1 [x]]" },
  { t: '{{ typeOf (index (fromYamlArray "- 1") 0) }}', output: "float64" },
  { t: '{{ fromYaml "a: !!binary aGk=" }}', output: "map[a:hi]" },
  { t: '{{ fromYaml "a: !!float 1" | toJson }}', output: '{"a":1}' },
  { t: '{{ fromYaml "a: \\"\\\\x41\\"" }}', output: "map[a:A]" },
  {
    t: '{{ required "x" "" }}',
    error: 'template: main:1:3: executing "main" at <required "x" "">: error calling required: x',
  },
  { t: '{{ required "x" 0 }}', output: "0" },
  { t: '{{ required "x" (list) }}', output: "[]" },
  {
    t: '{{ fail "boom" }}',
    error: 'template: main:1:3: executing "main" at <fail "boom">: error calling fail: boom',
  },
  {
    t: '{{ include "T" . }}',
    error:
      'template: main:1:3: executing "main" at <include "T" .>: error calling include: template: no template "T" associated with template "gotpl"',
  },
  { t: '{{ define "T" }}t{{ . }}{{ end }}{{ include "T" 1 }}{{ include "T" nil }}', output: "t1t<no value>" },
  {
    t: '{{ define "T" }}{{ template "U" . }}{{ end }}{{ define "U" }}u{{ end }}{{ include "T" . }}',
    output: "u",
  },
  {
    t: '{{ tpl "{{ define \\"x\\" }}X{{ end }}" . }}{{ include "x" . }}',
    error:
      'template: main:1:45: executing "main" at <include "x" .>: error calling include: template: no template "x" associated with template "gotpl"',
  },
  { t: '{{ tpl "{{ define \\"x\\" }}X{{ end }}{{ template \\"x\\" }}" . }}', output: "X" },
  { t: '{{ tpl "" . }}', output: "" },
  {
    t: '{{ tpl "{{ .missing.x }}" . }}',
    error:
      'template: main:1:3: executing "main" at <tpl "{{ .missing.x }}" .>: error calling tpl: error during tpl function execution for "{{ .missing.x }}": template: gotpl:1:11: executing "gotpl" at <.missing.x>: nil pointer evaluating interface {}.x',
  },
  { t: '{{ tpl "{{ .a }}" (dict "a" 1) }}{{ tpl "{{ .a }}" (dict "a" 2) }}', output: "12" },
  {
    t: '{{ tpl "{{ include \\"nope\\" . }}" . }}',
    error:
      'template: main:1:3: executing "main" at <tpl "{{ include \\"nope\\" . }}" .>: error calling tpl: error during tpl function execution for "{{ include \\"nope\\" . }}": template: gotpl:1:3: executing "gotpl" at <include "nope" .>: error calling include: template: no template "nope" associated with template "gotpl"',
  },
  {
    t: '{{ tpl "{{ tpl \\"{{ fail \\\\\\"deep\\\\\\" }}\\" . }}" . }}',
    error:
      'template: main:1:3: executing "main" at <tpl "{{ tpl \\"{{ fail \\\\\\"deep\\\\\\" }}\\" . }}" .>: error calling tpl: error during tpl function execution for "{{ tpl \\"{{ fail \\\\\\"deep\\\\\\" }}\\" . }}": template: gotpl:1:3: executing "gotpl" at <tpl "{{ fail \\"deep\\" }}" .>: error calling tpl: error during tpl function execution for "{{ fail \\"deep\\" }}": template: gotpl:1:3: executing "gotpl" at <fail "deep">: error calling fail: deep',
  },
  {
    t: '{{ tpl "{{ nofunc }}" . }}',
    error:
      'template: main:1:3: executing "main" at <tpl "{{ nofunc }}" .>: error calling tpl: cannot parse template "{{ nofunc }}": template: gotpl:1: function "nofunc" not defined',
  },
  { t: '{{ tpl "{{ . | quote }}" nil }}', output: "" },
  { t: '{{ define "main2" }}m{{ end }}{{ tpl "{{ include \\"main2\\" . }}" . }}', output: "m" },
  { t: '{{ lookup "v1" "Secret" "" "" }}', output: "map[]" },
  { t: '{{ lookup "v1" "Secret" "ns" "" | len }}', output: "0" },
  {
    t: '{{ toYaml (dict "s" "yes" "n" "1.0" "m" "a\\nb\\n" "l" "word word word word word word word word word word word word word word word word word") }}',
    output:
      'l: word word word word word word word word word word word word word word word word\n  word\nm: |\n  a\n  b\n"n": "1.0"\ns: "yes"',
  },
  {
    t: '{{ toYaml (dict "list" (list (dict "a" 1 "b" (list 1 2)) (list 3 (list)))) }}',
    output: "list:\n- a: 1\n  b:\n  - 1\n  - 2\n- - 3\n  - []",
  },
  {
    t: '{{ toYaml (dict "k" (dict "z" 1 "a" 2 "10" 3 "9" 4)) }}',
    output: 'k:\n  "9": 4\n  "10": 3\n  a: 2\n  z: 1',
  },
  {
    t: "{{ toYaml (list (int64 9223372036854775807) (int64 -9223372036854775808) 1.5 1e-7) }}",
    output: "- 9223372036854775807\n- -9223372036854775808\n- 1.5\n- 1e-07",
  },
  { t: '{{ toYaml (float64 "1e21") }}', output: "1e+21" },
  { t: '{{ toYaml (dict "t" true "f" false "n" nil) }}', output: 'f: false\n"n": null\nt: true' },
  { t: '{{ toYaml (dict "b" (b64dec "AP8=")) }}', output: 'b: "\\0\ufffd"' },
  {
    t: '{{ fromJson "{\\"a\\": 1e400}" }}',
    output: "map[Error:json: cannot unmarshal number 1e400 into Go value of type float64 a:<nil>]",
  },
  { t: '{{ fromJsonArray "[1, \\"x\\", {\\"a\\": null}]" }}', output: "[1 x map[a:<nil>]]" },
  { t: '{{ toJson (fromYaml "a: 1.0\\nb: 1e2\\nc: 0.1") }}', output: '{"a":1,"b":100,"c":0.1}' },
  {
    t: '{{ required "need" nil }}',
    error: 'template: main:1:3: executing "main" at <required "need" nil>: error calling required: need',
  },
  {
    t: '{{ .missing | required "piped" }}',
    error: 'template: main:1:14: executing "main" at <required "piped">: error calling required: piped',
  },
  { t: '{{ tpl "{{ .Values.nope }}" (dict "Values" (dict)) }}', output: "" },
];

describe("Helm's functions against the Go oracle", () => {
  for (const row of ORACLE) {
    it(row.t, () => {
      expect(render(row.t)).toEqual(row.error !== undefined ? { error: row.error } : { output: row.output });
    });
  }
});

describe("fromYaml errors", () => {
  it("reports a syntax error inside the result with Go's prefix", () => {
    const m = fromYaml("a: [1, 2");
    expect(Object.keys(m)).toEqual(["Error"]);
    expect(m.Error).toMatch(/^error converting YAML to JSON: yaml: line 1: /);
  });

  it("reads only the first document, as go-yaml's Unmarshal", () => {
    expect(fromYaml("a: 1\n---\nb: [")).toEqual({ a: 1 });
    expect(fromYaml("---\n---\nb: 2")).toEqual({});
  });
});

describe("toYaml and toToml as functions", () => {
  it("return Helm's text directly", () => {
    expect(toYaml({ b: [1, "on"], a: "x" })).toBe('a: x\nb:\n- 1\n- "on"');
    expect(toYaml(Number.NaN)).toBe("");
    expect(toToml({ a: { b: 1 } })).toBe("[a]\n  b = 1.0\n");
    expect(toToml("x")).toBe("toml: top-level values must be Go maps or structs");
  });
});

describe("required and fail", () => {
  it("wrap their message in Helm's markers when asked", () => {
    const opts = { helm: { errorMarkers: true } };
    expect(render('{{ required "need x" .x }}', {}, opts).error).toBe(
      'template: main:1:3: executing "main" at <required "need x" .x>: error calling required: HELM_ERR_STARTneed xHELM_ERR_END',
    );
    expect(render('{{ fail "stop" }}', {}, opts).error).toBe(
      'template: main:1:3: executing "main" at <fail "stop">: error calling fail: HELM_ERR_STARTstopHELM_ERR_END',
    );
  });
});

describe("include and tpl", () => {
  it("stops runaway recursion with Helm's error or a limit error, never a stack overflow", () => {
    const root = new Template("gotpl").funcs(SPRIG);
    root.funcs(createHelmFuncs({ template: root }));
    root.new("main").parse('{{ define "T" }}{{ include "T" . }}{{ end }}{{ include "T" . }}');
    let caught: unknown;
    try {
      root.executeTemplate({ name: "main", data: {} });
    } catch (e) {
      caught = e;
    }
    // Whether 1001 nested includes fit depends on the JavaScript stack (optimised frames are smaller).
    if (caught instanceof TemplateLimitError) return;
    expect(caught).toBeInstanceOf(TemplateError);
    expect((caught as Error).message).toMatch(
      /error calling include: rendering template has a nested reference name: T: unable to execute template$/,
    );
  });

  it("allows Helm's nesting depth per name", () => {
    expect(MAX_INCLUDE_NESTING).toBe(1000);
  });

  it("runs tpl with missingkey zero, or error in strict mode, whatever the caller's mode", () => {
    const data = { Values: { name: "web" } };
    expect(render('{{ tpl "[{{ .Values.nope }}]" . }}', data, { missingKey: "default" })).toEqual({
      output: "[]",
    });
    expect(
      render('{{ tpl "[{{ .Values.nope }}]" . }}', data, { missingKey: "default", helm: { strict: true } })
        .error,
    ).toBe(
      'template: main:1:3: executing "main" at <tpl "[{{ .Values.nope }}]" .>: error calling tpl: error during tpl function execution for "[{{ .Values.nope }}]": template: gotpl:1:11: executing "gotpl" at <.Values.nope>: map has no entry for key "nope"',
    );
  });

  it("keeps defines made inside tpl local to that call", () => {
    expect(render('{{ tpl "{{ define \\"x\\" }}X{{ end }}" . }}{{ include "x" . }}', {}).error).toBe(
      'template: main:1:45: executing "main" at <include "x" .>: error calling include: template: no template "x" associated with template "gotpl"',
    );
  });

  it("never lets a tpl's defines reach a later tpl, even when set copies are reused", () => {
    expect(
      render(
        '{{ tpl "a" . }}{{ tpl "{{ define \\"y\\" }}Y{{ end }}" . }}{{ tpl "{{ include \\"y\\" . }}" . }}',
        {},
      ),
    ).toEqual({
      error:
        'template: main:1:60: executing "main" at <tpl "{{ include \\"y\\" . }}" .>: error calling tpl: error during tpl function execution for "{{ include \\"y\\" . }}": template: gotpl:1:3: executing "gotpl" at <include "y" .>: error calling include: template: no template "y" associated with template "gotpl"',
    });
  });

  it("sees templates added to the set after an earlier tpl call", () => {
    const root = new Template("gotpl").funcs(SPRIG);
    root.funcs(createHelmFuncs({ template: root }));
    root.new("a").parse('{{ define "x" }}1{{ end }}');
    root.new("main").parse('{{ tpl "{{ include \\"x\\" . }}" . }}');
    expect(root.executeTemplate({ name: "main", data: {} })).toBe("1");
    root.new("b").parse('{{ define "x" }}2{{ end }}');
    expect(root.executeTemplate({ name: "main", data: {} })).toBe("2");
  });

  it("names the root in include's error after the set's root template", () => {
    const root = new Template("custom").funcs(SPRIG);
    root.funcs(createHelmFuncs({ template: root }));
    root.new("main").parse('{{ include "nope" . }}');
    expect(() => root.executeTemplate({ name: "main", data: {} })).toThrow(
      'error calling include: template: no template "nope" associated with template "custom"',
    );
  });

  it("is what the conformance hook installs", () => {
    const root = new Template("gotpl");
    expect(Object.keys(helmFuncMap({ template: root, strict: false })).sort()).toEqual(
      Object.keys(createHelmFuncs()).sort(),
    );
  });
});

describe("lookup", () => {
  const cluster = new MemoryCluster();
  cluster.applySync({
    fieldManager: "test",
    objects: [
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "cfg", namespace: "default" },
        data: { k: "v" },
      },
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "default" },
        spec: { replicas: 3 },
      },
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } },
    ],
  });
  const withCluster = { helm: { cluster } };

  it("returns an empty map without a cluster, like helm template", () => {
    expect(render('{{ lookup "v1" "ConfigMap" "default" "cfg" }}', {})).toEqual({ output: "map[]" });
  });

  it("reads one object, with integers as int64", () => {
    expect(render('{{ (lookup "v1" "ConfigMap" "default" "cfg").data.k }}', {}, withCluster)).toEqual({
      output: "v",
    });
    expect(
      render(
        '{{ $d := lookup "apps/v1" "Deployment" "default" "web" }}{{ typeOf $d.spec.replicas }} {{ eq $d.spec.replicas 3 }}',
        {},
        withCluster,
      ),
    ).toEqual({ output: "int64 true" });
  });

  it("gives an empty map for a missing object", () => {
    expect(render('{{ lookup "v1" "ConfigMap" "default" "nope" }}', {}, withCluster)).toEqual({
      output: "map[]",
    });
  });

  it("finds cluster-scoped objects without a namespace, and namespaced ones only with one", () => {
    expect(render('{{ (lookup "v1" "Namespace" "" "team").metadata.name }}', {}, withCluster)).toEqual({
      output: "team",
    });
    expect(render('{{ lookup "v1" "ConfigMap" "" "cfg" }}', {}, withCluster)).toEqual({ output: "map[]" });
  });

  it("lists objects when the name is empty", () => {
    expect(
      render(
        '{{ $l := lookup "v1" "ConfigMap" "" "" }}{{ $l.kind }} {{ range $l.items }}{{ .metadata.name }}{{ end }}',
        {},
        withCluster,
      ),
    ).toEqual({ output: "ConfigMapList cfg" });
  });

  it("reads an asynchronous adapter through a LookupCache, one round per chain of lookups", async () => {
    const asyncOnly = {
      get: cluster.get.bind(cluster),
      list: cluster.list.bind(cluster),
      apply: cluster.apply.bind(cluster),
      delete: cluster.delete.bind(cluster),
    };
    const cache = new LookupCache(asyncOnly);
    const text =
      '{{ $ns := (lookup "v1" "Namespace" "" "team").metadata }}{{ (lookup "v1" "ConfigMap" "default" "cfg").data.k }}|{{ (lookup "v1" "ConfigMap" "default" "nope") }}|{{ len (lookup "v1" "ConfigMap" "" "").items }}';
    const opts = { helm: { cluster: cache } };
    expect(render(text, {}, opts)).toEqual({ output: "<no value>|map[]|0" });
    expect(await cache.fill()).toBe(true);
    expect(render(text, {}, opts)).toEqual({ output: "v|map[]|1" });
    expect(await cache.fill()).toBe(false);
  });

  it("explains that an adapter without synchronous reads cannot serve lookup", () => {
    const asyncOnly = {
      get: cluster.get.bind(cluster),
      list: cluster.list.bind(cluster),
      apply: cluster.apply.bind(cluster),
      delete: cluster.delete.bind(cluster),
    };
    expect(
      render('{{ lookup "v1" "ConfigMap" "default" "cfg" }}', {}, { helm: { cluster: asyncOnly } }).error,
    ).toMatch(/error calling lookup: lookup needs a cluster adapter with synchronous reads/);
  });
});

/**
 * Answers of a Go program running Helm's `toYamlPretty` (go-yaml v3.0.1 encoder, indent 2) and `fromToml`
 * (BurntSushi/toml `Unmarshal`) with Sprig, TZ=UTC.
 */
const V3_ORACLE: (Row & { data: unknown })[] = [
  {
    t: "{{ toYamlPretty .x }}",
    data: {
      x: {
        y: 1,
        "1.5": "a",
        null: "~",
        true: "yes",
        trail: "a \nb",
        uni: "héllo wörld",
        tab: "a\tb",
        lead: " x",
        colon: "a:b",
        hash: "a #b",
        star: "*x",
        empty: [],
        emptymap: {},
        nested: [[], [{}]],
      },
    },
    output:
      '"1.5": a\ncolon: a:b\nempty: []\nemptymap: {}\nhash: \'a #b\'\nlead: \' x\'\nnested:\n  - []\n  - - {}\n"null": "~"\nstar: \'*x\'\ntab: "a\\tb"\ntrail: "a \\nb"\n"true": "yes"\nuni: héllo wörld\n"y": 1',
  },
  {
    t: '{{ toYamlPretty (dict "a" (float64 "inf") "b" (float64 "-inf") "c" (float64 "nan") "d" (int 7) "e" (int64 -3) "f" 0.1 "g" 100000.0 "h" 1234567.0 "i" 1e21) }}',
    data: {},
    output: "a: .inf\nb: -.inf\nc: .nan\nd: 7\ne: -3\nf: 0.1\ng: 100000\nh: 1.234567e+06\ni: 1e+21",
  },
  {
    t: "{{ toYamlPretty .x }}",
    data: { x: { multi: "line1\nline2\n\n", keep: "a\n\n\n", lead: "  indented\nx", crlf: "a\r\nb" } },
    output:
      'crlf: "a\\r\\nb"\nkeep: |+\n  a\n\n\nlead: |2-\n    indented\n  x\nmulti: |+\n  line1\n  line2\n',
  },
  {
    t: "{{ toYamlPretty .x }}",
    data: { x: [{ a: [{ b: [1, { c: "d\ne" }] }] }] },
    output: "- a:\n    - b:\n        - 1\n        - c: |-\n            d\n            e",
  },
  {
    t: "{{ toYamlPretty .x }}",
    data: {
      x: {
        k: "0123",
        k2: "1e3",
        k3: "0x1F",
        k4: "1_000",
        k5: "2001-12-14",
        k6: "=",
        k7: "<<",
        k8: "-",
        k9: "---",
        k10: "@x",
        k11: "`x",
        k12: "!x",
        k13: "%x",
        k14: "a: ",
        k15: "[x]",
        k16: "{x}",
      },
    },
    output:
      "k: \"0123\"\nk2: \"1e3\"\nk3: \"0x1F\"\nk4: \"1_000\"\nk5: \"2001-12-14\"\nk6: =\nk7: <<\nk8: '-'\nk9: '---'\nk10: '@x'\nk11: '`x'\nk12: '!x'\nk13: '%x'\nk14: 'a: '\nk15: '[x]'\nk16: '{x}'",
  },
  {
    t: "{{ $t := fromToml .s }}{{ $t }}|{{ typeOf $t.fruits }}|{{ typeOf (index $t.fruits 0).varieties }}",
    data: {
      s: '[[fruits]]\nname = "apple"\n[fruits.physical]\ncolor = "red"\n[[fruits.varieties]]\nname = "red delicious"\n[[fruits.varieties]]\nname = "granny smith"\n[[fruits]]\nname = "banana"\n',
    },
    output:
      "map[fruits:[map[name:apple physical:map[color:red] varieties:[map[name:red delicious] map[name:granny smith]]] map[name:banana]]]|[]map[string]interface {}|[]map[string]interface {}",
  },
  {
    t: "{{ $t := fromToml .s }}{{ $t }}|{{ typeOf $t.inline }}|{{ typeOf $t.arr }}",
    data: {
      s: 'inline = { a = 1, b = { c = [1, 2.5, "x"] } }\narr = [{ x = 1 }, { y = 2 }]\nml = """\nline1\nline2"""\nlit = \'C:\\path\'\nsite."google.com" = true\n',
    },
    output:
      "map[arr:[map[x:1] map[y:2]] inline:map[a:1 b:map[c:[1 2.5 x]]] lit:C:\\path ml:line1\nline2 site:map[google.com:true]]|map[string]interface {}|[]interface {}",
  },
  { t: "{{ $t := fromToml .s }}{{ $t }}", data: { s: "# only a comment\n" }, output: "map[]" },
  {
    t: "{{ $t := fromToml .s }}{{ $t.a }} {{ $t.b }} {{ $t.c }} {{ $t.d }}",
    data: { s: "a = 1979-05-27T07:32:00.123+05:30\nb = 0xDEADBEEF\nc = -0.0\nd = 1e3\n" },
    output: "1979-05-27 07:32:00.123 +0530 +0530 3735928559 -0 1000",
  },
  {
    t: "{{ toYamlPretty (fromToml .s) }}",
    data: { s: "a = 1979-05-27T07:32:00.5Z\nb = 1979-05-27\nf = 1.0\nl = [1, 2]\n" },
    output: "a: 1979-05-27T07:32:00.5Z\nb: 1979-05-27T00:00:00Z\nf: 1\nl:\n  - 1\n  - 2",
  },
  {
    t: "{{ toYamlPretty .x }}",
    data: {
      x: {
        b: [1, { z: 1, a: [1, 2] }],
        a: "yes",
        c: 1000000,
        d: "line1\nline2",
        k10: 1,
        k9: 1,
        a1b: 1,
        ab: 2,
      },
    },
    output:
      'a: "yes"\na1b: 1\nab: 2\nb:\n  - 1\n  - a:\n      - 1\n      - 2\n    z: 1\nc: 1e+06\nd: |-\n  line1\n  line2\nk9: 1\nk10: 1',
  },
  {
    t: "{{ toYamlPretty .x }}",
    data: { x: [[1, 2], [], {}, { a: { b: { c: [{ d: "  lead\nx" }] } } }] },
    output:
      "- - 1\n  - 2\n- []\n- {}\n- a:\n    b:\n      c:\n        - d: |2-\n              lead\n            x",
  },
  {
    t: "{{ toYamlPretty .x }}",
    data: {
      x: {
        long: "aaaaaaaaaa bbbbbbbbbbbb cccccccccccccc dddddddddddd eeeeeeeeeeeeeee ffffffffffff gggggggggg hhhhhhhhhhh",
        on: "off",
        n: null,
        e: "",
        q: "- x",
        colon: "a: b",
        f: 1.5,
        g: 0.0001,
        h: 1e-7,
        t: true,
        num: "123",
        multi: "a\n\nb\n",
        empty: {},
      },
    },
    output:
      'colon: \'a: b\'\ne: ""\nempty: {}\nf: 1.5\ng: 0.0001\nh: 1e-07\nlong: aaaaaaaaaa bbbbbbbbbbbb cccccccccccccc dddddddddddd eeeeeeeeeeeeeee ffffffffffff gggggggggg hhhhhhhhhhh\nmulti: |\n  a\n\n  b\n"n": null\nnum: "123"\n"on": "off"\nq: \'- x\'\nt: true',
  },
  {
    t: '{{ toYamlPretty "a\\nb" }}|{{ toYamlPretty 3 }}|{{ toYamlPretty nil }}|{{ toYamlPretty (list) }}|{{ toYamlPretty (dict) }}|{{ toYamlPretty (int64 5) }}|{{ toYamlPretty 2.5 }}',
    data: {},
    output: "|-\n  a\n  b|3|null|[]|{}|5|2.5",
  },
  {
    t: "{{ toYamlPretty .x }}",
    data: { x: { "1": 1, "10": 1, "2": 1, a01: 1, a1: 1, a001: 1, b: { x: [["a", ["b"]]] } } },
    output: '"1": 1\n"2": 1\n"10": 1\na1: 1\na01: 1\na001: 1\nb:\n  x:\n    - - a\n      - - b',
  },
  {
    t: '{{ toYamlPretty (list (dict "name" "a" "ports" (list 80 443)) (dict "name" "b")) }}',
    data: {},
    output: "- name: a\n  ports:\n    - 80\n    - 443\n- name: b",
  },
  {
    t: "{{ $t := fromToml .s }}{{ $t }}|{{ typeOf $t.a }}|{{ typeOf $t.f }}|{{ typeOf $t.arr }}|{{ typeOf $t.tbl }}|{{ typeOf $t.aot }}",
    data: { s: 'a = 1\nf = 1.5\narr = [1, "x", [2]]\n[tbl]\nk = "v"\n[[aot]]\nx = 1\n[[aot]]\nx = 2\n' },
    output:
      "map[a:1 aot:[map[x:1] map[x:2]] arr:[1 x [2]] f:1.5 tbl:map[k:v]]|int64|float64|[]interface {}|map[string]interface {}|[]map[string]interface {}",
  },
  {
    t: "{{ $t := fromToml .s }}{{ $t }}",
    data: {
      s: "a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00.999-07:00\nc = 1979-05-27\nd = 07:32:00.5\ne = 1979-05-27T07:32:00\ng = 1979-05-27T07:32:00+00:00\n",
    },
    output:
      "map[a:1979-05-27 07:32:00 +0000 UTC b:1979-05-27 00:32:00.999 -0700 -0700 c:1979-05-27 00:00:00 +0000 date-local d:0000-01-01 07:32:00.5 +0000 time-local e:1979-05-27 07:32:00 +0000 datetime-local g:1979-05-27 07:32:00 +0000 UTC]",
  },
  {
    t: "{{ $t := fromToml .s }}{{ $t.a.b.c }} {{ typeOf $t.a.b }} {{ $t.inf }} {{ $t.big }} {{ $t.hex }}",
    data: { s: "a.b.c = true\ninf = inf\nbig = 9223372036854775807\nhex = 0xff\n" },
    output: "true map[string]interface {} +Inf 9223372036854775807 255",
  },
  {
    t: "{{ toYamlPretty (fromToml .s) }}",
    data: { s: "a = 1979-05-27T07:32:00Z\nn = 5\n" },
    output: 'a: 1979-05-27T07:32:00Z\n"n": 5',
  },
];

describe("toYamlPretty and fromToml against the Go oracle", () => {
  for (const row of V3_ORACLE) {
    it(row.t, () => {
      expect(render(row.t, row.data)).toEqual({ output: row.output });
    });
  }

  it("reports a TOML syntax error inside the result, with the line", () => {
    const r = render("{{ (fromToml .s).Error }}", { s: "a = 1\nb = \n" });
    expect(r.output).toMatch(/^toml: line 2: /);
  });

  it("keeps integers beyond 2^53 exactly (int64)", () => {
    expect(render("{{ (fromToml .s).n }}", { s: "n = 9007199254740993" })).toEqual({
      output: "9007199254740993",
    });
  });
});

describe("mustToToml", () => {
  it("prints like toToml when the value encodes", () => {
    expect(render('{{ mustToToml (dict "a" 1) }}')).toEqual({ output: "a = 1\n" });
  });

  it("fails the template where toToml prints the encoder's error", () => {
    expect(render("{{ toToml 5 }}")).toEqual({ output: "toml: top-level values must be Go maps or structs" });
    expect(render("{{ mustToToml 5 }}").error).toContain(
      "error calling mustToToml: toml: top-level values must be Go maps or structs",
    );
  });
});
