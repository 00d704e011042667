import { type Clock, formatKubeTime, systemClock } from "../clock.js";
import { ValidationError } from "../errors.js";
import {
  isKubeObject,
  type KubeObject,
  type ManagedFieldsEntry,
  type ObjectMeta,
  parseApiVersion,
} from "../kube-object.js";
import { type GroupKind, isClusterScoped } from "../scope.js";
import {
  coveredPaths,
  deleteAt,
  type FieldPath,
  type FieldSet,
  fieldSetOf,
  fromFieldsV1,
  getAt,
  isContainer,
  keyFieldsOf,
  mergeApplied,
  pathKey,
  SYSTEM_METADATA,
  toFieldsV1,
} from "./field-set.js";
import { cloneJson, isPlainObject, type JsonObject, jsonEqual } from "./json.js";
import { compileLabelSelector } from "./selector.js";
import {
  type ApplyOptions,
  type ApplyResult,
  type ClusterAdapter,
  ConflictError,
  type DeleteOptions,
  type FieldConflict,
  type ListOptions,
  type ObjectRef,
  ResourceNotFoundError,
} from "./types.js";

/** Options of {@link MemoryCluster}. */
export interface MemoryClusterOptions {
  /** Source of `creationTimestamp` and managed-field times (default: the system clock). */
  clock?: Clock;
  /**
   * Generates `metadata.uid` for new objects. Default: a deterministic sequence
   * (`00000000-0000-4000-8000-000000000001`, ...) that snapshots carry along.
   */
  uid?: () => string;
  /**
   * Namespaces that exist from the start (default: `default`, `kube-node-lease`, `kube-public`,
   * `kube-system`, as in a new cluster). Ignored by {@link MemoryCluster.fromSnapshot}.
   */
  namespaces?: readonly string[];
  /** Namespace for namespaced objects and refs that name none (default `default`, as kubectl). */
  defaultNamespace?: string;
  /** Custom kinds to treat as cluster-scoped, besides built-ins and CRDs stored in the cluster. */
  clusterScoped?: readonly GroupKind[];
}

/** The plain-JSON state of a {@link MemoryCluster}, e.g. for a CLI state file. */
export interface MemoryClusterSnapshot {
  kind: "MemoryClusterSnapshot";
  version: 1;
  /** The last resourceVersion handed out. */
  resourceVersion: string;
  /** How many uids the default generator has handed out. */
  uidSequence: number;
  /** Every object, sorted by group, kind, namespace, name. */
  objects: KubeObject[];
}

/** Options of {@link MemoryCluster.updateStatus}. */
export interface UpdateStatusOptions extends ObjectRef {
  status: unknown;
}

interface State {
  objects: Map<string, KubeObject>;
  resourceVersion: number;
  uidSequence: number;
  /** `kind.group` → cluster-scoped?, from the CRDs in `objects`; rebuilt lazily after a CRD changes. */
  crdScopes?: Map<string, boolean>;
}

interface ManagerEntry {
  entry: ManagedFieldsEntry;
  set: FieldSet;
}

const DEFAULT_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];
const NAMESPACE_LABEL = "kubernetes.io/metadata.name";

/**
 * An in-memory Kubernetes API: the embedded {@link ClusterAdapter} used by examples, tests and the CLI.
 *
 * What it models, like an API server: namespaces must exist before namespaced objects go in
 * (`namespaces "x" not found`), cluster-scoped kinds (built-ins, CRDs applied to it, `clusterScoped`)
 * lose any namespace; `metadata.resourceVersion` comes from one global counter and changes on every
 * write; `metadata.generation` starts at 1 and grows only when something outside `metadata` and
 * `status` changes; `uid` and `creationTimestamp` are set on create; deleting a Namespace deletes
 * what is in it; an applied CustomResourceDefinition is established at once (status `acceptedNames`,
 * NamesAccepted and Established conditions, `storedVersions`), as the apiextensions controller does.
 *
 * Server-side apply is modelled with field ownership (`metadata.managedFields`, FieldsV1 format):
 * a manager owns the fields of its last applied configuration; applying a configuration that drops
 * a field it owned removes the field unless another manager owns it too; changing a field another
 * manager owns with a different value is a {@link ConflictError} unless `force` is set; equal values
 * are shared. Differences from a real API server: there are no schemas, so a list is merged per
 * element only when every element has a unique `name` (otherwise it is replaced whole) and no
 * defaults are filled in; `status` in applied objects is ignored (set it with {@link updateStatus});
 * parents of owned fields are recorded as owned (`".": {}`) where the API server omits them for
 * struct fields; there is no validation of kinds or schemas, no finalizers, no garbage collection of
 * owned objects, no admission. A batch of objects is applied atomically (all or nothing).
 *
 * Every method works synchronously on in-memory data; the returned promises are already settled.
 * Objects handed in and out are copies.
 */
export class MemoryCluster implements ClusterAdapter {
  private state: State = { objects: new Map(), resourceVersion: 0, uidSequence: 0 };
  private readonly clock: Clock;
  private readonly uid?: () => string;
  private readonly defaultNamespace: string;
  private readonly extraClusterScoped: readonly GroupKind[];

  constructor(options: MemoryClusterOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.uid = options.uid;
    this.defaultNamespace = options.defaultNamespace ?? "default";
    this.extraClusterScoped = options.clusterScoped ?? [];
    const namespaces = options.namespaces ?? DEFAULT_NAMESPACES;
    if (namespaces.length > 0) {
      this.applySync({
        objects: namespaces.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } })),
        fieldManager: "memory-cluster",
      });
    }
  }

  /** A cluster holding exactly the state of `snapshot` (see {@link restore}). */
  static fromSnapshot(snapshot: unknown, options: MemoryClusterOptions = {}): MemoryCluster {
    const cluster = new MemoryCluster({ ...options, namespaces: [] });
    cluster.restore(snapshot);
    return cluster;
  }

  async get(ref: ObjectRef): Promise<KubeObject> {
    return this.getSync(ref);
  }

  /** {@link get}, synchronously. */
  getSync(ref: ObjectRef): KubeObject {
    const { group } = parseApiVersion(ref.apiVersion);
    const namespace = this.namespaceFor(this.state, group, ref.kind, ref.namespace);
    const found = this.state.objects.get(storeKey(group, ref.kind, namespace, ref.name));
    if (!found) throw notFound(ref, group);
    return cloneJson(found);
  }

  async list(options: ListOptions): Promise<KubeObject[]> {
    return this.listSync(options);
  }

  /** {@link list}, synchronously. Sorted by namespace, then name. */
  listSync(options: ListOptions): KubeObject[] {
    const { group } = parseApiVersion(options.apiVersion);
    const selector = compileLabelSelector(options.labelSelector);
    const clusterScoped = this.isClusterScoped(this.state, group, options.kind);
    const out: KubeObject[] = [];
    for (const obj of this.state.objects.values()) {
      if (obj.kind !== options.kind || parseApiVersion(obj.apiVersion).group !== group) continue;
      if (
        options.namespace !== undefined &&
        !clusterScoped &&
        (obj.metadata.namespace ?? "") !== options.namespace
      ) {
        continue;
      }
      if (!selector.matches(obj.metadata.labels)) continue;
      out.push(obj);
    }
    out.sort(
      (a, b) =>
        compareStrings(nsOf(a), nsOf(b)) || compareStrings(a.metadata.name ?? "", b.metadata.name ?? ""),
    );
    return out.map(cloneJson);
  }

  async apply(options: ApplyOptions): Promise<ApplyResult[]> {
    return this.applySync(options);
  }

  /** {@link apply}, synchronously. */
  applySync(options: ApplyOptions): ApplyResult[] {
    if (typeof options.fieldManager !== "string" || options.fieldManager === "") {
      throw new ValidationError("apply: fieldManager is required");
    }
    // Work on a copy of the index (objects themselves are never mutated in place) so a failing
    // object leaves the cluster as it was, and a dry run simply drops the copy.
    const staged: State = { ...this.state, objects: new Map(this.state.objects) };
    const results = options.objects.map((obj, i) => this.applyOne(staged, obj, i, options));
    if (!options.dryRun) this.state = staged;
    return results;
  }

  async delete(options: DeleteOptions): Promise<KubeObject> {
    return this.deleteSync(options);
  }

  /** {@link delete}, synchronously. Deleting a Namespace deletes every object in it. */
  deleteSync(options: DeleteOptions): KubeObject {
    const { group } = parseApiVersion(options.apiVersion);
    const namespace = this.namespaceFor(this.state, group, options.kind, options.namespace);
    const key = storeKey(group, options.kind, namespace, options.name);
    const found = this.state.objects.get(key);
    if (!found) throw notFound(options, group);
    if (options.dryRun) return cloneJson(found);
    removeObject(this.state, key);
    if (group === "" && options.kind === "Namespace") {
      for (const [k, obj] of this.state.objects) {
        if (
          obj.metadata.namespace === options.name &&
          !this.isClusterScoped(this.state, groupOf(obj), obj.kind)
        ) {
          removeObject(this.state, k);
        }
      }
    }
    this.state.resourceVersion++;
    return cloneJson(found);
  }

  /**
   * Replace an object's `status` as a controller would through the status subresource: bumps
   * `resourceVersion`, never `generation`. Use it to simulate workloads becoming ready.
   */
  async updateStatus(options: UpdateStatusOptions): Promise<KubeObject> {
    return this.updateStatusSync(options);
  }

  /** {@link updateStatus}, synchronously. */
  updateStatusSync(options: UpdateStatusOptions): KubeObject {
    const { group } = parseApiVersion(options.apiVersion);
    const namespace = this.namespaceFor(this.state, group, options.kind, options.namespace);
    const key = storeKey(group, options.kind, namespace, options.name);
    const found = this.state.objects.get(key);
    if (!found) throw notFound(options, group);
    const next = cloneJson(found);
    if (options.status === undefined) delete next.status;
    else next.status = cloneJson(options.status);
    if (jsonEqual(next, found)) return cloneJson(found);
    this.state.resourceVersion++;
    next.metadata.resourceVersion = String(this.state.resourceVersion);
    putObject(this.state, key, next);
    return cloneJson(next);
  }

  /** The whole state as plain JSON (objects sorted by group, kind, namespace, name). */
  snapshot(): MemoryClusterSnapshot {
    const keys = [...this.state.objects.keys()].sort(compareStrings);
    return {
      kind: "MemoryClusterSnapshot",
      version: 1,
      resourceVersion: String(this.state.resourceVersion),
      uidSequence: this.state.uidSequence,
      objects: keys.map((k) => cloneJson(this.state.objects.get(k)!)),
    };
  }

  /**
   * Replace the state with a snapshot (e.g. one read from a state file). Hand-written snapshots may
   * omit `resourceVersion`, `uidSequence` and the server-set metadata of objects (uid,
   * resourceVersion, generation, creationTimestamp), which are then filled in. Namespaced objects
   * need their Namespace in the snapshot. Invalid input is a `ValidationError` naming the object.
   */
  restore(snapshot: unknown): void {
    if (!isPlainObject(snapshot) || !Array.isArray(snapshot.objects)) {
      throw new ValidationError('invalid MemoryCluster snapshot: expected an object with an "objects" list');
    }
    const declaredRv = snapshot.resourceVersion === undefined ? 0 : Number(snapshot.resourceVersion);
    const declaredUids = snapshot.uidSequence === undefined ? 0 : Number(snapshot.uidSequence);
    if (!Number.isSafeInteger(declaredRv) || declaredRv < 0) {
      throw new ValidationError(
        `invalid MemoryCluster snapshot: resourceVersion "${String(snapshot.resourceVersion)}" is not a non-negative integer`,
      );
    }
    if (!Number.isSafeInteger(declaredUids) || declaredUids < 0) {
      throw new ValidationError("invalid MemoryCluster snapshot: uidSequence is not a non-negative integer");
    }
    const state: State = { objects: new Map(), resourceVersion: declaredRv, uidSequence: declaredUids };
    const pending: KubeObject[] = [];
    for (const [i, raw] of snapshot.objects.entries()) {
      const where = `snapshot objects[${i}]`;
      const obj = validateObject(raw, where);
      pending.push(obj);
      const rv = obj.metadata.resourceVersion;
      if (rv !== undefined) {
        if (!/^\d+$/.test(String(rv)))
          throw new ValidationError(`${where}: metadata.resourceVersion "${String(rv)}" is not a number`);
        state.resourceVersion = Math.max(state.resourceVersion, Number(rv));
      }
    }
    // CRDs first, so the scope of custom kinds is known when their objects are placed.
    const crdsFirst = [...pending.entries()].sort(
      ([ia, a], [ib, b]) => Number(!isCrd(a)) - Number(!isCrd(b)) || ia - ib,
    );
    for (const [i, obj] of crdsFirst) {
      const where = `snapshot objects[${i}] (${obj.kind} "${obj.metadata.name}")`;
      const group = groupOf(obj);
      const clusterScoped = this.isClusterScoped(state, group, obj.kind);
      const namespace = clusterScoped ? "" : (obj.metadata.namespace ?? "");
      if (!clusterScoped && namespace === "")
        throw new ValidationError(`${where}: metadata.namespace is required for a namespaced kind`);
      if (clusterScoped) delete obj.metadata.namespace;
      const key = storeKey(group, obj.kind, namespace, obj.metadata.name!);
      if (state.objects.has(key)) throw new ValidationError(`${where}: duplicate object`);
      const meta = obj.metadata;
      if (meta.uid === undefined) meta.uid = this.nextUid(state);
      if (meta.generation === undefined) meta.generation = 1;
      if (meta.creationTimestamp === undefined) meta.creationTimestamp = formatKubeTime(this.clock.now());
      if (meta.resourceVersion === undefined) meta.resourceVersion = String(++state.resourceVersion);
      else meta.resourceVersion = String(meta.resourceVersion);
      putObject(state, key, obj);
    }
    for (const obj of state.objects.values()) {
      const ns = obj.metadata.namespace;
      if (ns !== undefined && !state.objects.has(storeKey("", "Namespace", "", ns))) {
        throw new ValidationError(
          `snapshot: ${obj.kind} "${obj.metadata.name}" is in namespace "${ns}", which the snapshot does not contain`,
        );
      }
    }
    this.state = state;
  }

  private applyOne(state: State, raw: KubeObject, index: number, options: ApplyOptions): ApplyResult {
    const config = validateObject(raw, `apply objects[${index}]`);
    const { group } = parseApiVersion(config.apiVersion);
    const name = config.metadata.name!;
    const clusterScoped = this.isClusterScoped(state, group, config.kind);
    const namespace = clusterScoped ? "" : config.metadata.namespace || this.defaultNamespace;
    if (clusterScoped) delete config.metadata.namespace;
    else config.metadata.namespace = namespace;
    if (!clusterScoped && !state.objects.has(storeKey("", "Namespace", "", namespace))) {
      throw new ResourceNotFoundError(
        { apiVersion: "v1", kind: "Namespace", name: namespace },
        `namespaces "${namespace}" not found`,
      );
    }

    const key = storeKey(group, config.kind, namespace, name);
    const live = state.objects.get(key);
    const ref: ObjectRef = {
      apiVersion: config.apiVersion,
      kind: config.kind,
      name,
      namespace: namespace || undefined,
    };
    const precondition = config.metadata.resourceVersion;
    if (precondition !== undefined && precondition !== "") {
      if (!live) {
        throw new ValidationError(
          `${describe(ref, group)} is invalid: metadata.resourceVersion: must not be set on create`,
        );
      }
      if (String(precondition) !== live.metadata.resourceVersion) {
        throw new ConflictError(
          `Operation cannot be fulfilled on ${describe(ref, group)}: the object has been modified; please apply your changes to the latest version and try again`,
        );
      }
    }

    const applied = sanitizeApplied(config);
    const newSet = fieldSetOf(applied);
    const managers = live ? readManagers(live) : new Map<string, ManagerEntry>();
    const mine = managers.get(options.fieldManager);
    managers.delete(options.fieldManager);

    // Conflicts: a field another manager owns, set here to a different value.
    const conflicts: FieldConflict[] = [];
    const conflictPaths: Array<{ manager: string; path: FieldPath }> = [];
    if (live) {
      for (const [key, path] of newSet) {
        const liveValue = getAt(live, path);
        const newValue = getAt(applied, path);
        if (liveValue === undefined) continue;
        if (isContainer(liveValue) && isContainer(newValue)) continue;
        if (jsonEqual(liveValue, newValue)) continue;
        for (const [manager, { set }] of managers) {
          if (set.has(key)) {
            conflicts.push({ manager, field: formatFieldPath(path) });
            conflictPaths.push({ manager, path });
          }
        }
      }
    }
    if (conflicts.length > 0 && !options.force) {
      const list = conflicts.map((c) => `conflict with "${c.manager}": ${c.field}`);
      const head = `Apply failed with ${conflicts.length} conflict${conflicts.length === 1 ? "" : "s"}: `;
      throw new ConflictError(
        `${describe(ref, group)}: ${head}${list.join("; ")} (apply with force to take ownership)`,
        conflicts,
      );
    }
    for (const { manager, path } of conflictPaths) {
      const entry = managers.get(manager)!;
      for (const [k, owned] of [...entry.set]) if (hasPrefix(owned, path)) entry.set.delete(k);
    }

    // Fields this manager stops applying go away, unless someone else still owns them.
    const dropped = mine ? [...mine.set].filter(([k]) => !newSet.has(k)).map(([, path]) => path) : [];
    // Stored objects are never changed in place: copy the live object only when removing from it.
    const working: JsonObject = live ? (dropped.length > 0 ? cloneJson(live) : live) : {};
    if (mine && dropped.length > 0) {
      const protectedPaths = coveredPaths([...managers.values()].map((m) => m.set));
      const ownedParents = coveredPaths([new Map([...mine.set].map(([k, p]) => [k, p.slice(0, -1)]))]);
      dropped.sort((a, b) => b.length - a.length);
      for (const path of dropped) {
        if (protectedPaths.has(pathKey(path))) continue;
        if (path.length === 1 && path[0] === "f:metadata") continue;
        // A list element's key fields go with the element, never on their own.
        if (path.length >= 2 && keyFieldsOf(path[path.length - 2]).includes(path[path.length - 1].slice(2)))
          continue;
        const value = getAt(working, path);
        if (value === undefined) continue;
        const hadChildren = ownedParents.has(pathKey(path));
        if (hadChildren && !isEmptyContainer(value, path[path.length - 1])) continue;
        deleteAt(working, path);
      }
    }

    const merged = mergeApplied(working, applied) as KubeObject;
    merged.apiVersion = config.apiVersion;
    const now = formatKubeTime(this.clock.now());
    const apiVersionChanged = mine !== undefined && mine.entry.apiVersion !== config.apiVersion;
    const setChanged = mine === undefined || !sameSet(mine.set, newSet);
    managers.set(options.fieldManager, {
      set: newSet,
      entry: {
        manager: options.fieldManager,
        operation: "Apply",
        apiVersion: config.apiVersion,
        time: setChanged || apiVersionChanged ? now : (mine.entry.time ?? now),
        fieldsType: "FieldsV1",
        fieldsV1: {},
      },
    });
    merged.metadata.managedFields = writeManagers(managers);

    if (group === "" && config.kind === "Namespace") {
      // The API server keeps this label on every namespace.
      merged.metadata.labels = { ...(merged.metadata.labels ?? {}), [NAMESPACE_LABEL]: name };
      if (!live) merged.status = { phase: "Active" };
    }
    if (isCrd(merged)) {
      // The apiextensions controller accepts the names and establishes the CRD at once.
      const status = establishedCrdStatus(merged, live, now);
      if (status) merged.status = status;
    }

    if (!live) {
      merged.metadata.uid = this.nextUid(state);
      merged.metadata.creationTimestamp = now;
      merged.metadata.generation = 1;
      merged.metadata.resourceVersion = String(++state.resourceVersion);
      putObject(state, key, merged);
      return { action: "created", object: cloneJson(merged) };
    }

    merged.metadata.uid = live.metadata.uid;
    merged.metadata.creationTimestamp = live.metadata.creationTimestamp;
    const specChanged = !jsonEqual(withoutMetaAndStatus(live), withoutMetaAndStatus(merged));
    merged.metadata.generation = (live.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    merged.metadata.resourceVersion = live.metadata.resourceVersion;
    const contentChanged = !jsonEqual(withoutVolatile(live), withoutVolatile(merged));
    const ownershipChanged = !jsonEqual(live.metadata.managedFields, merged.metadata.managedFields);
    if (!contentChanged && !ownershipChanged) return { action: "unchanged", object: cloneJson(live) };
    merged.metadata.resourceVersion = String(++state.resourceVersion);
    putObject(state, key, merged);
    return { action: contentChanged ? "configured" : "unchanged", object: cloneJson(merged) };
  }

  private nextUid(state: State): string {
    if (this.uid) return this.uid();
    state.uidSequence++;
    return `00000000-0000-4000-8000-${state.uidSequence.toString(16).padStart(12, "0")}`;
  }

  private isClusterScoped(state: State, group: string, kind: string): boolean {
    if (isClusterScoped({ group, kind }, this.extraClusterScoped)) return true;
    if (!state.crdScopes) {
      const scopes = new Map<string, boolean>();
      for (const obj of state.objects.values()) {
        if (!isCrd(obj)) continue;
        const spec = obj.spec as { group?: unknown; names?: { kind?: unknown }; scope?: unknown } | undefined;
        if (typeof spec?.group === "string" && typeof spec.names?.kind === "string") {
          scopes.set(`${spec.names.kind}.${spec.group}`, spec.scope === "Cluster");
        }
      }
      state.crdScopes = scopes;
    }
    return state.crdScopes.get(`${kind}.${group}`) ?? false;
  }

  private namespaceFor(state: State, group: string, kind: string, namespace: string | undefined): string {
    if (this.isClusterScoped(state, group, kind)) return "";
    return namespace || this.defaultNamespace;
  }
}

function putObject(state: State, key: string, obj: KubeObject): void {
  const previous = state.objects.get(key);
  state.objects.set(key, obj);
  if (isCrd(obj) || (previous && isCrd(previous))) state.crdScopes = undefined;
}

function removeObject(state: State, key: string): void {
  const previous = state.objects.get(key);
  state.objects.delete(key);
  if (previous && isCrd(previous)) state.crdScopes = undefined;
}

function validateObject(raw: unknown, where: string): KubeObject {
  if (!isKubeObject(raw)) {
    throw new ValidationError(
      `${where}: not a Kubernetes object (needs string apiVersion and kind, and a metadata map)`,
    );
  }
  const obj = stripNulls(cloneJson(raw)) as KubeObject;
  if (obj.apiVersion === "" || obj.kind === "")
    throw new ValidationError(`${where}: apiVersion and kind must not be empty`);
  parseApiVersion(obj.apiVersion);
  const name = obj.metadata.name;
  if (typeof name !== "string" || name === "") {
    throw new ValidationError(
      `${where}: ${obj.kind} is invalid: metadata.name: Required value: name is required`,
    );
  }
  if (name === "." || name === ".." || name.includes("/") || name.includes("%")) {
    throw new ValidationError(
      `${where}: ${obj.kind} "${name}" is invalid: metadata.name: may not be "." or "..", or contain "/" or "%"`,
    );
  }
  if (obj.metadata.namespace !== undefined && typeof obj.metadata.namespace !== "string") {
    throw new ValidationError(`${where}: ${obj.kind} "${name}": metadata.namespace must be a string`);
  }
  return obj;
}

/** `null` in an applied configuration means "not set". */
function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (v === null) delete value[k];
      else value[k] = stripNulls(v);
    }
  }
  return value;
}

/** The applied configuration without what the server owns (status, system metadata). Shares subtrees. */
function sanitizeApplied(config: KubeObject): KubeObject {
  const { status: _status, ...out } = config;
  const metadata = { ...config.metadata };
  for (const k of SYSTEM_METADATA) if (k !== "name" && k !== "namespace") delete metadata[k];
  return { ...out, metadata } as KubeObject;
}

/** True when `path` starts with every segment of `prefix`. */
function hasPrefix(path: FieldPath, prefix: FieldPath): boolean {
  return path.length >= prefix.length && prefix.every((seg, i) => path[i] === seg);
}

function readManagers(obj: KubeObject): Map<string, ManagerEntry> {
  const out = new Map<string, ManagerEntry>();
  for (const entry of obj.metadata.managedFields ?? []) {
    if (!isPlainObject(entry) || typeof entry.manager !== "string") continue;
    const existing = out.get(entry.manager);
    const set = fromFieldsV1(entry.fieldsV1);
    if (existing) for (const [k, p] of set) existing.set.set(k, p);
    else out.set(entry.manager, { entry: { ...entry }, set });
  }
  return out;
}

function writeManagers(managers: Map<string, ManagerEntry>): ManagedFieldsEntry[] {
  return [...managers.entries()]
    .filter(([, m]) => m.set.size > 0)
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([, m]) => ({ ...m.entry, fieldsType: "FieldsV1" as const, fieldsV1: toFieldsV1(m.set) }));
}

function isEmptyContainer(value: unknown, lastSegment: string): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) {
    const keys = new Set(keyFieldsOf(lastSegment));
    return Object.keys(value).every((k) => keys.has(k));
  }
  return true;
}

function withoutMetaAndStatus(obj: KubeObject): JsonObject {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

function withoutVolatile(obj: KubeObject): JsonObject {
  const { managedFields: _f, resourceVersion: _r, ...meta } = obj.metadata;
  return { ...obj, metadata: meta };
}

function sameSet(a: FieldSet, b: FieldSet): boolean {
  return a.size === b.size && [...a.keys()].every((k) => b.has(k));
}

/**
 * The status an API server gives a CRD once it serves it: `acceptedNames` (spec.names with defaults),
 * NamesAccepted and Established conditions, and the storage versions recorded. `live`'s status is
 * kept when the names and versions it records already match; undefined means "leave as is".
 */
function establishedCrdStatus(
  crd: KubeObject,
  live: KubeObject | undefined,
  now: string,
): JsonObject | undefined {
  const spec = isPlainObject(crd.spec) ? crd.spec : {};
  const names = isPlainObject(spec.names) ? spec.names : {};
  const kind = typeof names.kind === "string" ? names.kind : "";
  if (kind === "") return undefined;
  const acceptedNames: JsonObject = { ...names };
  if (acceptedNames.singular === undefined) acceptedNames.singular = kind.toLowerCase();
  if (acceptedNames.listKind === undefined) acceptedNames.listKind = `${kind}List`;
  const previous = live && isPlainObject(live.status) ? live.status : undefined;
  const stored = Array.isArray(previous?.storedVersions) ? [...(previous.storedVersions as string[])] : [];
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  for (const v of versions) {
    if (isPlainObject(v) && v.storage === true && typeof v.name === "string" && !stored.includes(v.name))
      stored.push(v.name);
  }
  if (
    previous &&
    jsonEqual(previous.acceptedNames, acceptedNames) &&
    jsonEqual(previous.storedVersions, stored)
  )
    return previous;
  const condition = (type: string, reason: string, message: string) => {
    const before = Array.isArray(previous?.conditions)
      ? (previous.conditions as JsonObject[]).find((c) => isPlainObject(c) && c.type === type)
      : undefined;
    const since =
      before?.status === "True" && typeof before.lastTransitionTime === "string"
        ? before.lastTransitionTime
        : now;
    return { type, status: "True", lastTransitionTime: since, reason, message };
  };
  return {
    conditions: [
      condition("NamesAccepted", "NoConflicts", "no conflicts found"),
      condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
    ],
    acceptedNames,
    storedVersions: stored,
  };
}

function isCrd(obj: KubeObject): boolean {
  return obj.kind === "CustomResourceDefinition" && groupOf(obj) === "apiextensions.k8s.io";
}

function groupOf(obj: KubeObject): string {
  return parseApiVersion(obj.apiVersion).group;
}

function nsOf(obj: KubeObject): string {
  return (obj.metadata as ObjectMeta).namespace ?? "";
}

function storeKey(group: string, kind: string, namespace: string, name: string): string {
  return `${group}\u0000${kind}\u0000${namespace}\u0000${name}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `.spec.containers[name="app"].image` for a field path. */
export function formatFieldPath(path: FieldPath): string {
  return path
    .map((seg) => {
      if (seg.startsWith("f:")) return `.${seg.slice(2)}`;
      if (seg.startsWith("k:")) {
        try {
          const keys = JSON.parse(seg.slice(2)) as JsonObject;
          return `[${Object.entries(keys)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(",")}]`;
        } catch {
          return `[${seg.slice(2)}]`;
        }
      }
      return `[${seg}]`;
    })
    .join("");
}

/** The lowercase plural resource name an API server would use, by the common English rules. */
function resourceName(kind: string): string {
  const k = kind.toLowerCase();
  if (k.endsWith("endpoints")) return k;
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

/** `deployments.apps "web"`, as API server messages name objects. */
function describe(ref: ObjectRef, group: string): string {
  return `${resourceName(ref.kind)}${group ? `.${group}` : ""} "${ref.name}"`;
}

function notFound(ref: ObjectRef, group: string): ResourceNotFoundError {
  return new ResourceNotFoundError(ref, `${describe(ref, group)} not found`);
}
