import { PatchParseError } from "./errors.js";
import { type Json6902Operation, parseJson6902 } from "./json6902.js";
import type { KubeObject } from "./yaml-values.js";

/** A `patches` entry's text, recognised as one of the two patch types. */
export type ClassifiedPatch =
  | { type: "strategic-merge"; patches: KubeObject[] }
  | { type: "json6902"; operations: Json6902Operation[] };

/** Options of {@link classifyPatch}. */
export interface ClassifyPatchOptions {
  /** The patch text: an inline `patch:` (kustomize trims it first) or a `path:` file's content. */
  text: string;
  /** The patch's name as kustomize prints it: {@link patchSourceName}. */
  source: string;
  /**
   * Parse the text as resources (kustomize's SliceFromBytes: every document needs `kind` and
   * `metadata.name`, Lists are expanded); throws when it cannot.
   */
  parseStrategicMerge: (text: string) => KubeObject[];
}

/**
 * Decide whether patch text is a strategic merge patch or a JSON 6902 operation list, as kustomize's
 * PatchTransformer does: it tries both, and exactly one must succeed.
 *
 * @throws PatchParseError `illegally qualifies as both an SM and JSON patch` / `unable to parse SM or JSON patch`.
 */
export function classifyPatch(options: ClassifyPatchOptions): ClassifiedPatch {
  const { text, source } = options;
  let patches: KubeObject[] | undefined;
  let smError: unknown;
  try {
    patches = options.parseStrategicMerge(text);
  } catch (err) {
    smError = err;
  }
  let operations: Json6902Operation[] | undefined;
  try {
    operations = parseJson6902({ text, source });
  } catch {
    operations = undefined;
  }
  if (patches !== undefined && operations !== undefined) {
    throw new PatchParseError(`illegally qualifies as both an SM and JSON patch: ${source}`);
  }
  if (operations !== undefined) return { type: "json6902", operations };
  if (patches !== undefined) return { type: "strategic-merge", patches };
  throw new PatchParseError(`unable to parse SM or JSON patch from ${source}`, { cause: smError });
}

/**
 * kustomize's name for a patch in messages: `[path: "file.yaml"]` or `[patch: "<text>"]` (Go `%q` quoting,
 * approximated by JSON string escapes).
 */
export function patchSourceName(options: { path?: string; patch?: string }): string {
  if (options.path !== undefined && options.path !== "") return `[path: ${goQuote(options.path)}]`;
  return `[patch: ${goQuote(options.patch ?? "")}]`;
}

function goQuote(text: string): string {
  return JSON.stringify(text).replace(/\\u00([0-9a-f]{2})/g, "\\x$1");
}
