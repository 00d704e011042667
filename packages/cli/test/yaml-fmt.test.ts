import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/index.js";
import { captureIO } from "./helpers.js";

async function fmt(argv: string[], stdin = "", cwd?: string) {
  const io = captureIO(stdin, cwd);
  const code = await main(["yaml", "fmt", ...argv], { io });
  return { code, out: io.out, err: io.err };
}

// `tidy` is what `kubectl kustomize` (Kustomize v5.5.0) printed for `messy` listed as a resource.
const messy = `kind: ConfigMap
metadata: {name: cfg, labels: {b: "2", a: x}}
apiVersion: v1
data:
  enabled: "true"
  count: "10"
  when: "2024-01-01"
  script: "echo hi\\necho there\\n"
---
---
apiVersion: v1
kind: Service
metadata:
  name: svc
spec:
  ports: [{port: 80, name: http}]
  selector: {app: x}
`;

const tidy = `apiVersion: v1
data:
  count: "10"
  enabled: "true"
  script: |
    echo hi
    echo there
  when: "2024-01-01"
kind: ConfigMap
metadata:
  labels:
    a: x
    b: "2"
  name: cfg
---
apiVersion: v1
kind: Service
metadata:
  name: svc
spec:
  ports:
  - name: http
    port: 80
  selector:
    app: x
`;

describe("gitops-kit yaml fmt", () => {
  it("reprints a stream from stdin like kustomize: sorted keys, quoted look-alikes, block scalars, no empty documents", async () => {
    expect(await fmt(["-"], messy)).toEqual({ code: 0, out: tidy, err: "" });
    expect(await fmt([], messy)).toEqual({ code: 0, out: tidy, err: "" });
  });

  it("reads a file relative to the working directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gitops-kit-cli-"));
    writeFileSync(join(dir, "in.yaml"), messy);
    expect(await fmt(["in.yaml"], "", dir)).toEqual({ code: 0, out: tidy, err: "" });
  });

  it("is idempotent on its own output", async () => {
    expect((await fmt([], tidy)).out).toBe(tidy);
  });

  it("exits 1 with a typed error naming the file for malformed YAML", async () => {
    const r = await fmt([], "a: [1, 2\nb: c\n");
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^error \[[A-Z_]+\]: .*<stdin>/);
  });

  it("exits 1 when the file does not exist", async () => {
    const r = await fmt(["does-not-exist.yaml"], "", tmpdir());
    expect(r).toMatchObject({ code: 1, err: "error [NOT_FOUND]: does-not-exist.yaml: no such file\n" });
  });

  it("exits 2 on an extra argument or an unknown option", async () => {
    expect((await fmt(["a.yaml", "b.yaml"])).code).toBe(2);
    const r = await fmt(["--frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("Usage: gitops-kit yaml fmt [FILE|-]");
  });
});
