import { describe, expect, it } from "vitest";
import {
  defineContextFunc,
  defineFunc,
  defineMethod,
  type FuncDef,
  GoPointer,
  goInt,
  goInt64,
  goTypeName,
  MAP_STRING_STRING,
  type MissingKeyMode,
  renderTemplate,
  sliceOf,
  structType,
  T,
  Template,
  TemplateError,
  TemplateExecError,
  typedMap,
  typedSlice,
  withType,
} from "../src/index.js";

const DATA = {
  str: "hello",
  num: 42,
  float: 3.14159,
  big: 1000000,
  list: [1, "a", null, 2.5],
  map: { b: 2, a: "x", c: null },
  nested: { a: { b: [10, 20] } },
  nil: null,
  uni: "héllo",
  e: [],
  m: {},
};

interface Row {
  t: string;
  mk?: MissingKeyMode;
  output?: string;
  error?: string;
  phase?: string;
}

/** Expected values are the Go 1.19 oracle's answers for DATA. */
const ORACLE: Row[] = [
  {
    t: "{{ . }}",
    output:
      "map[big:1e+06 e:[] float:3.14159 list:[1 a <nil> 2.5] m:map[] map:map[a:x b:2 c:<nil>] nested:map[a:map[b:[10 20]]] nil:<nil> num:42 str:hello uni:héllo]",
  },
  { t: "{{ .str }} {{ .num }} {{ .float }} {{ .big }}", output: "hello 42 3.14159 1e+06" },
  { t: "{{ .missing }}", output: "<no value>" },
  { t: "{{ .nil }}", output: "<no value>" },
  { t: "{{ .list }} {{ .map }}", output: "[1 a <nil> 2.5] map[a:x b:2 c:<nil>]" },
  {
    t: "{{ .str.x }}",
    error: 'template: main:1:7: executing "main" at <.str.x>: can\'t evaluate field x in type interface {}',
    phase: "exec",
  },
  {
    t: "{{ .nil.x }}",
    error: 'template: main:1:7: executing "main" at <.nil.x>: nil pointer evaluating interface {}.x',
    phase: "exec",
  },
  { t: "{{ .missing.x }}", output: "<no value>" },
  {
    t: "{{ .missing.x }}",
    mk: "zero",
    error: 'template: main:1:11: executing "main" at <.missing.x>: nil pointer evaluating interface {}.x',
    phase: "exec",
  },
  {
    t: "{{ .missing.x }}",
    mk: "error",
    error: 'template: main:1:11: executing "main" at <.missing.x>: map has no entry for key "missing"',
    phase: "exec",
  },
  {
    t: "{{ .map.zz }}",
    mk: "error",
    error: 'template: main:1:7: executing "main" at <.map.zz>: map has no entry for key "zz"',
    phase: "exec",
  },
  {
    t: "{{ $x := 1 }}{{ $x.y }}",
    error: 'template: main:1:18: executing "main" at <$x.y>: can\'t evaluate field y in type int',
    phase: "exec",
  },
  {
    t: "{{ $x := .str }}{{ $x.y }}",
    error: 'template: main:1:21: executing "main" at <$x.y>: can\'t evaluate field y in type string',
    phase: "exec",
  },
  {
    t: "{{ range .list }}{{ .y }}{{ end }}",
    error: 'template: main:1:20: executing "main" at <.y>: can\'t evaluate field y in type interface {}',
    phase: "exec",
  },
  {
    t: "{{ with .str }}{{ .y }}{{ end }}",
    error: 'template: main:1:18: executing "main" at <.y>: can\'t evaluate field y in type string',
    phase: "exec",
  },
  { t: "{{ range $i, $v := .list }}{{ $i }}={{ $v }};{{ end }}", output: "0=1;1=a;2=<no value>;3=2.5;" },
  { t: "{{ range $k, $v := .map }}{{ $k }}={{ $v }};{{ end }}", output: "a=x;b=2;c=<no value>;" },
  { t: "{{ range .e }}x{{ else }}empty{{ end }}", output: "empty" },
  { t: "{{ range .list }}{{ if not . }}{{ break }}{{ end }}{{ . }}{{ end }}", output: "1a" },
  {
    t: "{{ range .list }}{{ if eq . 1 }}{{ continue }}{{ end }}[{{ . }}]{{ end }}",
    error:
      'template: main:1:23: executing "main" at <eq . 1>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ range .str }}{{ end }}",
    error: 'template: main:1:9: executing "main" at <.str>: range can\'t iterate over hello',
    phase: "exec",
  },
  {
    t: "{{ range .num }}{{ end }}",
    error: 'template: main:1:9: executing "main" at <.num>: range can\'t iterate over 42',
    phase: "exec",
  },
  { t: "{{ $x := 1 }}{{ range .list }}{{ $x = . }}{{ end }}{{ $x }}", output: "2.5" },
  { t: "{{ $x := 0 }}{{ if true }}{{ $x := 5 }}{{ end }}{{ $x }}", output: "0" },
  { t: "{{ with $v := .map.a }}{{ $v }}{{ end }}", output: "x" },
  { t: "{{ if .e }}a{{ else if .m }}b{{ else }}c{{ end }}", output: "c" },
  { t: "{{ with .e }}a{{ else }}{{ . | len }}{{ end }}", output: "11" },
  {
    t: '{{ define "T" }}<{{ . }}|{{ $ }}>{{ end }}{{ template "T" .str }}{{ template "T" }}',
    output: "<hello|hello><<no value>|<no value>>",
  },
  {
    t: '{{ template "nope" }}',
    error: 'template: main:1:12: executing "main" at <{{template "nope"}}>: template "nope" not defined',
    phase: "exec",
  },
  { t: '{{ block "B" .num }}[{{ . }}]{{ end }}', output: "[42]" },
  {
    t: '{{ index .list 1 }} {{ index .map "a" }} {{ index .nested "a" "b" 1 }} {{ index .str 1 }}',
    output: "a x 20 101",
  },
  {
    t: "{{ index .list 4 }}",
    error:
      'template: main:1:3: executing "main" at <index .list 4>: error calling index: reflect: slice index out of range',
    phase: "exec",
  },
  {
    t: "{{ index .list -1 }}",
    error:
      'template: main:1:3: executing "main" at <index .list -1>: error calling index: index out of range: -1',
    phase: "exec",
  },
  {
    t: "{{ index .map 1 }}",
    error:
      'template: main:1:3: executing "main" at <index .map 1>: error calling index: value has type int; should be string',
    phase: "exec",
  },
  {
    t: "{{ index .nil 0 }}",
    error:
      'template: main:1:3: executing "main" at <index .nil 0>: error calling index: index of untyped nil',
    phase: "exec",
  },
  {
    t: "{{ index .str 5 }}",
    error:
      'template: main:1:3: executing "main" at <index .str 5>: error calling index: reflect: string index out of range',
    phase: "exec",
  },
  {
    t: "{{ index .num 0 }}",
    error:
      'template: main:1:3: executing "main" at <index .num 0>: error calling index: can\'t index item of type float64',
    phase: "exec",
  },
  { t: "{{ len .str }} {{ len .uni }} {{ len .list }} {{ len .map }}", output: "5 6 4 3" },
  {
    t: "{{ len .missing }}",
    error:
      'template: main:1:3: executing "main" at <len .missing>: error calling len: reflect: call of reflect.Value.Type on zero Value',
    phase: "exec",
  },
  {
    t: "{{ len .missing }}",
    mk: "zero",
    error: 'template: main:1:3: executing "main" at <len .missing>: error calling len: len of nil pointer',
    phase: "exec",
  },
  {
    t: "{{ len .nil }}",
    error: 'template: main:1:3: executing "main" at <len .nil>: error calling len: len of nil pointer',
    phase: "exec",
  },
  {
    t: "{{ len .num }}",
    error: 'template: main:1:3: executing "main" at <len .num>: error calling len: len of type float64',
    phase: "exec",
  },
  {
    t: '{{ and 1 0 }} {{ and 1 2 }} {{ or 0 "" }} {{ or 0 3 }} {{ not .e }} {{ and }}',
    error:
      'template: main:1:71: executing "main" at <and>: wrong number of args for and: want at least 1 got 0',
    phase: "exec",
  },
  { t: '{{ or .missing "fallback" }}', output: "fallback" },
  {
    t: "{{ eq (index .str 0) 104 }} {{ lt -1 (index .str 0) }} {{ eq .num 42.0 }} {{ eq .nil nil }} {{ eq 1 2 1 }}",
    output: "true true true true true",
  },
  {
    t: "{{ eq .num 42 }}",
    error:
      'template: main:1:3: executing "main" at <eq .num 42>: error calling eq: incompatible types for comparison',
    phase: "exec",
  },
  {
    t: "{{ lt true false }}",
    error:
      'template: main:1:3: executing "main" at <lt true false>: error calling lt: invalid type for comparison',
    phase: "exec",
  },
  {
    t: "{{ eq .list .list }}",
    error:
      'template: main:1:3: executing "main" at <eq .list .list>: error calling eq: non-comparable type [%!s(float64=1) a <nil> %!s(float64=2.5)]: []interface {}',
    phase: "exec",
  },
  {
    t: "{{ eq .map .list }}",
    error:
      'template: main:1:3: executing "main" at <eq .map .list>: error calling eq: non-comparable types map[a:x b:%!s(float64=2) c:<nil>]: map[string]interface {}, []interface {}: [1 a <nil> 2.5]',
    phase: "exec",
  },
  {
    t: "{{ ne 1 }}",
    error: 'template: main:1:3: executing "main" at <ne>: wrong number of args for ne: want 2 got 1',
    phase: "exec",
  },
  {
    t: "{{ eq 1 }}",
    error:
      'template: main:1:3: executing "main" at <eq 1>: error calling eq: missing argument for comparison',
    phase: "exec",
  },
  {
    t: "{{ call .str }}",
    error:
      'template: main:1:3: executing "main" at <call .str>: error calling call: non-function of type string',
    phase: "exec",
  },
  {
    t: "{{ call .nil }}",
    error: 'template: main:1:3: executing "main" at <call .nil>: error calling call: call of nil',
    phase: "exec",
  },
  {
    t: "{{ .str 1 }}",
    error: 'template: main:1:3: executing "main" at <.str>: str is not a method but has arguments',
    phase: "exec",
  },
  {
    t: "{{ nil }}",
    error: 'template: main:1:3: executing "main" at <nil>: nil is not a command',
    phase: "exec",
  },
  {
    t: "{{ 1 2 }}",
    error: 'template: main:1:3: executing "main" at <1>: can\'t give argument to non-function 1',
    phase: "exec",
  },
  {
    t: '{{ .str | (printf "%s") }}',
    error: 'template: main:1:3: executing "main" at <.str>: can\'t give argument to non-function printf "%s"',
    phase: "exec",
  },
  {
    t: '{{ print .nil .missing }} {{ printf "%v|%v" .nil .missing }} {{ println 1 "a" }}',
    output: "<nil> <nil> <nil>|<nil> 1 a\n",
  },
  {
    t: '{{ html .nil }} {{ js "<\'\\u2028>" }} {{ urlquery "a b&é" }}',
    output: "&lt;no value&gt; \\u003C\\'\\u2028\\u003E a+b%26%C3%A9",
  },
  {
    t: '{{ printf "%T %T %T %T %T" 1 1.5 "s" .list .map }}',
    output: "int float64 string []interface {} map[string]interface {}",
  },
  { t: '{{ printf "%T %T" (len .list) (index .str 0) }}', output: "int uint8" },
  { t: '{{ .str | printf "%s-%s" "x" }}', output: "x-hello" },
  {
    t: "x\n  é{{ .str.y }}",
    error: 'template: main:2:11: executing "main" at <.str.y>: can\'t evaluate field y in type interface {}',
    phase: "exec",
  },
  {
    t: "{{ if nil }}{{ end }}",
    error: 'template: main:1:6: executing "main" at <nil>: nil is not a command',
    phase: "exec",
  },
  {
    t: '{{ .missing | printf "%v" }}',
    mk: "error",
    error: 'template: main:1:3: executing "main" at <.missing>: map has no entry for key "missing"',
    phase: "exec",
  },
  {
    t: "{{ $.missing }}",
    mk: "error",
    error: 'template: main:1:4: executing "main" at <$.missing>: map has no entry for key "missing"',
    phase: "exec",
  },
  {
    t: "{{ . }}",
    mk: "error",
    output:
      "map[big:1e+06 e:[] float:3.14159 list:[1 a <nil> 2.5] m:map[] map:map[a:x b:2 c:<nil>] nested:map[a:map[b:[10 20]]] nil:<nil> num:42 str:hello uni:héllo]",
  },
];

function run(text: string, missingKey: MissingKeyMode = "default", data: unknown = DATA, funcs = {}) {
  try {
    const root = new Template("gotpl", { missingKey, funcs });
    root.new("main").parse(text);
    return { output: root.executeTemplate({ name: "main", data }) };
  } catch (err) {
    if (err instanceof TemplateError) return { error: err.message, phase: err.phase };
    throw err;
  }
}

describe("execution matches Go", () => {
  it.each(ORACLE)("$t ($mk)", (row) => {
    const got = run(row.t, row.mk);
    if (row.error !== undefined) expect(got).toEqual({ error: row.error, phase: row.phase });
    else expect(got).toEqual({ output: row.output });
  });
});

describe("builtin slice (Go's, when no function replaces it)", () => {
  it("slices lists and strings by bytes", () => {
    expect(
      run("{{ slice .list 1 3 }}|{{ slice .str 1 3 }}|{{ slice .list 1 }}|{{ slice .str }}").output,
    ).toBe("[a <nil>]|el|[a <nil> 2.5]|hello");
    expect(run('{{ printf "%q" (slice .uni 1 2) }}').output).toBe('"\\xc3"');
  });
  it("reports Go's errors", () => {
    expect(run("{{ slice .list 3 1 }}").error).toMatch(/error calling slice: invalid slice index: 3 > 1$/);
    expect(run("{{ slice .str 0 1 2 }}").error).toMatch(
      /error calling slice: cannot 3-index slice a string$/,
    );
    expect(run("{{ slice .list 0 9 }}").error).toMatch(/error calling slice: index out of range: 9$/);
    expect(run("{{ slice .map 1 }}").error).toMatch(/can't slice item of type map\[string\]interface \{\}$/);
  });
});

// Signatures of real Sprig functions; the argument errors below are the Go oracle's answers for them
// (arguments are checked before the function runs, so the stubs' bodies do not matter).
const stub = (params: FuncDef["params"], result: FuncDef["result"], variadic = false): FuncDef => ({
  params,
  result,
  variadic,
  fn: () => "called",
});
const SIGS = {
  upper: stub([T.string], T.string),
  repeat: stub([T.int, T.string], T.string),
  until: stub([T.int], sliceOf(T.int)),
  substr: stub([T.int, T.int, T.string], T.string),
};

describe("function arguments are checked like reflect.Call", () => {
  const cases: [string, string][] = [
    [
      '{{ repeat .num "x" }}',
      'template: main:1:10: executing "main" at <.num>: wrong type for value; expected int; got float64',
    ],
    ['{{ repeat "x" 2 }}', 'template: main:1:10: executing "main" at <"x">: expected integer; found "x"'],
    ["{{ upper 1 }}", 'template: main:1:9: executing "main" at <1>: expected string; found 1'],
    [
      "{{ upper .missing }}",
      'template: main:1:9: executing "main" at <.missing>: invalid value; expected string',
    ],
    [
      "{{ upper .nil }}",
      'template: main:1:9: executing "main" at <.nil>: wrong type for value; expected string; got interface {}',
    ],
    [
      "{{ upper (len .list) }}",
      'template: main:1:14: executing "main" at <.list>: wrong type for value; expected string; got int',
    ],
    ["{{ until 1.5 }}", 'template: main:1:9: executing "main" at <1.5>: expected integer; found 1.5'],
    ["{{ until nil }}", 'template: main:1:9: executing "main" at <nil>: cannot assign nil to int'],
    ["{{ until true }}", 'template: main:1:9: executing "main" at <true>: expected integer; found true'],
    [
      '{{ "x" | repeat }}',
      'template: main:1:9: executing "main" at <repeat>: wrong number of args for repeat: want 2 got 1',
    ],
    [
      "{{ 1 | repeat 1 }}",
      'template: main:1:14: executing "main" at <1>: wrong type for value; expected string; got int',
    ],
    [
      "{{ upper }}",
      'template: main:1:3: executing "main" at <upper>: wrong number of args for upper: want 1 got 0',
    ],
    [
      '{{ substr 1 .str "x" }}',
      'template: main:1:12: executing "main" at <.str>: wrong type for value; expected int; got string',
    ],
  ];
  it.each(cases)("%s", (text, want) => {
    expect(run(text, "default", DATA, SIGS).error).toBe(want);
  });

  it("converts literals and passes JS values by parameter type", () => {
    const seen: unknown[] = [];
    const f = defineFunc({
      params: [T.int, T.int64, T.float64, T.string, T.bool, T.any, T.uint8],
      result: T.string,
      fn: (...args) => {
        seen.push(...args);
        return "ok";
      },
    });
    expect(run('{{ f 3 4 5 "s" true 6 7 }}', "default", DATA, { f }).output).toBe("ok");
    expect(seen).toEqual([3, 4n, 5, "s", true, goInt(6), 7]);
  });

  it("passes variadic arguments and the pipeline value last", () => {
    const join = {
      params: [T.string, T.any],
      variadic: true,
      result: T.string,
      fn: (sep: string, ...v: unknown[]) => v.join(sep),
    };
    expect(run('{{ "c" | join "-" "a" "b" }}', "default", DATA, { join }).output).toBe("a-b-c");
    expect(run('{{ join "-" }}', "default", DATA, { join }).output).toBe("");
    expect(run("{{ join }}", "default", DATA, { join }).error).toBe(
      'template: main:1:3: executing "main" at <join>: wrong number of args for join: want at least 1 got 0',
    );
  });

  it("gives a missing value to interface{} parameters as nil and to reflect.Value ones as no value", () => {
    const seen: unknown[] = [];
    const f = {
      params: [T.any, T.value],
      result: T.string,
      fn: (a: unknown, b: unknown) => {
        seen.push(a, b);
        return "";
      },
    };
    run("{{ f .missing .missing }}", "default", DATA, { f });
    expect(seen).toEqual([null, undefined]);
  });
});

describe("function results carry Go types", () => {
  const funcs = {
    n: defineFunc({ params: [], result: T.int64, fn: () => 5 }),
    strs: defineFunc({ params: [], result: sliceOf(T.string), fn: () => ["b", "a"] }),
    split: defineFunc({ params: [], result: MAP_STRING_STRING, fn: () => ({ _0: "a", _1: "b" }) }),
    anyv: defineFunc({ params: [], result: T.any, fn: () => "s" }),
    nothing: defineFunc({ params: [], result: T.any, fn: () => undefined }),
  };
  it("types int64, []string and map[string]string results", () => {
    expect(run('{{ printf "%T %T %T" n strs split }}', "default", DATA, funcs).output).toBe(
      "int64 []string map[string]string",
    );
    expect(run("{{ strs }} {{ split }} {{ n }}", "default", DATA, funcs).output).toBe(
      "[b a] map[_0:a _1:b] 5",
    );
  });
  it("compares an int64 result with an int literal (same basic kind) but not with a float", () => {
    expect(run("{{ eq n 5 }}", "default", DATA, funcs).output).toBe("true");
    expect(run("{{ eq n 5.0 }}", "default", DATA, funcs).error).toMatch(/incompatible types for comparison$/);
  });
  it("treats an interface{} result as an interface when used as a receiver", () => {
    expect(run("{{ anyv.x }}", "default", DATA, funcs).error).toBe(
      'template: main:1:3: executing "main" at <anyv>: can\'t evaluate field x in type interface {}',
    );
    expect(run("{{ nothing }}|{{ print nothing }}", "default", DATA, funcs).output).toBe("<no value>|<nil>");
  });
  it("rejects a typed result passed to a differently typed parameter", () => {
    const take = defineFunc({ params: [T.int], result: T.int, fn: (x) => x });
    expect(run("{{ take n }}", "default", DATA, { ...funcs, take }).error).toBe(
      'template: main:1:8: executing "main" at <n>: wrong type for value; expected int; got int64',
    );
  });
});

describe("function errors", () => {
  it("wraps a thrown error as Go's 'error calling'", () => {
    const fail = defineFunc({
      params: [T.string],
      result: T.string,
      returnsError: true,
      fn: (m) => {
        throw new Error(m);
      },
    });
    expect(run('{{ and 0 (fail "x") }}|{{ or 1 (fail "y") }}', "default", DATA, { fail }).output).toBe("0|1");
    expect(run('{{ and 1 (fail "boom") }}', "default", DATA, { fail }).error).toBe(
      'template: main:1:10: executing "main" at <fail "boom">: error calling fail: boom',
    );
  });
});

describe("call context: nested executions", () => {
  const include = defineContextFunc({
    params: [T.string, T.any],
    result: T.string,
    returnsError: true,
    fn: (ctx, name, data) => {
      const t = ctx.template.lookup(name);
      if (!t) throw new Error(`template: no template "${name}" associated with template "gotpl"`);
      return ctx.execute(t, data);
    },
  });
  it("executes other templates of the set and nests Go's error texts", () => {
    expect(
      run('{{ define "T" }}[{{ .str }}]{{ end }}{{ include "T" . }}', "default", DATA, { include }).output,
    ).toBe("[hello]");
    expect(
      run('{{ define "T" }}{{ .str.x }}{{ end }}{{ include "T" . }}', "default", DATA, { include }).error,
    ).toBe(
      'template: main:1:40: executing "main" at <include "T" .>: error calling include: template: main:1:23: executing "T" at <.str.x>: can\'t evaluate field x in type interface {}',
    );
  });
  it("shares the depth limit with nested executions", () => {
    const root = new Template("gotpl", { funcs: { include }, limits: { maxDepth: 20 } });
    root.new("main").parse('{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}');
    expect(() => root.executeTemplate({ name: "main", data: 1 })).toThrow(
      /exceeded maximum template depth \(20\)/,
    );
  });
  it("lets tpl-like functions parse into a clone with a missingkey override", () => {
    const tpl = defineContextFunc({
      params: [T.string, T.any],
      result: T.string,
      fn: (ctx, text, data) => {
        const t = ctx.template.clone();
        t.new("gotpl").parse(text);
        return ctx.execute(t.lookup("gotpl")!, data, { missingKey: "error" });
      },
    });
    expect(run('{{ tpl "{{ .str }}" . }}', "default", DATA, { tpl }).output).toBe("hello");
    expect(run('{{ tpl "{{ .zz }}" . }}', "default", DATA, { tpl }).error).toMatch(
      /map has no entry for key "zz"$/,
    );
  });
});

describe("value model", () => {
  it("prints ints, floats and typed collections like Go", () => {
    const data = {
      i: goInt64(9007199254740993n),
      s: typedSlice(T.string, ["x", "y"]),
      m: typedMap(MAP_STRING_STRING, { k: "v" }),
    };
    expect(renderTemplate({ text: '{{ .i }} {{ printf "%T %#v %#v" .s .s .m }}', data })).toBe(
      '9007199254740993 []string []string{"x", "y"} map[string]string{"k":"v"}',
    );
  });
  it("gives zero values of typed maps with missingkey=zero", () => {
    const data = { m: typedMap(MAP_STRING_STRING, { k: "v" }) };
    expect(renderTemplate({ text: "[{{ .m.zz }}]", data, missingKey: "zero" })).toBe("[]");
    expect(renderTemplate({ text: "[{{ .m.zz }}]", data })).toBe("[<no value>]");
  });
  it("uses map keys like __proto__ and constructor as ordinary keys", () => {
    const data = JSON.parse('{"__proto__": 1, "constructor": 2}');
    expect(
      renderTemplate({ text: "{{ .__proto__ }} {{ .constructor }} {{ .toString }} {{ . }}", data }),
    ).toBe("1 2 <no value> map[__proto__:1 constructor:2]");
  });
  it("reads struct fields and calls methods, through pointers", () => {
    const Files = structType({
      name: "chart.Files",
      fields: [{ name: "Count", type: T.int }],
      methods: {
        Get: defineMethod({ params: [T.string], result: T.string, fn: (_self, n) => `file:${n}` }),
        String: defineMethod({ params: [], result: T.string, fn: () => "FILES" }),
      },
    });
    const files = withType({ Count: goInt(2) }, Files);
    const data = { Files: new GoPointer({ kind: "ptr", name: "*chart.Files", elem: Files }, files) };
    expect(
      renderTemplate({
        text: '{{ .Files.Get "a" }} {{ .Files.Count }} {{ .Files }} {{ printf "%T" .Files }}',
        data,
      }),
    ).toBe("file:a 2 FILES *chart.Files");
    expect(() => renderTemplate({ text: "{{ .Files.Nope }}", data })).toThrow(
      "can't evaluate field Nope in type interface {}",
    );
  });
  it("names Go types", () => {
    expect([
      goTypeName(1),
      goTypeName("s"),
      goTypeName(null),
      goTypeName([]),
      goTypeName({}),
      goTypeName(goInt(1)),
    ]).toEqual(["float64", "string", "<nil>", "[]interface {}", "map[string]interface {}", "int"]);
  });
});

describe("template sets", () => {
  it("shares defines across files and keeps the first non-empty definition", () => {
    const root = new Template("gotpl");
    root.new("a.tpl").parse('{{ define "x" }}A{{ end }}');
    root.new("b.yaml").parse('{{ template "x" }}');
    expect(root.executeTemplate({ name: "b.yaml" })).toBe("A");
    root.new("c.tpl").parse('{{ define "x" }}{{ end }}');
    expect(root.executeTemplate({ name: "b.yaml" })).toBe("A");
    expect(root.lookup("x")?.name).toBe("x");
  });
  it("reports a missing template like Go's ExecuteTemplate", () => {
    expect(() => new Template("gotpl").executeTemplate({ name: "nope" })).toThrow(
      'template: no template "nope" associated with template "gotpl"',
    );
  });
  it("reports an empty template", () => {
    expect(() => new Template("t").execute()).toThrow('template: t: "t" is an incomplete or empty template');
  });
  it("clones independently", () => {
    const a = new Template("a").parse('{{ define "x" }}1{{ end }}{{ template "x" }}');
    const b = a.clone();
    b.new("y").parse('{{ define "x" }}2{{ end }}');
    expect(a.execute()).toBe("1");
    expect(b.execute()).toBe("2");
  });
  it("rejects bad function names, non-FuncDef values and unknown options", () => {
    const fn = defineFunc({ params: [], result: T.string, fn: () => "" });
    expect(() => new Template("t").funcs({ "bad-name": fn })).toThrow(
      'function name "bad-name" is not a valid identifier',
    );
    expect(() => new Template("t").funcs({ f: { fn: () => 1 } as unknown as FuncDef })).toThrow(
      /not a function definition/,
    );
    expect(() => new Template("t").option("missingkey=maybe")).toThrow(
      "unrecognized option: missingkey=maybe",
    );
  });
  it("executes with missingkey set by option", () => {
    const t = new Template("t").option("missingkey=error").parse("{{ .x }}");
    expect(() => t.execute({ data: {} })).toThrow(TemplateExecError);
    expect(t.execute({ data: {}, missingKey: "default" })).toBe("<no value>");
  });
});
