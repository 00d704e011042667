/**
 * `kustomize-build`: build a generated tree of overlays over many bases, in-process with
 * `buildKustomization` versus `kubectl kustomize` on the same directory.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadKustomizeEngine } from "../../conformance/corpora/kustomize.js";
import { commandExists } from "../lib.js";
import type { Benchmark } from "./types.js";

/** Number of applications in the generated tree (each: Deployment, Service, generated ConfigMap). */
const APPS = 60;

/** A tree with a base per app, an overlay per app (prefix, labels, patch, image) and a root over them. */
export function kustomizeTree(apps: number): Record<string, string> {
  const files: Record<string, string> = {};
  const overlays: string[] = [];
  for (let i = 0; i < apps; i++) {
    const app = `app-${String(i).padStart(3, "0")}`;
    files[`bases/${app}/kustomization.yaml`] = [
      "resources:",
      "- deployment.yaml",
      "- service.yaml",
      "configMapGenerator:",
      `- name: ${app}-config`,
      "  literals:",
      `  - APP=${app}`,
      `  - REPLICAS=${(i % 5) + 1}`,
      "",
    ].join("\n");
    files[`bases/${app}/deployment.yaml`] = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      `  name: ${app}`,
      "spec:",
      "  replicas: 1",
      "  selector:",
      "    matchLabels:",
      `      app: ${app}`,
      "  template:",
      "    metadata:",
      "      labels:",
      `        app: ${app}`,
      "    spec:",
      "      containers:",
      "      - name: main",
      `        image: registry.example.com/${app}:1.0.0`,
      "        envFrom:",
      "        - configMapRef:",
      `            name: ${app}-config`,
      "        ports:",
      "        - containerPort: 8080",
      "",
    ].join("\n");
    files[`bases/${app}/service.yaml`] = [
      "apiVersion: v1",
      "kind: Service",
      "metadata:",
      `  name: ${app}`,
      "spec:",
      "  selector:",
      `    app: ${app}`,
      "  ports:",
      "  - port: 80",
      "    targetPort: 8080",
      "",
    ].join("\n");
    files[`overlays/${app}/kustomization.yaml`] = [
      `namespace: team-${i % 4}`,
      "namePrefix: prod-",
      "labels:",
      "- pairs:",
      "    env: prod",
      "  includeSelectors: true",
      "resources:",
      `- ../../bases/${app}`,
      "images:",
      `- name: registry.example.com/${app}`,
      "  newTag: 1.2.3",
      "patches:",
      "- target:",
      "    kind: Deployment",
      "  patch: |-",
      "    - op: replace",
      "      path: /spec/replicas",
      `      value: ${(i % 3) + 2}`,
      "",
    ].join("\n");
    overlays.push(`- overlays/${app}`);
  }
  files["kustomization.yaml"] = ["resources:", ...overlays, ""].join("\n");
  return files;
}

export const kustomizeBuild: Benchmark = {
  name: "kustomize-build",
  description: `build ${APPS} overlays over ${APPS} bases (${APPS * 3} objects): buildKustomization vs kubectl kustomize`,
  async unavailable() {
    if (!(await loadKustomizeEngine())) return "@gitops-kit/kustomize does not export buildKustomization yet";
    if (!commandExists("kubectl")) return "kubectl is not installed";
    return undefined;
  },
  async prepare() {
    const engine = await loadKustomizeEngine();
    if (!engine) throw new Error("kustomize engine not available");
    const root = mkdtempSync(join(tmpdir(), "gitops-kit-bench-kustomize-"));
    for (const [path, text] of Object.entries(kustomizeTree(APPS))) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return {
      ours: () => engine.buildAndPrint({ path: root }),
      reference: { command: "kubectl", args: ["kustomize", root] },
      cleanup: () => rmSync(root, { recursive: true, force: true }),
    };
  },
};
