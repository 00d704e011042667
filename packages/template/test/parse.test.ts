import { describe, expect, it } from "vitest";
import { parseTemplate, renderTemplate, Template, TemplateError, TemplateParseError } from "../src/index.js";
import { nodeString } from "../src/parse/nodes.js";

interface Row {
  t: string;
  output?: string;
  error?: string;
  phase?: string;
}

/** Expected values are the Go 1.19 oracle's answers (data: { str: "s" }). */
const ORACLE: Row[] = [
  { t: "{{ if }}", error: "template: main:1: missing value for if", phase: "parse" },
  { t: "line1\n{{ .str }}\n{{ if }}", error: "template: main:3: missing value for if", phase: "parse" },
  { t: "a\nb\n{{ .x", error: "template: main:3: unclosed action", phase: "parse" },
  { t: "{{ if .str }}\n\nx", error: "template: main:3: unexpected EOF", phase: "parse" },
  { t: "{{\n.str\n}}", output: "s" },
  { t: '{{ "abc\ndef" }}', error: "template: main:1: unterminated quoted string", phase: "parse" },
  { t: "{{ 'a\n' }}", error: "template: main:1: unterminated character constant", phase: "parse" },
  {
    t: "a\n{{/* c\nd */}}\n{{ .bad-x }}",
    error: "template: main:4: bad character U+002D '-'",
    phase: "parse",
  },
  { t: "{{ 1 }}\n{{ 2 }}{{ 3.4.5 }}", error: 'template: main:2: unexpected ".5" in operand', phase: "parse" },
  { t: "x\n{{ (1 }}\n", error: "template: main:2: unclosed left paren", phase: "parse" },
  { t: "{{ ) }}", error: 'template: main:1: unexpected ")" in command', phase: "parse" },
  { t: "{{ $x := }}", error: "template: main:1: missing value for command", phase: "parse" },
  { t: "{{ $x. }}", error: 'template: main:1: undefined variable "$x"', phase: "parse" },
  { t: "{{ else }}", error: "template: main:1: unexpected {{else}}", phase: "parse" },
  { t: "{{ end }}", error: "template: main:1: unexpected {{end}}", phase: "parse" },
  {
    t: "{{ if 1 }}{{ else }}{{ else }}{{ end }}",
    error: "template: main:1: expected end; found {{else}}",
    phase: "parse",
  },
  {
    t: "{{ range .list }}{{ else if 1 }}{{ end }}",
    error: "template: main:1: unexpected <if> in input",
    phase: "parse",
  },
  {
    t: '{{ define "x" }}\n\n{{ end }}{{ end }}',
    error: "template: main:3: unexpected {{end}}",
    phase: "parse",
  },
  {
    t: '{{ define "x" }}a{{ end }}{{ define "x" }}b{{ end }}',
    error: 'template: main:1: template: multiple definition of template "x"',
    phase: "parse",
  },
  { t: "{{ 1_ }}", error: 'template: main:1: illegal number syntax: "1_"', phase: "parse" },
  { t: "{{ 089 }}", error: 'template: main:1: integer overflow: "089"', phase: "parse" },
  { t: "{{ 0x1.8 }}", error: 'template: main:1: illegal number syntax: "0x1.8"', phase: "parse" },
  { t: "{{ 1e400 }}", error: 'template: main:1: illegal number syntax: "1e400"', phase: "parse" },
  // Float literals go through strconv.ParseFloat: a zero mantissa ignores its exponent, a 17th hex digit is a sticky bit.
  {
    t: "{{ 0x0p9999 }} {{ 0x1.00000000000008p0 }} {{ 0x1.000000000000080001p0 }} {{ 0x_1p4 }} {{ 1_000.5 }} {{ 0x0p9999i }}",
    output: "0 1 1.0000000000000002 16 1000.5 (0+0i)",
  },
  { t: "{{ 0x_.5p5 }}", error: 'template: main:1: illegal number syntax: "0x_.5p5"', phase: "parse" },
  { t: "{{ 'ab' }}", error: "template: main:1: malformed character constant: 'ab'", phase: "parse" },
  { t: "{{ '' }}", error: "template: main:1: invalid syntax", phase: "parse" },
  { t: '{{ "\\q" }}', error: "template: main:1: invalid syntax", phase: "parse" },
  { t: "{{ .é- }}", error: "template: main:1: bad character U+002D '-'", phase: "parse" },
  { t: "{{ é }}", error: 'template: main:1: function "é" not defined', phase: "parse" },
  { t: "{{ print ~ }}", error: 'template: main:1: unexpected "~" in operand', phase: "parse" },
  { t: '{{ printf "%d" 1, 2 }}', error: 'template: main:1: unexpected "," in operand', phase: "parse" },
  { t: "{{ $x := 1 := 2 }}", error: 'template: main:1: unexpected ":=" in operand', phase: "parse" },
  { t: "{{ $x : 1 }}", error: 'template: main:1: undefined variable "$x"', phase: "parse" },
  { t: "{{ 1.x }}", error: 'template: main:1: bad number syntax: "1.x"', phase: "parse" },
  { t: "{{ nil.x }}", error: 'template: main:1: unexpected . after term "nil"', phase: "parse" },
  {
    t: '{{ "a" | "b" }}',
    error: "template: main:1: non executable command in pipeline stage 2",
    phase: "parse",
  },
  { t: "{{ . | . }}", error: "template: main:1: non executable command in pipeline stage 2", phase: "parse" },
  { t: "{{ break }}", error: "template: main:1: {{break}} outside {{range}}", phase: "parse" },
  {
    t: "{{ range .l }}{{ break 1 }}{{ end }}",
    error: 'template: main:1: unexpected "1" in {{break}}',
    phase: "parse",
  },
  { t: "{{ $a, $b := 1 }}", error: "template: main:1: too many declarations in command", phase: "parse" },
  {
    t: "{{ range $a, $b, $c := . }}{{ end }}",
    error: "template: main:1: too many declarations in range",
    phase: "parse",
  },
  {
    t: "{{ range $a, 1 := . }}{{ end }}",
    error: "template: main:1: range can only initialize variables",
    phase: "parse",
  },
  { t: "{{ /* x */ }}", error: 'template: main:1: unexpected "/" in command', phase: "parse" },
  { t: "{{/* x */ .y }}", error: "template: main:1: comment ends before closing delimiter", phase: "parse" },
  { t: "{{/* x", error: "template: main:1: unclosed comment", phase: "parse" },
  { t: "{{ `x", error: "template: main:1: unterminated raw quoted string", phase: "parse" },
  { t: '{{ "x', error: "template: main:1: unterminated quoted string", phase: "parse" },
  { t: "{{ 'x", error: "template: main:1: unterminated character constant", phase: "parse" },
  {
    t: '{{ 1 2 3 }}{{ "unterminated }}',
    error: "template: main:1: unterminated quoted string",
    phase: "parse",
  },
  {
    t: '{{ nope }}{{ "unterminated }}',
    error: 'template: main:1: function "nope" not defined',
    phase: "parse",
  },
  { t: "{{ template }}", error: 'template: main:1: unexpected "}}" in template clause', phase: "parse" },
  {
    t: '{{ template "a" | x }}',
    error: 'template: main:1: unexpected "|" in template clause',
    phase: "parse",
  },
  {
    t: '{{ block "b" }}{{ end }}',
    error: "template: main:1: missing value for block clause",
    phase: "parse",
  },
  { t: '{{ define "x" }}', error: "template: main:1: unexpected EOF", phase: "parse" },
  { t: "{{ with }}", error: "template: main:1: missing value for with", phase: "parse" },
  {
    t: "{{ (1) . }}",
    error: 'template: main:1:3: executing "main" at <(1) .>: can\'t give argument to non-function 1',
    phase: "exec",
  },
  { t: "{{ 0x_1 }}{{ 1__0 }}", error: 'template: main:1: illegal number syntax: "1__0"', phase: "parse" },
];

function run(text: string): { output?: string; error?: string; phase?: string } {
  try {
    const root = new Template("gotpl");
    root.new("main").parse(text);
    return { output: root.executeTemplate({ name: "main", data: { str: "s" } }) };
  } catch (err) {
    if (err instanceof TemplateError) return { error: err.message, phase: err.phase };
    throw err;
  }
}

describe("parser errors match Go", () => {
  it.each(ORACLE)("$t", (row) => {
    const got = run(row.t);
    if (row.error !== undefined) expect(got).toEqual({ error: row.error, phase: row.phase });
    else expect(got).toEqual({ output: row.output });
  });
});

describe("parse errors are typed", () => {
  it("throws TemplateParseError with code and phase", () => {
    let caught: unknown;
    try {
      parseTemplate({ text: "{{ if }}" });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TemplateParseError);
    expect((caught as TemplateParseError).code).toBe("TEMPLATE_PARSE");
    expect((caught as TemplateParseError).phase).toBe("parse");
  });

  it("names the template being parsed", () => {
    expect(() => parseTemplate({ name: "templates/deploy.yaml", text: "a\n{{ end }}" })).toThrow(
      "template: templates/deploy.yaml:2: unexpected {{end}}",
    );
  });

  it("reports deep nesting as a parse error instead of overflowing the stack", () => {
    const text = `{{ ${"(".repeat(30000)}1${")".repeat(30000)} }}`;
    expect(() => parseTemplate({ text })).toThrow(TemplateParseError);
  });
});

describe("trim markers", () => {
  const cases: [string, string][] = [
    ["a  {{- 1 }}", "a1"],
    ["{{ 1 -}}  \n b", "1b"],
    ["a {{-3}}", "a -3"],
    ["a{{- -3 }}", "a-3"],
    ["x\n{{- if true }}\ny\n{{- end }}\nz", "x\ny\nz"],
    ["{{ 1 -}}\r\n{{ 2 }}", "12"],
    ["a {{- /* c */ -}} b", "ab"],
    ["{{- /* c */}}  x", "  x"],
  ];
  it.each(cases)("%j renders %j", (text, want) => {
    expect(renderTemplate({ text })).toBe(want);
  });
});

describe("literals", () => {
  const cases: [string, string][] = [
    ["{{ 1_000 }} {{ 0b101 }} {{ 0o17 }} {{ 017 }} {{ 0x1F }} {{ -0x10 }}", "1000 5 15 15 31 -16"],
    [
      "{{ 1.0 }} {{ 2.50 }} {{ 1e3 }} {{ 1e21 }} {{ 1e-7 }} {{ 0x1p-2 }} {{ .5 }}",
      "1 2.5 1000 1e+21 1e-07 0.25 0.5",
    ],
    ["{{ 'a' }} {{ '\\n' }} {{ '\\u00e9' }} {{ '日' }}", "97 10 233 26085"],
    ["{{ 1i }} {{ 1+2i }} {{ 0i }}", "(0+1i) (1+2i) (0+0i)"],
    ["{{ 9223372036854775807 }}", "9223372036854775807"],
    ['{{ "a\\tb" }}|{{ `a\\tb` }}', "a\tb|a\\tb"],
    ['{{ "\\u00e9\\U0001F600\\x41\\101" }}', "é😀AA"],
    ["{{ true }} {{ false }}", "true false"],
  ];
  it.each(cases)("%s", (text, want) => {
    expect(renderTemplate({ text })).toBe(want);
  });

  it("rejects an int literal that overflows int at execution, like Go", () => {
    expect(() => renderTemplate({ text: "{{ 9223372036854775808 }}" })).toThrow(
      'template: main:1:3: executing "main" at <9223372036854775808>: 9223372036854775808 overflows int',
    );
  });
});

describe("node strings (used in error contexts)", () => {
  it("prints pipelines, chains and branches canonically", () => {
    const t = parseTemplate({
      text: '{{ $x := (print 1 "a").X | printf "%v" }}{{ range $i, $v := .L }}{{ else }}e{{ end }}{{ template "T" . }}{{ define "T" }}{{ end }}',
    });
    const nodes = t.tree!.root.nodes;
    expect(nodes.map(nodeString)).toEqual([
      '{{$x := (print 1 "a").X | printf "%v"}}',
      "{{range $i, $v := .L}}{{else}}e{{end}}",
      '{{template "T" .}}',
    ]);
  });
});

describe("custom delimiters", () => {
  it("parses with [[ ]] and leaves {{ }} as text", () => {
    expect(
      renderTemplate({
        text: "[[ .a ]] {{ .a }} [[- .b -]] x",
        data: { a: 1, b: 2 },
        delims: { left: "[[", right: "]]" },
      }),
    ).toBe("1 {{ .a }}2x");
  });
});
