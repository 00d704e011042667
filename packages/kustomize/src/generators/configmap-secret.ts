/**
 * configMapGenerator / secretGenerator: build a ConfigMap or Secret from key/value sources, with
 * generator options (labels, annotations, immutable) and the hash-suffix and behavior marks.
 *
 * @module
 */
import { toBase64 } from "@gitops-kit/core";
import { GeneratorError } from "../errors.js";
import type { GeneratorOptions } from "../kustomization.js";
import { Resource, toGenerationBehavior } from "../resource.js";
import { unprintableKeyMessage } from "../scalar-text.js";
import { type KvPair, type KvSources, loadKvPairs } from "./kv.js";

/** Arguments of one generator entry (after merging `generatorOptions`). */
export interface GeneratorArgs extends KvSources {
  name?: string;
  namespace?: string;
  behavior?: string;
  options?: GeneratorOptions;
  /** Secret type (Secrets only; default `Opaque`). */
  type?: string;
}

/** Options of {@link generateConfigMap} and {@link generateSecret}. */
export interface GenerateOptions {
  args: GeneratorArgs;
  readFile: (path: string) => Uint8Array;
  file?: string;
}

/** base64 as kustomize stores it: lines of 70 characters, each ending in `\n`, once it reaches 70. */
export function wrappedBase64(bytes: Uint8Array): string {
  const enc = toBase64(bytes);
  if (enc.length < 70) return enc;
  let out = "";
  for (let i = 0; i < enc.length; i += 70) out += `${enc.slice(i, i + 70)}\n`;
  return out;
}

/** Merge kustomization-level generatorOptions into an entry's options (the entry's labels win). */
export function mergeGeneratorOptions(
  local: GeneratorOptions | undefined,
  global: GeneratorOptions | undefined,
): GeneratorOptions | undefined {
  if (!global) return local;
  const out: GeneratorOptions = { ...(local ?? {}) };
  const mergeMap = (l: Record<string, string> | undefined, g: Record<string, string> | undefined) => {
    if (!l) return g ? { ...g } : undefined;
    const m = { ...l };
    for (const [k, v] of Object.entries(g ?? {})) if (!Object.hasOwn(m, k)) m[k] = v;
    return m;
  };
  out.labels = mergeMap(local?.labels, global.labels);
  out.annotations = mergeMap(local?.annotations, global.annotations);
  if (global.disableNameSuffixHash) out.disableNameSuffixHash = true;
  if (global.immutable) out.immutable = true;
  return out;
}

function baseObject(kind: string, args: GeneratorArgs, file: string | undefined): Record<string, unknown> {
  if (!args.name) {
    throw new GeneratorError(
      `a ${kind === "Secret" ? "secret" : "configmap"} must have a name${file ? ` (in ${file})` : ""}`,
      {
        file,
        field: kind === "Secret" ? "secretGenerator" : "configMapGenerator",
      },
    );
  }
  const metadata: Record<string, unknown> = { name: args.name };
  if (args.namespace) metadata.namespace = args.namespace;
  return { apiVersion: "v1", kind, metadata };
}

function uniquePairs(
  pairs: KvPair[],
  args: GeneratorArgs,
  field: string,
  file: string | undefined,
): KvPair[] {
  const seen = new Set<string>();
  for (const p of pairs) {
    if (seen.has(p.key)) {
      throw new GeneratorError(
        `configmap ${args.name} illegally repeats the key \`${p.key}\`${file ? ` (in ${file})` : ""}`,
        {
          file,
          field,
        },
      );
    }
    seen.add(p.key);
  }
  return [...pairs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function finish(obj: Record<string, unknown>, args: GeneratorArgs, source: string | undefined): Resource {
  const opts = args.options;
  const keys = [
    ...Object.keys((obj.data as object | undefined) ?? {}),
    ...Object.keys((obj.binaryData as object | undefined) ?? {}),
    ...Object.keys(opts?.labels ?? {}),
    ...Object.keys(opts?.annotations ?? {}),
  ];
  const problem = unprintableKeyMessage(keys, `${obj.kind} ${args.name ?? ""}`);
  if (problem) throw new GeneratorError(problem, { file: source });
  const md = obj.metadata as Record<string, unknown>;
  if (opts?.labels && Object.keys(opts.labels).length > 0) md.labels = { ...opts.labels };
  if (opts?.annotations && Object.keys(opts.annotations).length > 0) md.annotations = { ...opts.annotations };
  if (opts?.immutable) obj.immutable = true;
  const r = new Resource(obj, source);
  r.needsHashSuffix = !opts?.disableNameSuffixHash;
  r.behavior = toGenerationBehavior(args.behavior);
  return r;
}

function loadPairs(options: GenerateOptions, field: string): KvPair[] {
  const { args, file } = options;
  const pairs = loadKvPairs({
    sources: args,
    readFile: options.readFile,
    generator: `${field} ${args.name ?? ""}`.trim(),
    file,
  });
  return uniquePairs(pairs, args, field, file);
}

/** Build one ConfigMap (text values in `data`, non-UTF-8 values base64 in `binaryData`). */
export function generateConfigMap(options: GenerateOptions): Resource {
  const obj = baseObject("ConfigMap", options.args, options.file);
  for (const p of loadPairs(options, "configMapGenerator")) {
    const field = p.text !== undefined ? "data" : "binaryData";
    const value = p.text !== undefined ? p.text : wrappedBase64(p.bytes);
    let m = obj[field] as Record<string, unknown> | undefined;
    if (!m) {
      m = {};
      obj[field] = m;
    }
    m[p.key] = value;
  }
  return finish(obj, options.args, options.file);
}

/** Build one Secret (every value base64 in `data`; `type` defaults to Opaque). */
export function generateSecret(options: GenerateOptions): Resource {
  const obj = baseObject("Secret", options.args, options.file);
  obj.type = options.args.type || "Opaque";
  const data: Record<string, unknown> = {};
  obj.data = data;
  for (const p of loadPairs(options, "secretGenerator")) data[p.key] = wrappedBase64(p.bytes);
  return finish(obj, options.args, options.file);
}
