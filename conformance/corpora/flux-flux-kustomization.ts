/**
 * Corpus `flux/flux-kustomization`: what kustomize-controller does around a build (see
 * `flux/flux-kustomization/README.md` and SPEC.md): one case per folder of `generator-cases/` and one per
 * row of `images.jsonl`, `components.jsonl`, `local-relative-path.jsonl` and `inventory-ids.jsonl`.
 *
 * - `generator-cases`: `input/` is mounted at the Kustomization's `spec.path` in an in-memory source,
 *   `generateKustomization` runs (with the case's ignore settings), then the result is built with
 *   `buildKustomization` as Flux configures it; the asserted action, kustomization content, generated
 *   resources, build output (exact where given) and errors are checked;
 * - `images` / `components`: an existing kustomization plus the Flux spec fields are generated and built;
 *   the merged list and the rendered image / build failure are checked;
 * - `local-relative-path`: `isLocalRelativePath`;
 * - `inventory-ids`: `inventoryEntryOf`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type KubeObject, memFs, parseYaml, posixPath, printYamlStream } from "@gitops-kit/core";
import {
  buildKustomization,
  type GeneratedKustomization,
  type GeneratorSpec,
  generateKustomization,
  inventoryEntryOf,
  isLocalRelativePath,
  overlayKustomization,
} from "@gitops-kit/kustomize";
import { diffSummary, errorText, jsonlCases, listDirs, readTree, runEach } from "../lib.js";
import type { CaseResult, Corpus } from "../types.js";

const SOURCE = "/source";

function buildGenerated(
  fs: ReturnType<typeof memFs>,
  path: string,
  generated: GeneratedKustomization,
): KubeObject[] {
  return buildKustomization({
    fs: overlayKustomization(fs, generated),
    path,
    loadRestrictions: "None",
    reorder: "none",
  }).resources;
}

interface GeneratorCase {
  generator?: { withIgnore: boolean; ignore: string };
  ignorePatterns?: string;
  expected: {
    error?: boolean;
    action?: string;
    kustomizationContains?: string[];
    kustomizationBuildMetadata?: string[];
    buildResources?: number;
    resourceNameContains?: string;
    resourceNamespace?: string;
    generatedResources?: string[];
    build?: string;
    buildYaml?: string;
  };
}

function generatorCase(caseDir: string): string | undefined {
  const c = JSON.parse(readFileSync(join(caseDir, "case.json"), "utf8")) as GeneratorCase;
  const ksFile = readdirSync(caseDir).find((n) => n.startsWith("flux-kustomization."));
  if (!ksFile) return "no flux-kustomization file";
  const ks = parseYaml(readFileSync(join(caseDir, ksFile), "utf8")) as {
    spec?: GeneratorSpec & { path?: string };
  };
  const spec = ks.spec ?? {};
  const path = posixPath.join(SOURCE, posixPath.normalize(`/${spec.path ?? ""}`));
  let files: Record<string, Uint8Array> = {};
  try {
    files = readTree(join(caseDir, "input"), path);
  } catch {
    // No input folder: the directory exists but is empty.
  }
  const fs = memFs(files);
  fs.mkdir(path);
  const ignore =
    c.generator?.withIgnore || c.ignorePatterns !== undefined
      ? { patterns: c.generator?.ignore ?? c.ignorePatterns ?? "" }
      : undefined;

  let generated: GeneratedKustomization;
  let resources: KubeObject[];
  try {
    generated = generateKustomization({ fs, path, root: SOURCE, spec, ignore });
    resources = buildGenerated(fs, path, generated);
  } catch (err) {
    return c.expected.error ? undefined : `failed: ${errorText(err)}`;
  }
  const want = c.expected;
  if (want.error) return "expected an error";
  const problems: string[] = [];
  // Some cases explain the action after it ("unchanged (input already has ...)").
  const action = want.action?.split(" ")[0];
  if (action && generated.action !== action) problems.push(`action ${generated.action}, want ${action}`);
  for (const s of want.kustomizationContains ?? []) {
    if (!generated.text.includes(s)) problems.push(`kustomization lacks ${JSON.stringify(s)}`);
  }
  if (want.kustomizationBuildMetadata) {
    const got = JSON.stringify(generated.kustomization.buildMetadata ?? null);
    if (got !== JSON.stringify(want.kustomizationBuildMetadata)) problems.push(`buildMetadata ${got}`);
  }
  if (want.generatedResources) {
    const got = JSON.stringify(generated.kustomization.resources ?? []);
    if (got !== JSON.stringify(want.generatedResources)) problems.push(`resources ${got}`);
  }
  if (want.buildResources !== undefined && resources.length !== want.buildResources) {
    problems.push(`${resources.length} resources, want ${want.buildResources}`);
  }
  if (
    want.resourceNameContains &&
    !resources.some((r) => r.metadata?.name?.includes(want.resourceNameContains!))
  ) {
    problems.push(`no resource name contains ${want.resourceNameContains}`);
  }
  if (want.resourceNamespace && !resources.every((r) => r.metadata?.namespace === want.resourceNamespace)) {
    problems.push(`namespace is not ${want.resourceNamespace} everywhere`);
  }
  const output = printYamlStream(resources);
  if (want.build) {
    const expected = readFileSync(join(caseDir, "expected-build.yaml"), "utf8");
    if (expected !== output) problems.push(diffSummary(expected, output));
  }
  if (want.buildYaml !== undefined && output !== want.buildYaml)
    problems.push(diffSummary(want.buildYaml, output));
  return problems.length ? problems.join("; ") : undefined;
}

interface ImageRow {
  containerImage: string;
  existingKustomizationImages: Record<string, string>[];
  fluxImages: { name: string; newName?: string; newTag?: string; digest?: string }[];
  expected: { kustomizationImages: Record<string, string>[]; renderedImage: string };
}

function sortedKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
}

function imageCase(row: ImageRow): string | undefined {
  const dir = `${SOURCE}/app`;
  const kustomization = { resources: ["deployment.yaml"], images: row.existingKustomizationImages };
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "app" },
    spec: { template: { spec: { containers: [{ name: "app", image: row.containerImage }] } } },
  };
  const fs = memFs({
    [`${dir}/kustomization.yaml`]: JSON.stringify(kustomization),
    [`${dir}/deployment.yaml`]: JSON.stringify(deployment),
  });
  const generated = generateKustomization({ fs, path: dir, root: SOURCE, spec: { images: row.fluxImages } });
  const images = ((generated.kustomization.images as Record<string, unknown>[]) ?? []).map(sortedKeys);
  const problems: string[] = [];
  const want = row.expected.kustomizationImages.map(sortedKeys);
  if (JSON.stringify(images) !== JSON.stringify(want)) problems.push(`images ${JSON.stringify(images)}`);
  const [built] = buildGenerated(fs, dir, generated);
  const image = (built?.spec as { template?: { spec?: { containers?: { image?: string }[] } } })?.template
    ?.spec?.containers?.[0]?.image;
  if (image !== row.expected.renderedImage)
    problems.push(`rendered ${image}, want ${row.expected.renderedImage}`);
  return problems.length ? problems.join("; ") : undefined;
}

interface ComponentRow {
  existingKustomizationComponents?: string[] | null;
  existingDirs?: string[];
  fluxComponents: string[];
  ignoreMissingComponents?: boolean;
  expected: { components: string[] | null; buildError?: boolean };
}

function componentCase(row: ComponentRow): string | undefined {
  const dir = `${SOURCE}/app`;
  const files: Record<string, string> = {
    [`${dir}/configmap.yaml`]: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: b\n",
  };
  const kustomization: Record<string, unknown> = { resources: ["configmap.yaml"] };
  if (row.existingKustomizationComponents) kustomization.components = row.existingKustomizationComponents;
  const component = "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n";
  const dirs = row.existingDirs ?? [...(row.existingKustomizationComponents ?? []), ...row.fluxComponents];
  for (const d of dirs)
    files[`${dir}/${d}/kustomization.yaml`] = `${component}commonLabels:\n  ${d}: "true"\n`;
  files[`${dir}/kustomization.yaml`] = JSON.stringify(kustomization);
  const fs = memFs(files);
  const generated = generateKustomization({
    fs,
    path: dir,
    root: SOURCE,
    spec: { components: row.fluxComponents, ignoreMissingComponents: row.ignoreMissingComponents },
  });
  const problems: string[] = [];
  const got = JSON.stringify(generated.kustomization.components ?? null);
  if (got !== JSON.stringify(row.expected.components)) problems.push(`components ${got}`);
  if (row.expected.buildError !== undefined) {
    let failed = false;
    try {
      buildGenerated(fs, dir, generated);
    } catch {
      failed = true;
    }
    if (failed !== row.expected.buildError)
      problems.push(failed ? "the build failed" : "the build did not fail");
  }
  return problems.length ? problems.join("; ") : undefined;
}

const corpus: Corpus = {
  name: "flux/flux-kustomization",
  folder: "flux/flux-kustomization",
  async run(dir) {
    const results: CaseResult[] = [];
    results.push(
      ...(await runEach(
        jsonlCases<ComponentRow>(join(dir, "components.jsonl")),
        (c) => c.id,
        (c) => componentCase(c.row),
      )),
    );
    results.push(
      ...(await runEach(
        jsonlCases<ImageRow>(join(dir, "images.jsonl")),
        (c) => c.id,
        (c) => imageCase(c.row),
      )),
    );
    results.push(
      ...(await runEach(
        jsonlCases<{ object: KubeObject; expected: { id: string; v: string } }>(
          join(dir, "inventory-ids.jsonl"),
          {
            // These rows carry no id: the object names the case.
            idOf: (row) =>
              `${row.object.kind}/${row.object.metadata?.namespace ?? ""}/${row.object.metadata?.name}`,
          },
        ),
        (c) => c.id,
        (c) => {
          const got = inventoryEntryOf(c.row.object);
          return got.id === c.row.expected.id && got.v === c.row.expected.v
            ? undefined
            : `got ${JSON.stringify(got)}, want ${JSON.stringify(c.row.expected)}`;
        },
      )),
    );
    results.push(
      ...(await runEach(
        jsonlCases<{ path: string; expected: { localRelative: boolean } }>(
          join(dir, "local-relative-path.jsonl"),
          {
            idOf: (row) => JSON.stringify(row.path),
          },
        ),
        (c) => c.id,
        (c) =>
          isLocalRelativePath(c.row.path) === c.row.expected.localRelative
            ? undefined
            : `expected localRelative=${c.row.expected.localRelative}`,
      )),
    );
    const cases = join(dir, "generator-cases");
    results.push(
      ...(await runEach(
        listDirs(cases),
        (name) => `generator-cases/${name}`,
        (name) => generatorCase(join(cases, name)),
      )),
    );
    return results;
  },
};

export default corpus;
