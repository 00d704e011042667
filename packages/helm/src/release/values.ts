/**
 * HelmRelease values in helm-controller's order: each `valuesFrom` reference in turn (a ConfigMap's `data` or
 * a Secret's base64-decoded `data` under `valuesKey`, default `values.yaml`), merged over what came before, or
 * set at `targetPath` with Helm's `--set` parser; then `spec.values` merged last.
 */
import { type ClusterAdapter, GitOpsError, type KubeObject, NotFoundError } from "@gitops-kit/core";
import { mergeValueMaps, readValuesYaml, type Values } from "../values/read.js";
import { parseStrvals } from "../values/strvals.js";
import { ValuesReferenceError, type ValuesReferenceReason } from "./errors.js";
import type { HelmRelease, ValuesReference } from "./schema.js";

/** The default `valuesKey`. */
export const DEFAULT_VALUES_KEY = "values.yaml";

function errorFor(
  ref: ValuesReference,
  namespace: string,
  reason: ValuesReferenceReason,
  detail?: string,
  cause?: unknown,
): ValuesReferenceError {
  const reference = `${namespace}/${ref.name}`;
  const key = ref.valuesKey || DEFAULT_VALUES_KEY;
  const message =
    `could not resolve${ref.optional ? " optional" : ""} ${ref.kind} chart values reference '${reference}'` +
    ` with key '${key}': ${detail ?? reason}`;
  return new ValuesReferenceError(message, { reason, kind: ref.kind, reference, cause });
}

/** Decode one base64 value of a Secret's `data` as UTF-8 text (never echoed in errors). */
function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bin = atob(text);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

const UNDECODABLE = Symbol("undecodable");

/** The data under the reference's key: undefined when absent, {@link UNDECODABLE} for bad base64. */
function referencedData(object: KubeObject, ref: ValuesReference): string | typeof UNDECODABLE | undefined {
  const key = ref.valuesKey || DEFAULT_VALUES_KEY;
  if (ref.kind === "ConfigMap") {
    const data = object.data as Record<string, unknown> | undefined;
    const v = data?.[key];
    return typeof v === "string" ? v : undefined;
  }
  const data = object.data as Record<string, unknown> | undefined;
  const v = data?.[key];
  if (typeof v === "string") return decodeBase64(v) ?? UNDECODABLE;
  // stringData is write-only on a real API server, but an in-memory Secret may still carry it.
  const stringData = object.stringData as Record<string, unknown> | undefined;
  const s = stringData?.[key];
  return typeof s === "string" ? s : undefined;
}

/** `--set-literal`-style escaping helm-controller applies before parsing a literal value as a string. */
function escapeLiteral(value: string): string {
  return value.replace(/[\\,[\]{}]/g, (c) => `\\${c}`);
}

/** Set `path=value` into `values` (in place) as helm-controller's `ReplacePathValue` does. */
function replacePathValue(values: Values, path: string, value: string, literal: boolean): void {
  if (literal) {
    parseStrvals({ text: `${path}=${escapeLiteral(value)}`, into: values, mode: "string" });
    return;
  }
  const quoted =
    (value.startsWith("'") && value.endsWith("'")) || (value.startsWith('"') && value.endsWith('"'));
  if (quoted) {
    const trimmed = value.replace(/^['"]+|['"]+$/g, "");
    parseStrvals({ text: `${path}=${trimmed}`, into: values, mode: "string" });
    return;
  }
  parseStrvals({ text: `${path}=${value}`, into: values, mode: "typed" });
}

/** Options of {@link composeValues}. */
export interface ComposeValuesOptions {
  release: HelmRelease;
  /** Where ConfigMaps and Secrets are read (in the HelmRelease's namespace). */
  cluster: ClusterAdapter;
  /** Receives a line for each optional reference that was skipped. */
  log?: (message: string) => void;
}

/**
 * The values of a HelmRelease: `valuesFrom` in order, then `spec.values`. Errors are
 * {@link ValuesReferenceError}s with helm-controller's messages; Secret contents never appear in them.
 *
 * @example
 * const values = await composeValues({ release, cluster });
 */
export async function composeValues(options: ComposeValuesOptions): Promise<Values> {
  const { release, cluster } = options;
  const namespace = release.metadata.namespace;
  const inline = (release.spec.values ?? {}) as Values;
  let result: Values = {};
  const cache = new Map<string, KubeObject | null>();
  for (const ref of release.spec.valuesFrom ?? []) {
    const cacheKey = `${ref.kind}/${ref.name}`;
    let object = cache.get(cacheKey);
    if (object === undefined) {
      try {
        object = await cluster.get({ apiVersion: "v1", kind: ref.kind, name: ref.name, namespace });
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        object = null;
      }
      cache.set(cacheKey, object);
    }
    if (object === null) {
      if (ref.optional) {
        options.log?.(errorFor(ref, namespace, "resource not found").message);
        continue;
      }
      throw errorFor(ref, namespace, "resource not found");
    }
    const data = referencedData(object, ref);
    if (data === undefined) {
      const err = errorFor(ref, namespace, "key not found");
      if (ref.optional) {
        options.log?.(err.message);
        continue;
      }
      throw err;
    }
    if (data === UNDECODABLE) throw errorFor(ref, namespace, "failed to read values data");
    if (ref.targetPath) {
      // helm-controller merges the inline values in before setting a path (so they are there to be set into).
      result = mergeValueMaps(result, inline);
      try {
        replacePathValue(result, ref.targetPath, data, ref.literal);
      } catch (err) {
        // The strvals message may quote the value; for a Secret it is replaced by the reason alone.
        const detail =
          ref.kind === "Secret" || !(err instanceof GitOpsError)
            ? "failed to merge value"
            : `failed to merge value: ${err.message}`;
        throw errorFor(
          ref,
          namespace,
          "failed to merge value",
          detail,
          ref.kind === "Secret" ? undefined : err,
        );
      }
      continue;
    }
    let values: Values;
    try {
      values = readValuesYaml(data, `${ref.kind}/${ref.name}`, "failed to read values data");
    } catch (err) {
      const detail = ref.kind === "Secret" ? "failed to read values data" : (err as Error).message;
      throw errorFor(
        ref,
        namespace,
        "failed to read values data",
        detail,
        ref.kind === "Secret" ? undefined : err,
      );
    }
    result = mergeValueMaps(result, values);
  }
  return mergeValueMaps(result, inline);
}
