/**
 * The patch transformers of the pipeline (PatchTransformer for `patches:`,
 * PatchStrategicMergeTransformer for `patchesStrategicMerge:`, PatchJson6902Transformer for
 * `patchesJson6902:`): loading and classifying patch text, choosing targets, and keeping the
 * build bookkeeping right around the merge itself (which lives in `patch/`).
 *
 * @module
 */

import { errorMessage } from "@gitops-kit/core";
import type { KustomizeCache } from "./cache.js";
import { TransformerError } from "./errors.js";
import type { FileLoader } from "./loader.js";
import type { MergeSchema } from "./openapi/schema.js";
import { applyStrategicMergePatch } from "./patch/apply-strategic-merge.js";
import { classifyPatch } from "./patch/classify.js";
import { applyJson6902, type Json6902Operation, parseJson6902 } from "./patch/json6902.js";
import { type ResId, resIdString, type ScopeResolver } from "./resid.js";
import type { ResMap } from "./resmap.js";
import { Resource } from "./resource.js";
import { type ResourcesFromTextOptions, resourcesFromText, type YamlParser } from "./resource-factory.js";
import { markTextsAfterJson, settleFlowScalars } from "./scalar-text.js";
import { type Selector, selectResources } from "./select-resources.js";

/** What the patch machinery needs from the build. */
export interface PatchContext {
  parse: YamlParser;
  scope: ScopeResolver;
  /** The schema in force when the patch runs (kustomize's global schema). */
  schema: () => MergeSchema;
  /** The kustomization file, for messages. */
  file: string;
  /** The caller's cache, if any. */
  cache?: KustomizeCache;
}

/** Thrown (without a stack) to tell the classifier that text is not a strategic merge patch. */
const NOT_STRATEGIC_MERGE = Object.freeze({ notStrategicMerge: true });

/** A parsed patch: strategic merge documents or a JSON 6902 operation list. */
export type ParsedPatch =
  | { kind: "smp"; patches: Resource[] }
  | { kind: "json6902"; ops: Json6902Operation[] };

/**
 * Classify patch text as kustomize does: it must parse as exactly one of strategic merge
 * documents or a JSON 6902 list.
 */
export function parsePatchText(text: string, source: string, ctx: PatchContext): ParsedPatch {
  if (!ctx.cache) return classify(text, source, ctx);
  // The classification is plain data: remember it across builds with the caller's cache.
  const plain = ctx.cache.memo(`patch\u0000${source}\u0000${text}`, () => {
    const p = classify(text, source, ctx);
    return p.kind === "smp" ? { kind: p.kind, docs: p.patches.map((r) => r.obj) } : p;
  });
  if (plain.kind === "json6902") return plain;
  return { kind: "smp", patches: plain.docs.map((d) => new Resource(d, source)) };
}

function classify(text: string, source: string, ctx: PatchContext): ParsedPatch {
  let resources: Resource[] = [];
  let classified: ReturnType<typeof classifyPatch>;
  try {
    classified = classifyPatch({
      text,
      source,
      parseStrategicMerge: (t) => {
        const docs = ctx.parse(t, source);
        // A list of operations is not a strategic merge patch: say so without building an error.
        if (docs.length > 0 && Array.isArray(docs[0])) throw NOT_STRATEGIC_MERGE;
        resources = resourcesFromText({ text: t, source, parse: () => docs });
        return resources.map((r) => r.obj);
      },
    });
  } catch (err) {
    throw new TransformerError(errorMessage(err), {
      file: ctx.file,
      field: "patches",
      cause: err,
    });
  }
  if (classified.type === "json6902") return { kind: "json6902", ops: classified.operations };
  return { kind: "smp", patches: resources };
}

function tryResources(options: ResourcesFromTextOptions): Resource[] | undefined {
  try {
    return resourcesFromText(options);
  } catch {
    return undefined;
  }
}

/** kustomize's GetById: the one resource with any id equal to `id`. */
function uniqueById(resources: ResMap, id: ResId, what: string, file: string): Resource {
  const found = resources.byAnyId(id);
  if (found.length === 1) return found[0];
  const problem =
    found.length > 1 ? `multiple matches for Id ${resIdString(id)}` : `no matches for Id ${resIdString(id)}`;
  throw new TransformerError(
    `${problem}; failed to find unique target for patch ${resIdString(id)} (${what} in ${file})`,
    {
      file,
      field: "patches",
    },
  );
}

/**
 * Apply one strategic merge patch to the selected resources, then rebuild the list (dropping
 * deleted resources and rejecting id collisions), as kustomize's ResMap.ApplySmPatch does.
 */
export function applySmPatchToSet(
  resources: ResMap,
  targets: Set<Resource>,
  patch: Resource,
  source: string,
  ctx: PatchContext,
): void {
  const kept: Resource[] = [];
  for (const r of resources.resources()) {
    if (targets.has(r)) applySmPatchToResource(r, patch, source, ctx);
    if (!r.isEmpty()) kept.push(r);
  }
  resources.setAll([]);
  resources.appendAll(kept, `applying patch ${source}`);
}

/** Apply one strategic merge patch to one resource in place. */
export function applySmPatchToResource(
  r: Resource,
  patch: Resource,
  source: string,
  ctx: PatchContext,
): void {
  if (patch.allowNameChange || patch.allowKindChange) r.storePreviousId(ctx.scope);
  const merged = applyStrategicMergePatch({
    target: r.obj,
    patch: patch.obj,
    schema: ctx.schema(),
    source,
    allowNameChange: patch.allowNameChange,
    allowKindChange: patch.allowKindChange,
  });
  r.obj = merged ?? {};
}

/**
 * kustomize keeps build bookkeeping in internal annotations, so a resource that has any always has
 * a `metadata.annotations` map while patches run. JSON patches can observe that (an `add` under
 * `/metadata/annotations/` succeeds): give them the map.
 */
function needsAnnotationsMap(r: Resource): boolean {
  return r.hasBuildAnnotations();
}

function ensureAnnotationsMap(r: Resource): void {
  const md = r.metadata();
  if (md.annotations === undefined || md.annotations === null) md.annotations = {};
}

/** Apply a JSON 6902 operation list to one resource in place. */
export function applyJsonPatchToResource(
  r: Resource,
  ops: Json6902Operation[],
  source: string,
  ctx: PatchContext,
  storePrevious: boolean,
): void {
  if (storePrevious) r.storePreviousId(ctx.scope);
  if (needsAnnotationsMap(r)) ensureAnnotationsMap(r);
  // An empty map left behind is removed with the other bookkeeping at the end of the build.
  // The patch applies to the resource as kustomize's JSON round trip leaves it.
  settleFlowScalars(r.obj);
  r.obj = applyJson6902({ target: r.obj, operations: ops, source });
  // kustomize reads the patched JSON back through go-yaml, which quotes what needs quotes.
  markTextsAfterJson(r.obj, "go-yaml");
}

/** One `patches:` entry (or PatchTransformer plugin config). */
export interface PatchEntry {
  path?: string;
  patch?: string;
  target?: Selector;
  options?: Record<string, boolean>;
}

/** A configured PatchTransformer: call {@link PatchTransformer.transform} per run. */
export class PatchTransformer {
  private readonly parsed: ParsedPatch;
  private readonly source: string;

  constructor(
    private readonly entry: PatchEntry,
    loader: FileLoader,
    private readonly ctx: PatchContext,
  ) {
    const patch = (entry.patch ?? "").trim();
    if (patch === "" && !entry.path) {
      throw new TransformerError(`must specify one of patch and path in patches entry of ${ctx.file}`, {
        file: ctx.file,
        field: "patches",
      });
    }
    if (patch !== "" && entry.path) {
      throw new TransformerError(`patch and path can't be set at the same time (in ${ctx.file})`, {
        file: ctx.file,
        field: "patches",
      });
    }
    let text: string;
    if (patch !== "") {
      text = patch;
      this.source = `[patch: ${JSON.stringify(patch)}]`;
    } else {
      try {
        text = new TextDecoder().decode(loader.load(entry.path ?? ""));
      } catch (err) {
        throw new TransformerError(
          `failed to get the patch file from path(${entry.path}): ${errorMessage(err)}`,
          { file: ctx.file, field: "patches", cause: err },
        );
      }
      this.source = `[path: ${JSON.stringify(entry.path)}]`;
    }
    this.parsed = parsePatchText(text, this.source, ctx);
    if (this.parsed.kind === "smp") {
      for (const p of this.parsed.patches) {
        if (entry.options?.allowNameChange) p.allowNameChange = true;
        if (entry.options?.allowKindChange) p.allowKindChange = true;
      }
    }
  }

  transform(resources: ResMap): void {
    const { ctx } = this;
    if (this.parsed.kind === "smp") {
      const patches = this.parsed.patches;
      if (this.entry.target) {
        if (patches.length > 1) {
          throw new TransformerError(
            `Multiple Strategic-Merge Patches in one \`patches\` entry is not allowed to set \`patches.target\` field: ${this.source}`,
            { file: ctx.file, field: "patches" },
          );
        }
        if (patches.length === 0) return;
        const selected = selectResources(resources, this.entry.target);
        // The merge gives the patch each target's group and version (kustomize's SetGvk).
        applySmPatchToSet(resources, new Set(selected), patches[0], this.source, ctx);
        return;
      }
      for (const p of patches) {
        const target = uniqueById(resources, p.orgId(), this.source, ctx.file);
        applySmPatchToResource(target, p, this.source, ctx);
        resources.invalidate();
      }
      resources.dropEmpties();
      return;
    }
    if (!this.entry.target) {
      throw new TransformerError(`must specify a target for JSON patch ${this.source}`, {
        file: ctx.file,
        field: "patches",
      });
    }
    for (const r of selectResources(resources, this.entry.target)) {
      applyJsonPatchToResource(r, this.parsed.ops, this.source, ctx, true);
    }
    resources.invalidate();
  }
}

/** A configured PatchStrategicMergeTransformer (`patchesStrategicMerge:`). */
export class PatchStrategicMergeTransformer {
  private readonly patches: Resource[] = [];

  constructor(
    paths: string[],
    inlinePatches: string | undefined,
    loader: FileLoader,
    private readonly ctx: PatchContext,
  ) {
    if (paths.length === 0 && !inlinePatches) {
      throw new TransformerError("empty file path and empty patch content", {
        file: ctx.file,
        field: "patchesStrategicMerge",
      });
    }
    for (const p of paths) {
      const inline = tryResources({ text: p, source: ctx.file, parse: ctx.parse });
      if (inline !== undefined && inline.length > 0) {
        this.patches.push(...inline);
        continue;
      }
      let text: string;
      try {
        text = new TextDecoder().decode(loader.load(p));
      } catch (err) {
        throw new TransformerError(`patchesStrategicMerge: ${errorMessage(err)} (in ${ctx.file})`, {
          file: ctx.file,
          field: "patchesStrategicMerge",
          cause: err,
        });
      }
      this.patches.push(...resourcesFromText({ text, source: loader.resolve(p), parse: ctx.parse }));
    }
    if (inlinePatches)
      this.patches.push(...resourcesFromText({ text: inlinePatches, source: ctx.file, parse: ctx.parse }));
    if (this.patches.length === 0) {
      throw new TransformerError(`patch appears to be empty; files=[${paths.join(" ")}]`, {
        file: ctx.file,
        field: "patchesStrategicMerge",
      });
    }
  }

  transform(resources: ResMap): void {
    for (const p of this.patches) {
      const target = uniqueById(resources, p.orgId(), "patchesStrategicMerge", this.ctx.file);
      applySmPatchToSet(resources, new Set([target]), p, "patchesStrategicMerge", this.ctx);
    }
  }
}

/** A configured PatchJson6902Transformer (`patchesJson6902:`). */
export class PatchJson6902Transformer {
  private readonly ops: Json6902Operation[];
  private readonly source: string;

  constructor(
    private readonly target: Selector | undefined,
    path: string | undefined,
    jsonOp: string | undefined,
    loader: FileLoader,
    private readonly ctx: PatchContext,
  ) {
    const field = "patchesJson6902";
    if (!target?.name) throw new TransformerError("must specify the target name", { file: ctx.file, field });
    if (!path && !jsonOp)
      throw new TransformerError("empty file path and empty jsonOp", { file: ctx.file, field });
    let text = jsonOp ?? "";
    if (path) {
      if (jsonOp)
        throw new TransformerError("must specify a file path or jsonOp, not both", { file: ctx.file, field });
      try {
        text = new TextDecoder().decode(loader.load(path));
      } catch (err) {
        throw new TransformerError(`${field}: ${errorMessage(err)}`, {
          file: ctx.file,
          field,
          cause: err,
        });
      }
      if (text === "")
        throw new TransformerError(`patch file '${path}' empty seems to be empty`, { file: ctx.file, field });
    }
    this.source = path ? `[path: ${JSON.stringify(path)}]` : `[patch: ${JSON.stringify(text)}]`;
    let ops: Json6902Operation[];
    try {
      ops = parseJson6902({ text, source: this.source });
    } catch (err) {
      throw new TransformerError(`decoding ${this.source}: ${errorMessage(err)}`, {
        file: ctx.file,
        field,
        cause: err,
      });
    }
    if (ops.length === 0) {
      throw new TransformerError(`patch appears to be empty; ${this.source}`, { file: ctx.file, field });
    }
    this.ops = ops;
  }

  transform(resources: ResMap): void {
    for (const r of selectResources(resources, this.target ?? {})) {
      applyJsonPatchToResource(r, this.ops, this.source, this.ctx, false);
    }
    resources.invalidate();
  }
}
