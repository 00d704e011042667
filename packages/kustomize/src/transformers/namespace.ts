/**
 * The namespace transformer (`namespace:` / NamespaceTransformer): sets `metadata.namespace` on
 * every namespaced object, renames v1 Namespace objects, fills the extra namespace fields of the
 * configuration, and fixes RoleBinding / ClusterRoleBinding subjects.
 *
 * @module
 */
import { TransformerError } from "../errors.js";
import type { FieldSpec } from "../fieldspecs/config.js";
import {
  applyFieldSpec,
  FieldPathError,
  type FieldSlot,
  isMap,
  scalarText,
  setSlot,
  slotValue,
} from "../fieldspecs/fieldspec.js";
import { resIdKey, resIdString, type ScopeResolver } from "../resid.js";
import type { ResMap } from "../resmap.js";
import type { Resource } from "../resource.js";

/** Which RoleBinding subjects get the namespace. */
export type RoleBindingSubjectMode = "defaultOnly" | "allServiceAccounts" | "none";

/** Options of {@link transformNamespace}. */
export interface NamespaceTransformOptions {
  resources: ResMap;
  namespace: string;
  fieldSpecs: FieldSpec[];
  /** Only set namespaces that are empty. */
  unsetOnly?: boolean;
  setRoleBindingSubjects?: RoleBindingSubjectMode;
  scope: ScopeResolver;
  /** For messages. */
  file?: string;
}

const ROLE_BINDING_KINDS = new Set(["RoleBinding", "ClusterRoleBinding"]);

/** Apply the namespace to every resource (and reject the result if two ids now collide). */
export function transformNamespace(options: NamespaceTransformOptions): void {
  const { resources, namespace, scope } = options;
  if (namespace === "") return;
  for (const r of resources.resources()) {
    if (r.isEmpty()) continue;
    r.storePreviousId(scope);
    applyNamespaceFilter({ ...options, resource: r });
  }
  resources.invalidate();
  const seen = new Set<string>();
  for (const r of resources.resources()) {
    const key = resIdKey(r.curId(), scope);
    if (seen.has(key)) {
      throw new TransformerError(
        `namespace transformation produces ID conflict: ${resIdString(r.curId())}${options.file ? ` (in ${options.file})` : ""}`,
        { file: options.file, field: "namespace" },
      );
    }
    seen.add(key);
  }
}

/** Options of {@link applyNamespaceFilter}. */
export interface NamespaceFilterOptions extends Omit<NamespaceTransformOptions, "resources"> {
  resource: Resource;
}

/** kustomize's namespace filter on one resource (no previous-id bookkeeping). */
export function applyNamespaceFilter(options: NamespaceFilterOptions): void {
  const { resource: r, namespace, scope } = options;
  const mode = options.setRoleBindingSubjects ?? "defaultOnly";
  const setter = (slot: FieldSlot): void => {
    const current = slotValue(slot);
    if (isMap(current) || Array.isArray(current)) {
      throw new TransformerError(
        `namespace field specs must target scalar nodes${options.file ? ` (in ${options.file})` : ""}`,
        { file: options.file, field: "namespace" },
      );
    }
    if (options.unsetOnly && scalarText(current) !== "") return;
    setSlot(slot, namespace);
  };
  const obj = r.obj;
  const apiVersion = r.apiVersion;
  let specs = options.fieldSpecs.filter(
    (fs) => fs.path !== "metadata/namespace" && (apiVersion === "v1" || fs.path !== "metadata/name"),
  );
  const gvk = r.gvk();
  if (!scope(gvk)) {
    applyFieldSpec({
      obj,
      spec: { path: "metadata/namespace", create: true },
      set: setter,
      createKind: "scalar",
    });
  }
  if (ROLE_BINDING_KINDS.has(gvk.kind)) {
    specs = specs.filter(
      (fs) => !(ROLE_BINDING_KINDS.has(fs.kind ?? "") && fs.path === "subjects/namespace"),
    );
    fixSubjects(obj, mode, setter);
  }
  try {
    for (const spec of specs) applyFieldSpec({ obj, spec, set: setter, createKind: "scalar" });
  } catch (err) {
    if (err instanceof FieldPathError) {
      throw new TransformerError(
        `namespace transformation failed for ${resIdString(r.curId())}: ${err.message}`,
        {
          file: options.file,
          field: "namespace",
          cause: err,
        },
      );
    }
    throw err;
  }
}

function fixSubjects(
  obj: Record<string, unknown>,
  mode: RoleBindingSubjectMode,
  set: (slot: FieldSlot) => void,
) {
  if (mode === "none") return;
  const subjects = obj.subjects;
  if (!Array.isArray(subjects)) return;
  for (const s of subjects) {
    if (!isMap(s)) continue;
    const match =
      mode === "allServiceAccounts"
        ? scalarText(s.kind) === "ServiceAccount"
        : scalarText(s.name) === "default";
    if (!match) continue;
    if (!Object.hasOwn(s, "namespace") || s.namespace === null) s.namespace = "";
    set({ holder: s, key: "namespace" });
  }
}
