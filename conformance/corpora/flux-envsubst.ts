/**
 * Corpus `flux/envsubst`: Flux postBuild substitution (see `flux/envsubst/README.md` and SPEC.md): one case
 * per row of `cases.jsonl`, `controller-cases.jsonl` and `var-names.jsonl`, and one per folder of
 * `kustomize-cases/`.
 *
 * - `cases`: the envsubst language (`envsubst`), output or error text (a Go panic row needs the typed
 *   runtime error with Go's panic text);
 * - `var-names`: `isValidVarName`;
 * - `controller-cases`: the manifests become a source tree (no kustomization file, so one is generated),
 *   the ConfigMaps/Secrets go into a MemoryCluster, the Kustomization is built with
 *   `buildFluxKustomization` and the asserted fields are checked; `applyFails` cases are applied with
 *   `applyObjects` and must fail; error cases must fail the build with the asserted reason's error type;
 * - `kustomize-cases`: `input/` is built with kustomize, then each object is substituted with the case's
 *   strict/always options (as fluxcd/pkg's tests call `SubstituteVariables`), and the output is compared
 *   exactly or by the asserted substrings.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type KubeObject,
  MemoryCluster,
  memFs,
  parseYaml,
  parseYamlStream,
  printYamlStream,
} from "@gitops-kit/core";
import {
  applyObjects,
  buildFluxKustomization,
  buildKustomization,
  EnvsubstError,
  envsubst,
  isValidVarName,
  loadSubstituteVariables,
  parseFluxKustomization,
  SubstitutionError,
  substituteObject,
} from "@gitops-kit/kustomize";
import { diffSummary, errorText, jsonlCases, listDirs, readTree, runEach } from "../lib.js";
import type { CaseResult, Corpus } from "../types.js";

interface EnvsubstRow {
  input: string;
  vars: Record<string, string>;
  strict: boolean;
  expected: { output: string } | { error: true; message?: string; panic?: string };
}

function envsubstCase(row: EnvsubstRow): string | undefined {
  let got: { output: string } | { error: string; code: string };
  try {
    got = { output: envsubst({ input: row.input, vars: row.vars, strict: row.strict }) };
  } catch (err) {
    if (!(err instanceof EnvsubstError)) throw err;
    got = { error: err.message, code: err.code };
  }
  const want = row.expected;
  if ("output" in want) {
    if ("output" in got && got.output === want.output) return undefined;
    return `expected ${JSON.stringify(want.output)}, got ${JSON.stringify(got)}`;
  }
  if (!("error" in got)) return `expected an error, got ${JSON.stringify(got.output)}`;
  if (want.panic !== undefined) {
    if (got.code === "ENVSUBST_RUNTIME" && got.error === want.panic) return undefined;
    return `expected runtime error ${JSON.stringify(want.panic)}, got ${got.code}: ${got.error}`;
  }
  if (got.error === want.message) return undefined;
  return `expected error ${JSON.stringify(want.message)}, got ${JSON.stringify(got.error)}`;
}

interface FieldAssertion {
  kind: string;
  path: string;
  value?: string;
  valueDecoded?: string;
  contains?: string;
  notContains?: string;
}

interface ControllerRow {
  manifests: string;
  postBuild: Record<string, unknown>;
  clusterObjects: KubeObject[];
  options: { strict: boolean };
  expected: {
    fields?: FieldAssertion[];
    applyFails?: boolean;
    substitutionRuns?: boolean;
    error?: boolean;
    reason?: string;
    messageContains?: string;
  };
}

function fieldAt(object: unknown, path: string): unknown {
  let v: unknown = object;
  for (const part of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function checkFields(objects: KubeObject[], fields: FieldAssertion[]): string[] {
  const problems: string[] = [];
  for (const f of fields) {
    const object = objects.find((o) => o.kind === f.kind);
    if (!object) {
      problems.push(`no ${f.kind} in the output`);
      continue;
    }
    const value = fieldAt(object, f.path);
    if (f.value !== undefined && value !== f.value) {
      problems.push(`${f.kind} ${f.path}: expected ${JSON.stringify(f.value)}, got ${JSON.stringify(value)}`);
    }
    if (f.valueDecoded !== undefined) {
      const decoded = typeof value === "string" ? Buffer.from(value, "base64").toString("utf8") : undefined;
      if (decoded !== f.valueDecoded) {
        problems.push(
          `${f.kind} ${f.path}: expected decoded ${JSON.stringify(f.valueDecoded)}, got ${JSON.stringify(decoded)}`,
        );
      }
    }
    if (f.contains !== undefined && !(typeof value === "string" && value.includes(f.contains))) {
      problems.push(`${f.kind} ${f.path}: does not contain ${JSON.stringify(f.contains)}`);
    }
    if (f.notContains !== undefined && typeof value === "string" && value.includes(f.notContains)) {
      problems.push(`${f.kind} ${f.path}: contains ${JSON.stringify(f.notContains)}`);
    }
  }
  return problems;
}

async function controllerCase(row: ControllerRow): Promise<string | undefined> {
  const cluster = new MemoryCluster({ namespaces: ["default", "test"] });
  if (row.clusterObjects.length > 0)
    await cluster.apply({ objects: row.clusterObjects, fieldManager: "test" });
  const fs = memFs({ "/source/manifests.yaml": row.manifests });
  const kustomization = {
    metadata: { name: "test", namespace: "test" },
    spec: { path: "./", postBuild: row.postBuild as never },
  };
  const want = row.expected;
  let objects: KubeObject[];
  try {
    ({ objects } = await buildFluxKustomization({
      fs,
      root: "/source",
      kustomization,
      cluster,
      strictSubstitution: row.options.strict,
    }));
  } catch (err) {
    if (!want.error) return `build failed: ${errorText(err)}`;
    // The controller reports BuildFailed for every build-step error (substitution included).
    if (want.reason === "BuildFailed" && !(err instanceof SubstitutionError)) {
      return `expected a substitution error (BuildFailed), got ${errorText(err)}`;
    }
    if (want.messageContains && !(err as Error).message.includes(want.messageContains)) {
      return `error ${JSON.stringify((err as Error).message)} does not contain ${JSON.stringify(want.messageContains)}`;
    }
    return undefined;
  }
  if (want.error) return "expected the build to fail";
  // The controller's test reads the objects back from the cluster after the apply.
  let applied: KubeObject[];
  try {
    const { entries } = await applyObjects({ cluster, objects, owner: { name: "test", namespace: "test" } });
    applied = entries.map((e) => e.object).filter((o): o is KubeObject => o !== undefined);
  } catch (err) {
    if (want.applyFails) return checkFields(objects, want.fields ?? []).join("; ") || undefined;
    return `apply failed: ${errorText(err)}`;
  }
  if (want.applyFails) return "expected the apply to fail";
  const problems = checkFields(applied, want.fields ?? []);
  return problems.length ? problems.join("; ") : undefined;
}

interface KustomizeCaseJson {
  options: { strict: boolean; always: boolean };
  expected: {
    file?: string;
    exact?: boolean;
    contains?: string[];
    notContains?: string[];
    error?: boolean;
    messageContains?: string;
    resourceReturned?: boolean;
  };
  alsoCheck?: { options: { strict: boolean }; expected: { error: boolean } };
  equivalentTo?: { "flux-kustomization": string; options: { strict: boolean } };
}

async function renderKustomizeCase(
  dir: string,
  ksFile: string,
  options: { strict: boolean; always: boolean },
): Promise<string> {
  const files = readTree(join(dir, "input"), "/input");
  const fs = memFs(files);
  const ks = parseFluxKustomization({ object: parseYaml(readFileSync(join(dir, ksFile), "utf8")) });
  const cluster = new MemoryCluster({ namespaces: ["default"] });
  const clusterObjects = parseYamlStream(
    readFileSync(join(dir, "cluster-objects.yaml"), "utf8"),
  ) as KubeObject[];
  if (clusterObjects.length > 0) await cluster.apply({ objects: clusterObjects, fieldManager: "test" });
  const { resources } = buildKustomization({ fs, path: "/input", loadRestrictions: "None", reorder: "none" });
  const vars = await loadSubstituteVariables({
    namespace: ks.metadata.namespace,
    postBuild: ks.spec.postBuild,
    cluster,
  });
  const out = resources.map(
    (object) =>
      substituteObject({ object, vars: vars.vars, strict: options.strict, always: options.always }) ?? object,
  );
  return printYamlStream(out);
}

async function kustomizeCase(dir: string): Promise<string | undefined> {
  const c = JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) as KustomizeCaseJson;
  const problems: string[] = [];
  let output: string | undefined;
  try {
    output = await renderKustomizeCase(dir, "flux-kustomization.yaml", c.options);
  } catch (err) {
    if (!c.expected.error) return `failed: ${errorText(err)}`;
    if (c.expected.messageContains && !(err as Error).message.includes(c.expected.messageContains)) {
      problems.push(
        `error ${JSON.stringify((err as Error).message)} lacks ${JSON.stringify(c.expected.messageContains)}`,
      );
    }
  }
  if (output !== undefined) {
    if (c.expected.error) problems.push("expected an error");
    if (c.expected.file) {
      const want = readFileSync(join(dir, c.expected.file), "utf8");
      if (want !== output) problems.push(diffSummary(want, output));
    }
    for (const s of c.expected.contains ?? [])
      if (!output.includes(s)) problems.push(`output lacks ${JSON.stringify(s)}`);
    for (const s of c.expected.notContains ?? [])
      if (output.includes(s)) problems.push(`output has ${JSON.stringify(s)}`);
    if (c.expected.resourceReturned && output.trim() === "") problems.push("no resource returned");
  }
  if (c.alsoCheck) {
    const opts = { ...c.options, ...c.alsoCheck.options };
    try {
      await renderKustomizeCase(dir, "flux-kustomization.yaml", opts);
      if (c.alsoCheck.expected.error) problems.push(`alsoCheck ${JSON.stringify(opts)}: expected an error`);
    } catch (err) {
      if (!c.alsoCheck.expected.error) problems.push(`alsoCheck ${JSON.stringify(opts)}: ${errorText(err)}`);
    }
  }
  if (c.equivalentTo && output !== undefined) {
    const other = await renderKustomizeCase(dir, "flux-kustomization-dummy.yaml", {
      ...c.options,
      ...c.equivalentTo.options,
    });
    if (other !== output)
      problems.push(`not equivalent to the dummy rendering: ${diffSummary(output, other)}`);
  }
  return problems.length ? problems.join("; ") : undefined;
}

const corpus: Corpus = {
  name: "flux/envsubst",
  folder: "flux/envsubst",
  async run(dir) {
    const results: CaseResult[] = [];
    results.push(
      ...(await runEach(
        jsonlCases<EnvsubstRow>(join(dir, "cases.jsonl")),
        (c) => c.id,
        (c) => envsubstCase(c.row),
      )),
    );
    results.push(
      ...(await runEach(
        jsonlCases<ControllerRow>(join(dir, "controller-cases.jsonl")),
        (c) => c.id,
        (c) => controllerCase(c.row),
      )),
    );
    results.push(
      ...(await runEach(
        // var-names rows have no id: the variable name itself (quoted, as it may be empty) names the case.
        jsonlCases<{ name: string; expected: { valid: boolean } }>(join(dir, "var-names.jsonl"), {
          idOf: (row) => JSON.stringify(row.name),
        }),
        (c) => c.id,
        (c) =>
          isValidVarName(c.row.name) === c.row.expected.valid
            ? undefined
            : `expected valid=${c.row.expected.valid}`,
      )),
    );
    const folder = join(dir, "kustomize-cases");
    results.push(
      ...(await runEach(
        listDirs(folder),
        (name) => `kustomize-cases/${name}`,
        (name) => kustomizeCase(join(folder, name)),
      )),
    );
    return results;
  },
};

export default corpus;
