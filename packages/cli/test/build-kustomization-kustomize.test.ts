import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../src/index.js";
import { captureIO } from "./helpers.js";

// `*.expected.yaml` are what `kubectl kustomize` (Kustomize v5.5.0) printed for these trees.
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures/build-kustomization/kustomize");
const expected = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

async function build(argv: string[], cwd = FIXTURES) {
  const io = captureIO("", cwd);
  const code = await main(["kustomize", "build", ...argv], { io });
  return { code, out: io.out, err: io.err };
}

describe("gitops-kit kustomize build", () => {
  it("prints what kubectl kustomize prints for a base with a generator and a long annotation", async () => {
    expect(await build(["base"])).toEqual({ code: 0, out: expected("base.expected.yaml"), err: "" });
  });

  it("builds the working directory when DIR is absent", async () => {
    expect(await build([], join(FIXTURES, "base"))).toEqual({
      code: 0,
      out: expected("base.expected.yaml"),
      err: "",
    });
  });

  it("refuses a file outside the root by default, exit 1 with the typed error on stderr", async () => {
    const r = await build(["overlay"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^error \[KUSTOMIZE_LOAD_RESTRICTION\]: .*shared\/namespace\.yaml/);
  });

  it("reads it with --load-restrictor LoadRestrictionsNone, like kubectl", async () => {
    const out = expected("overlay.expected.yaml");
    expect(await build(["overlay", "--load-restrictor", "LoadRestrictionsNone"])).toEqual({
      code: 0,
      out,
      err: "",
    });
    expect((await build(["--load-restrictor=LoadRestrictionsNone", "overlay"])).out).toBe(out);
  });

  it("writes kustomize's deprecation warnings to stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gitops-kit-kbuild-"));
    cpSync(join(FIXTURES, "base"), dir, { recursive: true });
    writeFileSync(join(dir, "kustomization.yaml"), "commonLabels: {team: web}\nresources: [service.yaml]\n");
    const r = await build([dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("    team: web\n");
    expect(r.err).toBe(
      "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n",
    );
  });

  it("exits 1 for a directory without a kustomization", async () => {
    const r = await build(["shared"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error \[KUSTOMIZATION_INVALID\]: /);
  });

  it("exits 2 for a bad restrictor or a second directory", async () => {
    const bad = await build(["base", "--load-restrictor", "Anything"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--load-restrictor must be one of");
    expect((await build(["base", "overlay"])).code).toBe(2);
  });
});
