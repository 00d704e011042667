import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/index.js";
import { captureIO } from "./helpers.js";

function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "gitops-kit-render-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function render(argv: string[], files: Record<string, string>, stdin = "") {
  const io = captureIO(stdin, workdir(files));
  const code = await main(["template", "render", ...argv], { io });
  return { code, out: io.out, err: io.err };
}

describe("gitops-kit template render", () => {
  const files = {
    "page.tmpl":
      '{{ .name }} has {{ len .items }} items: {{ range $i, $x := .items }}{{ $i }}={{ $x }} {{ end }}count={{ .count }} {{ .nope }} {{ index . "false" }}\n',
    "data.yaml": "n: x\nname: web\nitems: [a, b]\ncount: 1000000\n",
  };

  it("executes the template with the data file, numbers as float64 as Go sees YAML numbers (and n as false, YAML 1.1)", async () => {
    const r = await render(["page.tmpl", "--data", "data.yaml"], files);
    expect(r).toEqual({ code: 0, out: "web has 2 items: 0=a 1=b count=1e+06 <no value> x\n", err: "" });
  });

  it("applies --set after the data with Helm's typed syntax", async () => {
    const r = await render(
      ["page.tmpl", "-d", "data.yaml", "--set", "name=api,count=3", "--set", "items={x}"],
      files,
    );
    expect(r.out).toBe("api has 1 items: 0=x count=3 <no value> x\n");
  });

  it("reads the template from standard input and data from JSON, with --missingkey zero", async () => {
    const r = await render(
      ["-", "--data", "d.json", "--missingkey", "zero"],
      { "d.json": '{"a": {"b": 1}}' },
      "{{ .a.b }}|{{ .a.c }}",
    );
    expect(r.out).toBe("1|<no value>");
  });

  it("fails on a missing key with --missingkey error, in Go's words, exit 1", async () => {
    const r = await render(["page.tmpl", "--missingkey", "error"], files);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      'error [TEMPLATE_EXEC]: template: page.tmpl:1:3: executing "page.tmpl" at <.name>: map has no entry for key "name"\n',
    );
  });

  it("knows Sprig functions only with --sprig", async () => {
    const tmpl = { "s.tmpl": '{{ "flux" | upper | quote }}' };
    expect((await render(["s.tmpl", "--sprig"], tmpl)).out).toBe('"FLUX"');
    const without = await render(["s.tmpl"], tmpl);
    expect(without.code).toBe(1);
    expect(without.err).toContain('function "upper" not defined');
  });

  it("reports usage errors with exit 2", async () => {
    for (const argv of [
      [],
      ["page.tmpl", "--missingkey", "maybe"],
      ["-", "--data", "-"],
      ["page.tmpl", "--bogus"],
    ]) {
      const r = await render(argv, files);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.out).toBe("");
    }
  });

  it("names a missing template or data file", async () => {
    const r = await render(["page.tmpl", "--data", "absent.yaml"], files);
    expect(r).toMatchObject({ code: 1, err: "error [NOT_FOUND]: absent.yaml: no such file\n" });
  });
});
