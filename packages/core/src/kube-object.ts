import { ValidationError } from "./errors.js";

/** An owner of an object (`metadata.ownerReferences[]`). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** One entry of `metadata.managedFields`, as the API server records it for server-side apply. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time?: string;
  fieldsType: "FieldsV1";
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** Kubernetes `ObjectMeta`: the well-known fields typed, anything else allowed. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: ManagedFieldsEntry[];
  [field: string]: unknown;
}

/**
 * A Kubernetes object as plain JSON data: `apiVersion`, `kind`, `metadata`, and any other top-level
 * fields (`spec`, `status`, `data`, ...). Objects read from YAML are not validated against this shape:
 * use {@link isKubeObject} at the edges.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** True when `value` has string `apiVersion` and `kind` and an object `metadata`. */
export function isKubeObject(value: unknown): value is KubeObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.apiVersion === "string" &&
    typeof v.kind === "string" &&
    typeof v.metadata === "object" &&
    v.metadata !== null &&
    !Array.isArray(v.metadata)
  );
}

/** Options of {@link asKubeObjects}. */
export interface AsKubeObjectsOptions {
  /** File name for error messages. */
  file?: string;
}

/**
 * Check that every parsed document is a Kubernetes object and type them as such (e.g. the result of
 * `parseYamlStream`). The first one that is not raises a {@link ValidationError} naming the file and
 * the document's position (1-based).
 */
export function asKubeObjects(
  documents: readonly unknown[],
  options: AsKubeObjectsOptions = {},
): KubeObject[] {
  documents.forEach((doc, i) => {
    if (!isKubeObject(doc)) {
      const where = options.file ? `${options.file}: ` : "";
      throw new ValidationError(
        `${where}document ${i + 1} is not a Kubernetes object (needs string apiVersion and kind, and a metadata map)`,
      );
    }
  });
  return documents as KubeObject[];
}

/** A shallow copy without `metadata.managedFields`, as `kubectl get -o yaml` shows objects. */
export function withoutManagedFields(obj: KubeObject): KubeObject {
  const { managedFields: _omit, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/** An API group and version; the core group is `""`. */
export interface GroupVersion {
  group: string;
  version: string;
}

/**
 * Split an `apiVersion` the way Kubernetes does: `apps/v1` → `{group: "apps", version: "v1"}`,
 * `v1` → `{group: "", version: "v1"}`, `` → both empty. More than one `/` is a {@link ValidationError}.
 */
export function parseApiVersion(apiVersion: string): GroupVersion {
  const slash = apiVersion.indexOf("/");
  if (slash < 0) return { group: "", version: apiVersion };
  if (apiVersion.indexOf("/", slash + 1) >= 0) {
    throw new ValidationError(`unexpected GroupVersion string: ${apiVersion}`);
  }
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The `apiVersion` string of a group and version: `apps/v1`, or `v1` for the core group. */
export function formatApiVersion(gv: GroupVersion): string {
  return gv.group === "" ? gv.version : `${gv.group}/${gv.version}`;
}

/** Identifies one object: its group, version and kind, and its namespace and name. */
export interface ResourceId {
  group: string;
  version: string;
  kind: string;
  /** `""` when the object has none (cluster-scoped, or namespace not yet set). */
  namespace: string;
  name: string;
}

/**
 * The id of an object, taken as written: missing fields become `""`. The namespace is not defaulted
 * and not cleared for cluster-scoped kinds; do that with {@link isClusterScoped} where it matters.
 */
export function resourceIdOf(obj: KubeObject): ResourceId {
  const { group, version } = parseApiVersion(typeof obj.apiVersion === "string" ? obj.apiVersion : "");
  const meta: ObjectMeta = typeof obj.metadata === "object" && obj.metadata !== null ? obj.metadata : {};
  return {
    group,
    version,
    kind: typeof obj.kind === "string" ? obj.kind : "",
    namespace: typeof meta.namespace === "string" ? meta.namespace : "",
    name: typeof meta.name === "string" ? meta.name : "",
  };
}

/**
 * The stable string form of a {@link ResourceId}: `<apiVersion>/<kind>/<namespace>/<name>`, where
 * `<apiVersion>` is `group/version` or just `version` for the core group. So an id has five
 * `/`-separated parts with a group and four without:
 *
 * - `apps/v1/Deployment/default/web`
 * - `v1/ConfigMap/default/settings`
 * - `v1/Namespace//prod` (no namespace)
 * - `rbac.authorization.k8s.io/v1/ClusterRole//view`
 *
 * `%` and `/` inside a part are written `%25` and `%2F` so every id parses back with
 * {@link parseResourceId}. (Valid Kubernetes names never contain either.) A grouped id with an
 * empty version keeps its slot: `apps//Deployment/default/web`.
 */
export function formatResourceId(id: ResourceId): string {
  const head = id.group === "" ? [id.version] : [id.group, id.version];
  return [...head, id.kind, id.namespace, id.name].map(escapePart).join("/");
}

/** Parse the string form produced by {@link formatResourceId}; anything else is a {@link ValidationError}. */
export function parseResourceId(text: string): ResourceId {
  const parts = text.split("/");
  if (parts.length !== 4 && parts.length !== 5) {
    throw new ValidationError(
      `invalid resource id "${text}": expected <apiVersion>/<kind>/<namespace>/<name> with apiVersion "group/version" or "version"`,
    );
  }
  const decoded = parts.map((p) => unescapePart(p, text));
  const [group, rest] = decoded.length === 5 ? [decoded[0], decoded.slice(1)] : ["", decoded];
  if (decoded.length === 5 && group === "") {
    throw new ValidationError(`invalid resource id "${text}": empty group; core ids have four parts`);
  }
  return { group, version: rest[0], kind: rest[1], namespace: rest[2], name: rest[3] };
}

/** True when both ids name the same object (all five fields equal). */
export function sameResourceId(a: ResourceId, b: ResourceId): boolean {
  return (
    a.group === b.group &&
    a.version === b.version &&
    a.kind === b.kind &&
    a.namespace === b.namespace &&
    a.name === b.name
  );
}

/**
 * A total order on ids: group, version, kind, namespace, name, each by UTF-16 code unit. Used where
 * output must be deterministic (e.g. `MemoryCluster.list`); it is not kustomize's output order.
 */
export function compareResourceIds(a: ResourceId, b: ResourceId): number {
  return (
    cmp(a.group, b.group) ||
    cmp(a.version, b.version) ||
    cmp(a.kind, b.kind) ||
    cmp(a.namespace, b.namespace) ||
    cmp(a.name, b.name)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function escapePart(part: string): string {
  return part.replace(/%/g, "%25").replace(/\//g, "%2F");
}

function unescapePart(part: string, whole: string): string {
  return part.replace(/%(25|2F|2f)?/g, (_match, code: string | undefined) => {
    if (code === undefined)
      throw new ValidationError(`invalid resource id "${whole}": stray "%" in "${part}"`);
    return code === "25" ? "%" : "/";
  });
}
