/**
 * Helm's JSON functions (helm.sh/helm/v3/pkg/engine/funcs.go), which replace Sprig's of the same name:
 * `toJson` is `json.Marshal` with errors turned into `""`; `fromJson` / `fromJsonArray` decode into a map /
 * a list and report a failure inside the result (`{"Error": msg}` / `[msg]`) instead of failing the template.
 */
import {
  defineFunc,
  type FuncMap,
  MAP_STRING_ANY,
  mapSet,
  marshalGoJson,
  newMap,
  SLICE_ANY,
  T,
  unmarshalGoJson,
} from "@gitops-kit/template";

/** `json.Marshal(v)`, or `""` when Go's encoder refuses the value (NaN, functions, cycles...). */
export function toJson(v: unknown): string {
  try {
    return marshalGoJson(v);
  } catch {
    return "";
  }
}

/**
 * Helm's `fromJson`: the object, or `{"Error": "<Go's message>"}` when `text` is not a JSON object. A value
 * Go cannot store (`1e400`) keeps what was decoded, as `json.Unmarshal` does, plus the `Error` key.
 */
export function fromJson(text: string): Record<string, unknown> {
  const r = unmarshalGoJson(text, "map");
  const m = (r.value as Record<string, unknown> | null) ?? newMap();
  if (r.error !== undefined) mapSet(m, "Error", r.error);
  return m;
}

/** Helm's `fromJsonArray`: the list, or `["<Go's message>"]` when `text` is not a JSON array. */
export function fromJsonArray(text: string): unknown[] {
  const r = unmarshalGoJson(text, "slice");
  if (r.error !== undefined) return [r.error];
  return (r.value as unknown[] | null) ?? [];
}

/** `toJson`, `fromJson`, `fromJsonArray` as Helm defines them. */
export function jsonFuncs(): FuncMap {
  return {
    toJson: defineFunc({ params: [T.any], result: T.string, fn: toJson }),
    fromJson: defineFunc({ params: [T.string], result: MAP_STRING_ANY, fn: fromJson }),
    fromJsonArray: defineFunc({ params: [T.string], result: SLICE_ANY, fn: fromJsonArray }),
  };
}
