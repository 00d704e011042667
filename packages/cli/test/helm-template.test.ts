import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/index.js";
import { captureIO } from "./helpers.js";

/** A small chart on disk, and a values file next to it. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "helm-template-"));
  const files: Record<string, string> = {
    "web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    "web/values.yaml": "replicas: 1\nport: 80\n",
    "web/values.schema.json": '{"properties":{"replicas":{"type":"integer"}}}',
    "web/templates/svc.yaml":
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\nspec:\n  port: {{ .Values.port }}\n",
    "web/templates/deploy.yaml":
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n",
    "web/templates/fail.yaml": '{{- if .Values.broken }}{{ fail "broken on purpose" }}{{ end }}',
    "web/crds/crd.yaml": "kind: CustomResourceDefinition\n",
    "prod.yaml": "replicas: 3\n",
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

async function run(argv: string[], cwd: string, stdin = "") {
  const io = captureIO(stdin, cwd);
  const code = await main(["helm", "template", ...argv], { io });
  return { code, out: io.out, err: io.err };
}

describe("gitops-kit helm template", () => {
  it("prints what helm template prints, with values files, --set and flags", async () => {
    const dir = workspace();
    const r = await run(["app", "./web", "-f", "prod.yaml", "--set", "port=8080", "-n", "prod"], dir);
    expect(r).toEqual({
      code: 0,
      err: "",
      out: [
        "---",
        "# Source: web/templates/svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: app\n  namespace: prod\nspec:\n  port: 8080",
        "---",
        "# Source: web/templates/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 3",
        "",
      ].join("\n"),
    });
  });

  it("defaults the release name, reads values from stdin, includes CRDs and filters templates", async () => {
    const dir = workspace();
    const r = await run(
      ["web", "-f", "-", "--include-crds", "-s", "templates/deploy.yaml"],
      dir,
      "replicas: 5\n",
    );
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      "---\n# Source: web/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: release-name\nspec:\n  replicas: 5\n",
    );
    const crds = await run(["web", "--include-crds"], dir);
    expect(
      crds.out.startsWith("---\n# Source: web/crds/crd.yaml\nkind: CustomResourceDefinition\n\n---\n"),
    ).toBe(true);
  });

  it("prints Helm's error text on failure", async () => {
    const dir = workspace();
    expect(await run(["app", "web", "--set", "broken=true"], dir)).toEqual({
      code: 1,
      out: "",
      err: "Error: execution error at (web/templates/fail.yaml:1:27): broken on purpose\n\nUse --debug flag to render out invalid YAML\n",
    });
    expect(await run(["app", "web", "--set", "replicas=many"], dir)).toEqual({
      code: 1,
      out: "",
      err: "Error: values don't meet the specifications of the schema(s) in the following chart(s):\nweb:\n- at '/replicas': got string, want integer\n\n",
    });
    const missing = await run(["app", "web", "-f", "nope.yaml"], dir);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("open nope.yaml: no such file or directory");
  });

  it("rejects bad usage", async () => {
    const r = await run([], workspace());
    expect(r.code).toBe(2);
  });
});
