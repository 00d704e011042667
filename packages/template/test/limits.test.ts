import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  defineContextFunc,
  renderTemplate,
  T,
  Template,
  TemplateError,
  TemplateExecError,
  TemplateLimitError,
} from "../src/index.js";

const RECURSE = '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}';
const NESTED_RANGES = "{{ range .l }}{{ range $.l }}{{ range $.l }}x{{ end }}{{ end }}{{ end }}";
const BIG = { l: Array.from({ length: 1000 }, (_, i) => i) };

function limitOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    if (err instanceof TemplateLimitError) return err.limit;
    if (err instanceof TemplateError) return `exec: ${err.message}`;
    throw err;
  }
  return undefined;
}

describe("runaway templates", () => {
  it("stops infinite {{template}} recursion at maxDepth with Go's message", () => {
    expect(() => renderTemplate({ text: RECURSE, limits: { maxDepth: 50 } })).toThrow(
      'template: main:1:28: executing "r" at <{{template "r" .}}>: exceeded maximum template depth (50)',
    );
  });

  it("turns JavaScript stack exhaustion into a depth limit error", () => {
    expect(limitOf(() => renderTemplate({ text: RECURSE }))).toBe("depth");
  });

  it("stops recursion through a function that executes templates", () => {
    const include = defineContextFunc({
      params: [T.string, T.any],
      result: T.string,
      fn: (ctx, name, data) => ctx.execute(ctx.template.lookup(name)!, data),
    });
    const text = '{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}';
    expect(limitOf(() => renderTemplate({ text, funcs: { include } }))).toBe("depth");
  });

  it("enforces the step budget", () => {
    expect(
      limitOf(() => renderTemplate({ text: NESTED_RANGES, data: BIG, limits: { maxSteps: 100_000 } })),
    ).toBe("steps");
  });

  it("enforces the output limit", () => {
    expect(
      limitOf(() => renderTemplate({ text: NESTED_RANGES, data: BIG, limits: { maxOutputLength: 50_000 } })),
    ).toBe("output");
  });

  it("enforces the time budget", () => {
    const start = Date.now();
    expect(limitOf(() => renderTemplate({ text: NESTED_RANGES, data: BIG, limits: { timeoutMs: 50 } }))).toBe(
      "time",
    );
    expect(Date.now() - start).toBeLessThan(5000);
  });

  it("shares one budget between a template and its nested executions", () => {
    const include = defineContextFunc({
      params: [T.string, T.any],
      result: T.string,
      fn: (ctx, name, data) => ctx.execute(ctx.template.lookup(name)!, data),
    });
    const root = new Template("t", { funcs: { include }, limits: { maxSteps: 5000 } });
    root.parse('{{ define "x" }}{{ range .l }}.{{ end }}{{ end }}{{ range .l }}{{ include "x" $ }}{{ end }}');
    expect(limitOf(() => root.execute({ data: { l: Array.from({ length: 100 }, (_, i) => i) } }))).toBe(
      "steps",
    );
  });

  it("fails to print a map that contains itself instead of recursing forever", () => {
    const m: Record<string, unknown> = {};
    m.self = m;
    expect(() => renderTemplate({ text: "{{ . }}", data: m })).toThrow(TemplateExecError);
  });
});

// Random templates from the grammar's pieces: whatever they do, they may only fail with TemplateError and
// must respect the step budget.
const PIECES = [
  "{{ .a }}",
  "{{ .b.c }}",
  "{{ $x := .l }}",
  "{{ $x }}",
  "{{ range .l }}",
  "{{ range $i, $v := .m }}",
  "{{ if .a }}",
  "{{ with .b }}",
  "{{ else }}",
  "{{ end }}",
  '{{ define "d" }}',
  '{{ template "d" . }}',
  "{{ break }}",
  "{{ continue }}",
  '{{ printf "%v %d" . .a }}',
  "{{ len .l }}",
  "{{ index .l 1 }}",
  "{{ eq .a 1 }}",
  "{{ and .a .l }}",
  "{{ (print .m) }}",
  "{{- 1 -}}",
  "{{/* c */}}",
  '{{ .a | print | printf "%q" }}',
  "text ",
  "\n",
  "{{",
  "}}",
  "(",
  ")",
  "|",
  '"',
  "$",
  ".",
  "'",
  "1e3",
  "nil",
];

describe("property: random templates", () => {
  it("only ever throw TemplateError and stay within the step budget", () => {
    const data = { a: 1, b: { c: "x" }, l: [1, 2, 3], m: { k: [1], j: null } };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (pieces) => {
        const text = pieces.join("");
        try {
          renderTemplate({ text, data, limits: { maxSteps: 20_000, maxDepth: 30 } });
        } catch (err) {
          expect(err).toBeInstanceOf(TemplateError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws anything but TemplateError on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          renderTemplate({ text, data: { a: 1 }, limits: { maxSteps: 10_000 } });
        } catch (err) {
          expect(err).toBeInstanceOf(TemplateError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
