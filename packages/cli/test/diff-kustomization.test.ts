import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/index.js";
import { captureIO } from "./helpers.js";

const fixtures = new URL("./fixtures/diff-kustomization/", import.meta.url).pathname;

async function diff(argv: string[], io = captureIO("", fixtures)) {
  const code = await main(["diff", "kustomization", ...argv], { io });
  return { code, out: io.out, err: io.err };
}

/** A state file written next to the fixtures' apps directory. */
function stateFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "gitops-kit-state-"));
  writeFileSync(join(dir, "state.yaml"), text);
  return join(dir, "state.yaml");
}

/** The Kustomization the state's objects belong to, with prune and an inventory. */
const kustomization = (extra = "") => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec: {interval: 10m, path: ./apps, prune: true, sourceRef: {kind: GitRepository, name: fleet}}
${extra}`;

describe("gitops-kit diff kustomization", () => {
  it("reports created, drifted (with a unified diff) and deleted objects in build order, and exits 1", async () => {
    const r = await diff(["apps", "--path", "apps", "--state", "state.yaml"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("");
    expect(r.out).toBe(`► Secret/apps/web-token drifted
--- Secret/apps/web-token (live)
+++ Secret/apps/web-token (merged)
@@ -7,5 +7,5 @@
   name: web-token
   namespace: apps
 stringData:
-  token: '***** (before)'
+  token: '***** (after)'
   user: '*****'

► Service/apps/web created
► Deployment/apps/web drifted
--- Deployment/apps/web (live)
+++ Deployment/apps/web (merged)
@@ -7,7 +7,7 @@
   name: web
   namespace: apps
 spec:
-  replicas: 2
+  replicas: 3
   selector:
     matchLabels:
       app: web
@@ -17,5 +17,5 @@
         app: web
     spec:
       containers:
-      - image: ghcr.io/example/web:1.1.0
+      - image: ghcr.io/example/web:1.2.0
         name: web

► Job/apps/old-job deleted
`);
  });

  it("never prints Secret values", async () => {
    const r = await diff(["apps", "--path", "apps", "--state", "state.yaml", "-o", "json"]);
    expect(r.out).not.toMatch(/token-value|admin/);
  });

  it("gives the changes as JSON or YAML with -o", async () => {
    const json = await diff(["apps", "--path", "apps", "--state", "state.yaml", "-o", "json"]);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.out) as { changes: { action: string; subject: string; diff?: string }[] };
    expect(parsed.changes.map((c) => `${c.action} ${c.subject}`)).toEqual([
      "drifted Secret/apps/web-token",
      "created Service/apps/web",
      "drifted Deployment/apps/web",
      "deleted Job/apps/old-job",
    ]);
    expect(parsed.changes[2].diff).toContain("-  replicas: 2\n+  replicas: 3\n");
    const yaml = await diff(["apps", "--path", "apps", "--state", "state.yaml", "--output", "yaml"]);
    expect(yaml.out).toMatch(/^changes:\n- action: drifted\n {2}diff: \|/);
  });

  it("exits 0 with nothing on stdout when the cluster already holds what the build makes", async () => {
    // The state is the build itself, plus the Kustomization with an inventory of exactly those objects.
    const build = captureIO("", fixtures);
    const ksFile = stateFile(kustomization());
    await main(
      [
        "build",
        "kustomization",
        "apps",
        "--path",
        "apps",
        "--kustomization-file",
        ksFile,
        "--substitute",
        "version=1.2.0",
      ],
      { io: build },
    );
    const withVersion = kustomization().replace(
      "prune: true",
      "prune: true, postBuild: {substitute: {version: 1.2.0}}",
    );
    const state = stateFile(`${build.out}${withVersion}status:
  inventory:
    entries:
    - {id: apps_web-token__Secret, v: v1}
    - {id: apps_web-config__ConfigMap, v: v1}
    - {id: apps_web__Service, v: v1}
    - {id: apps_web_apps_Deployment, v: v1}
`);
    const r = await diff(["apps", "--path", "apps", "--state", state]);
    expect(r).toEqual({ code: 0, out: "", err: "" });
  });

  it("colours the report on a terminal only", async () => {
    const tty = Object.assign(captureIO("", fixtures), { terminal: { stdout: true } });
    const r = await diff(["apps", "--path", "apps", "--state", "state.yaml"], tty);
    expect(r.out).toContain("\x1b[32m► Service/apps/web created\x1b[39m");
    expect(r.out).toContain("\x1b[31m-  replicas: 2\x1b[39m\n\x1b[32m+  replicas: 3\x1b[39m");
    const plain = Object.assign(captureIO("", fixtures), { terminal: { stdout: true } });
    expect(
      (await diff(["apps", "--path", "apps", "--state", "state.yaml", "--no-color"], plain)).out,
    ).not.toContain("\x1b[");
  });

  it("skips objects marked reconcile: disabled and reports no deletions without prune", async () => {
    const state = stateFile(`${kustomization().replace("prune: true", "prune: false")}status:
  inventory:
    entries: [{id: apps_gone__ConfigMap, v: v1}]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: apps
  annotations: {kustomize.toolkit.fluxcd.io/reconcile: disabled}
spec: {selector: {app: other}}
`);
    const r = await diff(["apps", "--path", "apps", "--state", state]);
    expect(r.out).toContain("► Service/apps/web skipped\n");
    expect(r.out).not.toContain("deleted");
    expect(r.out).not.toContain("app: other");
  });

  it("follows fluxcd/pkg/ssa's marks and drift rules: ifnotpresent, marks on the build, metadata outside labels and annotations", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gitops-kit-marks-"));
    writeFileSync(
      join(dir, "objects.yaml"),
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: once
  namespace: apps
  annotations: {kustomize.toolkit.fluxcd.io/ssa: IfNotPresent}
data: {a: new}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: off
  namespace: apps
  labels: {kustomize.toolkit.fluxcd.io/reconcile: Disabled}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: kept, namespace: apps}
data: {a: same}
`,
    );
    const state = stateFile(`${kustomization()}---
apiVersion: v1
kind: ConfigMap
metadata: {name: once, namespace: apps}
data: {a: old}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kept
  namespace: apps
  labels: {kustomize.toolkit.fluxcd.io/name: apps, kustomize.toolkit.fluxcd.io/namespace: flux-system}
  finalizers: [example.com/keep]
data: {a: same}
`);
    const r = await diff(["apps", "--path", dir, "--state", state]);
    // 'once' exists, so it is left alone; 'off' is marked in the build; 'kept' differs only by a finalizer.
    expect(r).toEqual({
      code: 0,
      out: "► ConfigMap/apps/once skipped\n► ConfigMap/apps/off skipped\n",
      err: "",
    });
  });

  it("compares only the keys of SOPS-encrypted Secrets, whose values the build masks", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gitops-kit-sops-"));
    writeFileSync(
      join(dir, "secret.yaml"),
      `apiVersion: v1
kind: Secret
metadata: {name: s, namespace: apps}
stringData:
  token: ENC[AES256_GCM,data:abc,type:str]
sops:
  mac: ENC[AES256_GCM,data:xyz,type:str]
  version: 3.8.1
`,
    );
    const live = (keys: string) =>
      stateFile(`${kustomization()}---
apiVersion: v1
kind: Secret
metadata:
  name: s
  namespace: apps
  labels: {kustomize.toolkit.fluxcd.io/name: apps, kustomize.toolkit.fluxcd.io/namespace: flux-system}
stringData: {${keys}}
`);
    const same = await diff(["apps", "--path", dir, "--state", live("token: decrypted")]);
    expect(same).toEqual({ code: 0, out: "", err: "" });
    const more = await diff(["apps", "--path", dir, "--state", live("token: decrypted, extra: x")]);
    expect(more.code).toBe(1);
    expect(more.out).toContain("► Secret/apps/s drifted");
    expect(more.out).not.toContain("decrypted");
  });

  it("builds the Kustomization from --kustomization-file when given", async () => {
    const ks = stateFile(kustomization().replace("prune: true", "prune: false, targetNamespace: staging"));
    const r = await diff(["apps", "--path", "apps", "--state", "state.yaml", "--kustomization-file", ks]);
    expect(r.out).toContain("► Deployment/staging/web created\n");
    expect(r.out).not.toContain("deleted");
  });

  it("with -r, diffs the Flux Kustomizations the build applies from their local sources", async () => {
    const parent = stateFile(
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: clusters, namespace: flux-system}\nspec: {path: ./clusters}\n",
    );
    const args = [
      "clusters",
      "--path",
      "clusters",
      "--state",
      "state.yaml",
      "--kustomization-file",
      parent,
      "-r",
    ];
    const r = await diff([...args, "--local-sources", `GitRepository/flux-system/fleet=${fixtures}`]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("");
    // The child Kustomization object itself matches the cluster; what it applies does not.
    const single = await diff(["apps", "--path", "apps", "--state", "state.yaml"]);
    expect(r.out).toBe(`📁 Kustomization/flux-system/apps changed\n${single.out}`);
    const json = await diff([
      ...args,
      "--local-sources",
      `GitRepository/flux-system/fleet=${fixtures}`,
      "-o",
      "json",
    ]);
    const parsed = JSON.parse(json.out) as { changes: { action: string; changes: unknown[] }[] };
    expect(parsed.changes).toHaveLength(1);
    expect(parsed.changes[0]).toMatchObject({ action: "changed", subject: "Kustomization/flux-system/apps" });
    expect(parsed.changes[0].changes).toHaveLength(4);

    const unknown = await diff(args);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(
      "cannot get local path for GitRepository/flux-system/fleet of kustomization apps",
    );
  });

  it("fails with exit 1 when the Kustomization is not in the cluster and no file names it", async () => {
    const r = await diff(["other", "--path", "apps", "--state", "state.yaml"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(
      'kustomizations.kustomize.toolkit.fluxcd.io "other" not found in namespace flux-system',
    );
  });

  it("names the bad document of a state file", async () => {
    const r = await diff(["apps", "--path", "apps", "--state", stateFile("kind: ConfigMap\n")]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/state\.yaml: document 1 is not a Kubernetes object/);
  });

  it("exits 2 on usage errors", async () => {
    for (const argv of [
      ["apps", "--state", "state.yaml"],
      ["--path", "apps", "--state", "state.yaml"],
      ["apps", "--path", "apps", "--state", "state.yaml", "--kubeconfig", "k"],
      ["apps", "--path", "apps", "--state", "state.yaml", "-o", "table"],
    ]) {
      const r = await diff(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.out).toBe("");
    }
  });
});
