/**
 * Sprig functions against answers recorded from the Go reference (Go 1.19 text/template + Sprig v3.2.3,
 * `time.Local = UTC`) for the families in this package: strings, regex, encoding, JSON, dates, conversions,
 * defaults, reflection, paths, semver, URLs and the deterministic crypto functions. Each case is rendered
 * like the reference does it (root `gotpl`, case parsed as `main`) and must give the same bytes or the same
 * error text.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSprigFuncs, encodeGoString, seededRandom, Template, TemplateError } from "../src/index.js";

interface Case {
  template: string;
  output?: string;
  outputBase64?: string;
  error?: string;
}

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/sprig-go-answers.json", import.meta.url), "utf8"),
) as {
  data: unknown;
  groups: Record<string, Case[]>;
};

const funcs = createSprigFuncs({ random: seededRandom(11), timeZone: "UTC" });

function render(text: string): { output?: string; outputBase64?: string; error?: string } {
  const root = new Template("gotpl", { funcs });
  try {
    root.new("main").parse(text);
    const output = root.executeTemplate({ name: "main", data: structuredClone(fixture.data) });
    return { output, outputBase64: Buffer.from(encodeGoString(output)).toString("base64") };
  } catch (err) {
    if (err instanceof TemplateError) return { error: err.message };
    throw err;
  }
}

for (const [group, cases] of Object.entries(fixture.groups)) {
  describe(`Sprig ${group} (answers recorded from Go)`, () => {
    it.each(cases.map((c) => [c.template, c] as const))("%s", (_t, c) => {
      const got = render(c.template);
      if (c.error !== undefined) expect(got.error).toBe(c.error);
      else if (c.outputBase64 !== undefined) expect(got.outputBase64).toBe(c.outputBase64);
      else expect(got).toMatchObject({ output: c.output });
    });
  });
}
