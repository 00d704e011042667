/**
 * `kustomize-fleet[-2x|-4x]` and `kustomize-corpus-*`: `buildKustomization` against `kubectl kustomize`
 * on a generated fleet (N apps, each a base plus dev / staging / prod overlays, and one root over the
 * three environments; about 2 000 objects at 1x) and on a few cases of the conformance corpus.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { printYamlStream } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { buildKustomization, createKustomizeCache } from "@gitops-kit/kustomize";
import { commandExists } from "../lib.js";
import type { Benchmark } from "./types.js";

/** Apps per environment at 1x: 13 objects per app (4 per environment, plus a Secret in prod). */
export const FLEET_APPS = 155;

const ENVS = [
  { name: "dev", replicas: 1, tag: "1.4.0-rc.1" },
  { name: "staging", replicas: 2, tag: "1.3.2" },
  { name: "prod", replicas: 4, tag: "1.3.1" },
] as const;

/**
 * A deterministic fleet: `apps/<app>/base` (Deployment, Service, HorizontalPodAutoscaler, a
 * configMapGenerator), `apps/<app>/overlays/<env>` (name prefix, labels, replicas, images, a strategic
 * merge and a JSON 6902 patch, a merged ConfigMap, a Secret in prod), `envs/<env>` (namespace and
 * annotations over every app's overlay) and a root listing the three environments.
 */
export function fleetTree(apps: number): Record<string, string> {
  const files: Record<string, string> = {};
  const put = (path: string, ...lines: string[]) => {
    files[path] = `${lines.join("\n")}\n`;
  };
  for (let i = 0; i < apps; i++) {
    const app = `svc-${String(i).padStart(4, "0")}`;
    const base = `apps/${app}/base`;
    put(
      `${base}/kustomization.yaml`,
      "resources: [deployment.yaml, service.yaml, hpa.yaml]",
      "labels:",
      "- pairs:",
      `    app.kubernetes.io/name: ${app}`,
      "  includeSelectors: true",
      "configMapGenerator:",
      `- name: ${app}-settings`,
      "  literals:",
      `  - SERVICE=${app}`,
      `  - SHARD=${i % 16}`,
      "  - LOG_FORMAT=json",
    );
    put(
      `${base}/deployment.yaml`,
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      `  name: ${app}`,
      "spec:",
      "  replicas: 1",
      "  template:",
      "    spec:",
      "      containers:",
      "      - name: app",
      `        image: registry.example.com/team-${i % 7}/${app}:1.0.0`,
      "        ports:",
      "        - containerPort: 8080",
      "          name: http",
      "        envFrom:",
      "        - configMapRef:",
      `            name: ${app}-settings`,
      "        resources:",
      "          requests: {cpu: 50m, memory: 64Mi}",
      "      - name: sidecar",
      "        image: registry.example.com/shared/proxy:2.1.0",
      "        args: [--upstream, localhost:8080]",
    );
    put(
      `${base}/service.yaml`,
      "apiVersion: v1",
      "kind: Service",
      "metadata:",
      `  name: ${app}`,
      "spec:",
      "  ports:",
      "  - name: http",
      "    port: 80",
      "    targetPort: http",
    );
    put(
      `${base}/hpa.yaml`,
      "apiVersion: autoscaling/v2",
      "kind: HorizontalPodAutoscaler",
      "metadata:",
      `  name: ${app}`,
      "spec:",
      "  scaleTargetRef:",
      "    apiVersion: apps/v1",
      "    kind: Deployment",
      `    name: ${app}`,
      "  minReplicas: 1",
      "  maxReplicas: 10",
    );
    for (const env of ENVS) {
      const dir = `apps/${app}/overlays/${env.name}`;
      const lines = [
        "resources: [../../base]",
        `namePrefix: ${env.name}-`,
        "labels:",
        "- pairs:",
        `    environment: ${env.name}`,
        "replicas:",
        `- name: ${app}`,
        `  count: ${env.replicas + (i % 3)}`,
        "images:",
        `- name: registry.example.com/team-${i % 7}/${app}`,
        `  newTag: ${env.tag}`,
        "configMapGenerator:",
        `- name: ${app}-settings`,
        "  behavior: merge",
        "  literals:",
        `  - ENVIRONMENT=${env.name}`,
        "patches:",
        "- path: resources.yaml",
        "- target:",
        "    kind: HorizontalPodAutoscaler",
        "  patch: |-",
        "    - op: replace",
        "      path: /spec/maxReplicas",
        `      value: ${env.replicas * 5}`,
      ];
      if (env.name === "prod") {
        lines.push(
          "secretGenerator:",
          `- name: ${app}-credentials`,
          "  literals:",
          `  - TOKEN=${app}-${i * 7919}`,
        );
      }
      put(`${dir}/kustomization.yaml`, ...lines);
      put(
        `${dir}/resources.yaml`,
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        `  name: ${app}`,
        "spec:",
        "  template:",
        "    spec:",
        "      containers:",
        "      - name: app",
        "        resources:",
        `          limits: {cpu: ${env.replicas * 250}m, memory: ${env.replicas * 128}Mi}`,
      );
    }
  }
  for (const env of ENVS) {
    const overlays = Array.from(
      { length: apps },
      (_, i) => `- ../../apps/svc-${String(i).padStart(4, "0")}/overlays/${env.name}`,
    );
    put(
      `envs/${env.name}/kustomization.yaml`,
      `namespace: ${env.name}`,
      "commonAnnotations:",
      `  example.com/environment: ${env.name}`,
      "resources:",
      ...overlays,
    );
  }
  put("kustomization.yaml", "resources:", "- envs/dev", "- envs/staging", "- envs/prod");
  return files;
}

function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "gitops-kit-bench-fleet-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function unavailable(): Promise<string | undefined> {
  return commandExists("kubectl") ? undefined : "kubectl is not installed";
}

/** Ours: a warm in-process build with a parse cache kept across runs (the reference gets no such help). */
function ours(path: string) {
  const fs = nodeFs();
  const cache = createKustomizeCache();
  return () => printYamlStream(buildKustomization({ fs, path, cache }).resources);
}

function fleet(scale: number): Benchmark {
  const apps = FLEET_APPS * scale;
  return {
    name: scale === 1 ? "kustomize-fleet" : `kustomize-fleet-${scale}x`,
    description: `a fleet of ${apps} apps x 3 environments (${apps * 13} objects): buildKustomization (warm, parse cache) vs kubectl kustomize`,
    unavailable,
    async prepare() {
      const root = writeTree(fleetTree(apps));
      return {
        ours: ours(root),
        reference: { command: "kubectl", args: ["kustomize", root] },
        cleanup: () => rmSync(root, { recursive: true, force: true }),
      };
    },
  };
}

export const kustomizeFleet = fleet(1);
export const kustomizeFleet2x = fleet(2);
export const kustomizeFleet4x = fleet(4);

const CORPUS = join(
  dirname(new URL(import.meta.url).pathname),
  "../../../shared/conformance/kustomize/cases",
);

function corpusCase(name: string, id: string): Benchmark {
  return {
    name,
    description: `conformance case ${id}: buildKustomization (warm, parse cache) vs kubectl kustomize`,
    async unavailable() {
      if (!existsSync(join(CORPUS, id))) return `the conformance corpus is not at ${CORPUS}`;
      return unavailable();
    },
    async prepare() {
      const meta = JSON.parse(readFileSync(join(CORPUS, id, "case.json"), "utf8")) as { root: string };
      const path = join(CORPUS, id, "input", meta.root);
      return { ours: ours(path), reference: { command: "kubectl", args: ["kustomize", path] } };
    },
  };
}

export const kustomizeCorpusSmall = corpusCase("kustomize-corpus-small", "examples__breakfast__1");
export const kustomizeCorpusMedium = corpusCase(
  "kustomize-corpus-medium",
  "baseandoverlaymedium__TestMediumOverlay",
);
export const kustomizeCorpusComplex = corpusCase(
  "kustomize-corpus-complex",
  "complexcomposition__TestComplexComposition_Prod_SuccessWithBaseTransformers",
);
