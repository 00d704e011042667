/**
 * The name-suffix hash kustomize appends to generated ConfigMaps and Secrets.
 *
 * The hash covers the object's kind, data, binaryData (ConfigMap), type and stringData (Secret);
 * the name slot is always empty (kustomize looks the name up under a key that never exists).
 *
 * @module
 */

import { sha256Hex } from "@gitops-kit/core";
import { isMap } from "../fieldspecs/fieldspec.js";
import { goJson, utf8Bytes } from "./encoding.js";

/** The 10-character suffix for a hex digest: digits 0, 1, 3 and letters a, e are remapped. */
export function encodeHashSuffix(hex: string): string {
  const map: Record<string, string> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };
  let out = "";
  for (const c of hex.slice(0, 10)) out += map[c] ?? c;
  return out;
}

/** A field's value as the hasher reads it: `""` when absent, the text of a scalar, a map as JSON. */
function fieldValue(obj: Record<string, unknown>, field: string): unknown {
  if (!Object.hasOwn(obj, field)) return "";
  const v = obj[field];
  if (v === null) return "";
  if (typeof v === "object") return v;
  return String(v);
}

/** The exact JSON text kustomize hashes for an object (ConfigMap, Secret, or anything else). */
export function hashInput(obj: Record<string, unknown>): string {
  const kind = typeof obj.kind === "string" ? obj.kind : "";
  if (kind === "ConfigMap") {
    const m: Record<string, unknown> = { kind: "ConfigMap", name: "", data: fieldValue(obj, "data") };
    if (isMap(obj.binaryData)) m.binaryData = obj.binaryData;
    return goJson(m);
  }
  if (kind === "Secret") {
    const m: Record<string, unknown> = {
      kind: "Secret",
      type: fieldValue(obj, "type"),
      name: "",
      data: fieldValue(obj, "data"),
    };
    if (isMap(obj.stringData)) m.stringData = obj.stringData;
    return goJson(m);
  }
  return goJson(obj);
}

/** The name suffix (without the `-`) kustomize computes for an object. */
export function nameHash(obj: Record<string, unknown>): string {
  return encodeHashSuffix(sha256Hex(utf8Bytes(hashInput(obj))));
}
