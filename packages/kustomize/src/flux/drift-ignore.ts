/**
 * `spec.ignore` drift rules: JSON pointer paths, optionally limited by a target selector, that the
 * controller leaves out of drift detection and the apply. For an object that exists, a drifted ignored
 * field is removed from what is applied when another field manager applies it, and otherwise set to
 * the in-cluster value, so the apply neither reverts nor reports it.
 *
 * @module
 */
import {
  compileGoRegexp,
  compileLabelSelector,
  errorMessage,
  type KubeObject,
  parseApiVersion,
} from "@gitops-kit/core";
import type { KustomizationSpec } from "./api.js";
import { ApplyError } from "./errors.js";

type Rule = NonNullable<KustomizationSpec["ignore"]>[number];

/** A compiled ignore rule. */
export interface CompiledIgnoreRule {
  matches(object: KubeObject): boolean;
  paths: string[][];
}

/**
 * Compile `spec.ignore` (selector fields are anchored RE2 regular expressions, label and annotation
 * selectors use the label selector syntax; paths are RFC 6901 JSON pointers).
 *
 * @throws ApplyError naming the invalid regex, selector or pointer.
 */
export function compileIgnoreRules(rules: readonly Rule[]): CompiledIgnoreRule[] {
  return rules.map((rule) => {
    const t = rule.target ?? {};
    const regex = (field: string, pattern: string | undefined) => {
      if (!pattern) return undefined;
      try {
        return compileGoRegexp(`^(?:${pattern})$`);
      } catch (err) {
        throw new ApplyError(`invalid ${field} regex: ${errorMessage(err)}`);
      }
    };
    const group = regex("group", t.group);
    const version = regex("version", t.version);
    const kind = regex("kind", t.kind);
    const name = regex("name", t.name);
    const namespace = regex("namespace", t.namespace);
    const labels = t.labelSelector ? compileLabelSelector(t.labelSelector) : undefined;
    const annotations = t.annotationSelector ? compileLabelSelector(t.annotationSelector) : undefined;
    return {
      paths: rule.paths.map(parsePointer),
      matches: (object) => {
        const gv = parseApiVersion(String(object.apiVersion ?? ""));
        return (
          (!namespace || namespace.matchString(object.metadata?.namespace ?? "")) &&
          (!name || name.matchString(object.metadata?.name ?? "")) &&
          (!group || group.matchString(gv.group)) &&
          (!version || version.matchString(gv.version)) &&
          (!kind || kind.matchString(String(object.kind ?? ""))) &&
          (!labels || labels.matches(object.metadata?.labels)) &&
          (!annotations || annotations.matches(object.metadata?.annotations))
        );
      },
    };
  });
}

/** RFC 6901: `/a/b~1c` → `["a", "b/c"]`. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/"))
    throw new ApplyError(`invalid JSON pointer ${JSON.stringify(pointer)}: must start with '/'`);
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function lookup(root: unknown, path: readonly string[]): { found: boolean; value?: unknown } {
  let v: unknown = root;
  for (const seg of path) {
    if (Array.isArray(v)) {
      const i = /^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : -1;
      if (i < 0 || i >= v.length) return { found: false };
      v = v[i];
    } else if (v !== null && typeof v === "object" && Object.hasOwn(v, seg)) {
      v = (v as Record<string, unknown>)[seg];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: v };
}

function setAt(root: unknown, path: readonly string[], value: unknown): void {
  let v: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    const container = v as Record<string, unknown> | unknown[];
    let next = Array.isArray(container) ? container[Number(seg)] : container[seg];
    if (next === null || typeof next !== "object") {
      next = {};
      if (Array.isArray(container)) container[Number(seg)] = next;
      else container[seg] = next;
    }
    v = next;
  }
  const last = path[path.length - 1];
  if (Array.isArray(v)) v[Number(last)] = value;
  else (v as Record<string, unknown>)[last] = value;
}

function removeAt(root: unknown, path: readonly string[]): void {
  const parent = lookup(root, path.slice(0, -1));
  if (!parent.found || parent.value === null || typeof parent.value !== "object") return;
  const last = path[path.length - 1];
  if (Array.isArray(parent.value)) {
    const i = Number(last);
    if (Number.isInteger(i) && i < parent.value.length) parent.value.splice(i, 1);
  } else {
    delete (parent.value as Record<string, unknown>)[last];
  }
}

/** Whether a manager other than `fieldManager` applies the field (map paths; list items count as ours). */
function ownedByOtherApplier(existing: KubeObject, path: readonly string[], fieldManager: string): boolean {
  for (const entry of existing.metadata?.managedFields ?? []) {
    if (entry.manager === fieldManager || entry.operation !== "Apply" || entry.subresource) continue;
    let fields: unknown = entry.fieldsV1;
    let found = true;
    for (const seg of path) {
      const next =
        fields !== null && typeof fields === "object"
          ? (fields as Record<string, unknown>)[`f:${seg}`]
          : undefined;
      if (next === undefined) {
        found = false;
        break;
      }
      fields = next;
    }
    if (found) return true;
  }
  return false;
}

/**
 * Prepare `desired` for apply against `existing` under the rules: each ignored path whose value differs
 * is dropped (another manager applies it) or set to the in-cluster value (only this manager does).
 * Returns a new object; `desired` is not modified.
 */
export function applyIgnoreRules(
  desired: KubeObject,
  existing: KubeObject,
  rules: readonly CompiledIgnoreRule[],
  fieldManager: string,
): KubeObject {
  const out = structuredClone(desired) as KubeObject;
  for (const rule of rules) {
    if (!rule.matches(desired)) continue;
    for (const path of rule.paths) {
      if (path.length === 0) continue;
      const want = lookup(out, path);
      const have = lookup(existing, path);
      if (want.found === have.found && JSON.stringify(want.value) === JSON.stringify(have.value)) continue;
      if (ownedByOtherApplier(existing, path, fieldManager) || !have.found) removeAt(out, path);
      else setAt(out, path, structuredClone(have.value));
    }
  }
  return out;
}
