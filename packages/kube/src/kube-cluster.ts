import {
  type ApplyOptions,
  type ApplyResult,
  type ClusterAdapter,
  compileLabelSelector,
  type DeleteOptions,
  isKubeObject,
  jsonEqual,
  type KubeObject,
  type ListOptions,
  type Logger,
  type ObjectRef,
  ValidationError,
} from "@gitops-kit/core";
import type { KubeConfig } from "@kubernetes/client-node";
import { connectionOf } from "./connection.js";
import { Discovery, type ResourceInfo } from "./discovery.js";
import { ClusterRequestError } from "./errors.js";
import {
  type InClusterOptions,
  inClusterKubeConfig,
  type LoadKubeConfigOptions,
  loadKubeConfig,
} from "./kubeconfig.js";
import { errorFromResponse } from "./status.js";
import { type KubeRequest, type KubeResponse, Transport } from "./transport.js";

/** How dependents of a deleted object are deleted (`metav1.DeletionPropagation`). */
export type PropagationPolicy = "Background" | "Foreground" | "Orphan";

/** Options shared by every way of making a {@link KubeCluster}. */
export interface KubeClusterCommonOptions {
  /**
   * Run `exec` credential plugins (and `auth-provider` commands) named by the kubeconfig user.
   * Default false: such a user is refused with an `ExecPluginRefusedError`.
   */
  allowExecPlugins?: boolean;
  /** Namespace for namespaced objects and refs that name none. Default: the context's, else `default`. */
  defaultNamespace?: string;
  /** Default propagation policy of {@link KubeCluster.delete}. Default `Background`, as kubectl. */
  propagationPolicy?: PropagationPolicy;
  /** Per request, from sending to the last byte of the answer. Default 30 s. */
  timeoutMs?: number;
  /** Larger answers fail with a `ClusterUnreachableError`. Default 256 MiB. */
  maxResponseBytes?: number;
  /** Receives one debug line per request (method, path, status, duration; never headers or bodies). */
  logger?: Logger;
}

/** Options of the {@link KubeCluster} constructor. */
export interface KubeClusterOptions extends KubeClusterCommonOptions {
  /** A client-node KubeConfig; its current context is used. See {@link loadKubeConfig}. */
  kubeConfig: KubeConfig;
}

/** Options of {@link KubeCluster.delete}: the core options plus a propagation policy. */
export interface KubeDeleteOptions extends DeleteOptions {
  propagationPolicy?: PropagationPolicy;
}

const APPLY_PATCH = "application/apply-patch+yaml";
const LIST_PAGE = 500;

/**
 * The {@link ClusterAdapter} of a real Kubernetes API server.
 *
 * - `get`, `list` (label selector, paginated, sorted by namespace then name) and `delete` use the
 *   resource URLs found through discovery, so cluster-scoped kinds get no namespace in the path.
 * - `apply` is server-side apply: one `PATCH` per object with `application/apply-patch+yaml`,
 *   `fieldManager`, `force=true` when forcing and `dryRun=All` for dry runs. A `GET` before each
 *   patch tells `created`, `configured` (content changed) and `unchanged` apart as MemoryCluster does.
 *   Unlike MemoryCluster a batch is not atomic: objects applied before a failing one stay applied.
 * - `delete` reads the object first (the server often answers a delete with a bare Status), then
 *   deletes it with a `uid` precondition so that exactly the object read is the one deleted.
 *
 * Failures are typed: `ResourceNotFoundError`, `ConflictError` (with the field conflicts),
 * `ValidationError`, `ClusterAuthError`, `ClusterUnreachableError`, `UnknownKindError`,
 * `ClusterRequestError`. Credentials never appear in messages or logs.
 */
export class KubeCluster implements ClusterAdapter {
  private readonly transport: Transport;
  private readonly discovery: Discovery;
  private readonly defaultNamespace: string;
  private readonly propagationPolicy: PropagationPolicy;

  constructor(options: KubeClusterOptions) {
    const connection = connectionOf(options.kubeConfig, { allowExecPlugins: options.allowExecPlugins });
    this.transport = new Transport(connection, {
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      logger: options.logger,
    });
    this.discovery = new Discovery(this.transport);
    this.defaultNamespace = options.defaultNamespace ?? connection.namespace ?? "default";
    this.propagationPolicy = options.propagationPolicy ?? "Background";
  }

  /** A cluster from a kubeconfig file or text (default: `$KUBECONFIG` or `~/.kube/config`). */
  static fromKubeconfig(options: LoadKubeConfigOptions & KubeClusterCommonOptions = {}): KubeCluster {
    return new KubeCluster({ ...options, kubeConfig: loadKubeConfig(options) });
  }

  /** The cluster a pod runs in, through its service account (see {@link InClusterOptions}). */
  static inCluster(options: InClusterOptions & KubeClusterCommonOptions = {}): KubeCluster {
    return new KubeCluster({ ...options, kubeConfig: inClusterKubeConfig(options) });
  }

  /** The API server URL (no credentials). */
  get server(): string {
    return this.transport.server;
  }

  /** The namespace used when an object or ref names none. */
  get namespace(): string {
    return this.defaultNamespace;
  }

  async get(ref: ObjectRef): Promise<KubeObject> {
    const info = await this.discovery.resolve(ref.apiVersion, ref.kind);
    const path = objectPath(info, this.namespaceOf(info, ref.namespace), checkedName(ref.name, "get"));
    const res = await this.send({ method: "GET", path }, ref);
    return asObject(res, `GET ${path}`, info);
  }

  async list(options: ListOptions): Promise<KubeObject[]> {
    const info = await this.discovery.resolve(options.apiVersion, options.kind);
    const selector = compileLabelSelector(options.labelSelector).toString();
    const namespace =
      info.namespaced && options.namespace ? checkedName(options.namespace, "list namespace") : undefined;
    const path = collectionPath(info, namespace);
    const ref = { apiVersion: options.apiVersion, kind: options.kind, name: "", namespace };
    const out: KubeObject[] = [];
    let next = "";
    // Bounded: a server that keeps handing out continue tokens would otherwise loop forever.
    for (let page = 0; page < 100_000; page++) {
      const query: Array<[string, string]> = [];
      if (selector !== "") query.push(["labelSelector", selector]);
      query.push(["limit", String(LIST_PAGE)]);
      if (next !== "") query.push(["continue", next]);
      const res = await this.send({ method: "GET", path, query }, ref);
      const body = res.body as { items?: unknown; metadata?: { continue?: unknown } } | undefined;
      if (!Array.isArray(body?.items)) throw new ClusterRequestError(res.status, `GET ${path}: not a list`);
      for (const item of body.items) {
        if (!isKubeObject({ apiVersion: info.apiVersion, kind: info.kind, ...(item as object) })) {
          throw new ClusterRequestError(res.status, `GET ${path}: list item is not an object with metadata`);
        }
        // List items come without apiVersion and kind.
        out.push({ ...(item as KubeObject), apiVersion: info.apiVersion, kind: info.kind });
      }
      next = typeof body.metadata?.continue === "string" ? body.metadata.continue : "";
      if (next === "") break;
    }
    out.sort(
      (a, b) =>
        compare(a.metadata.namespace ?? "", b.metadata.namespace ?? "") ||
        compare(a.metadata.name ?? "", b.metadata.name ?? ""),
    );
    return out;
  }

  async apply(options: ApplyOptions): Promise<ApplyResult[]> {
    if (typeof options.fieldManager !== "string" || options.fieldManager === "") {
      throw new ValidationError("apply: fieldManager is required");
    }
    const results: ApplyResult[] = [];
    for (const [i, obj] of options.objects.entries()) results.push(await this.applyOne(obj, i, options));
    return results;
  }

  /**
   * Delete an object. Returns the server's answer when that is the object (e.g. marked for deletion
   * while finalizers are pending), otherwise the object as read just before the delete.
   */
  async delete(options: KubeDeleteOptions): Promise<KubeObject> {
    const info = await this.discovery.resolve(options.apiVersion, options.kind);
    const path = objectPath(
      info,
      this.namespaceOf(info, options.namespace),
      checkedName(options.name, "delete"),
    );
    const before = asObject(await this.send({ method: "GET", path }, options), `GET ${path}`, info);
    const body: Record<string, unknown> = {
      apiVersion: "v1",
      kind: "DeleteOptions",
      propagationPolicy: options.propagationPolicy ?? this.propagationPolicy,
    };
    if (before.metadata.uid) body.preconditions = { uid: before.metadata.uid };
    if (options.dryRun) body.dryRun = ["All"];
    const res = await this.send({ method: "DELETE", path, body: JSON.stringify(body) }, options);
    // Most resources answer with a Status; some with the object (e.g. marked for deletion).
    const returned = res.body as KubeObject | undefined;
    if (isKubeObject(returned) && returned.kind === info.kind) return returned;
    return before;
  }

  /** Forget discovered resources (e.g. after CRDs were removed) and close idle connections. */
  reset(): void {
    this.discovery.reset();
    this.transport.close();
  }

  /** Close idle connections. The adapter stays usable. */
  close(): void {
    this.transport.close();
  }

  private async applyOne(raw: KubeObject, index: number, options: ApplyOptions): Promise<ApplyResult> {
    const obj = checkedObject(raw, `apply objects[${index}]`);
    const info = await this.discovery.resolve(obj.apiVersion, obj.kind);
    const namespace = this.namespaceOf(info, obj.metadata.namespace);
    const name = obj.metadata.name as string;
    const metadata = { ...obj.metadata };
    // The server refuses apply bodies with managedFields (e.g. an object read back and re-applied).
    delete metadata.managedFields;
    // The body must agree with the URL: the server rejects a namespace that differs from the path's.
    if (namespace === undefined) delete metadata.namespace;
    else metadata.namespace = namespace;
    const body = { ...obj, metadata };
    const ref: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, name, namespace };
    const path = objectPath(info, namespace, name);

    const current = await this.transport.request({ method: "GET", path });
    if (current.status !== 200 && current.status !== 404)
      throw errorFromResponse(current, { request: `GET ${path}`, ref });
    const before = current.status === 200 ? asObject(current, `GET ${path}`, info) : undefined;

    const query: Array<[string, string]> = [];
    if (options.dryRun) query.push(["dryRun", "All"]);
    query.push(["fieldManager", options.fieldManager]);
    if (options.force) query.push(["force", "true"]);
    const res = await this.send(
      { method: "PATCH", path, query, body: JSON.stringify(body), contentType: APPLY_PATCH },
      ref,
    );
    const after = asObject(res, `PATCH ${path}`, info);
    if (res.status === 201 || !before) return { action: "created", object: after };
    return { action: sameContent(before, after) ? "unchanged" : "configured", object: after };
  }

  private namespaceOf(info: ResourceInfo, namespace: string | undefined): string | undefined {
    if (!info.namespaced) return undefined;
    return checkedName(namespace || this.defaultNamespace, "namespace");
  }

  /** Send and turn any non-2xx answer into its typed error. */
  private async send(req: KubeRequest, ref: ObjectRef): Promise<KubeResponse> {
    const res = await this.transport.request(req);
    if (res.status >= 200 && res.status < 300) return res;
    throw errorFromResponse(res, { request: `${req.method} ${req.path}`, ref });
  }
}

function collectionPath(info: ResourceInfo, namespace: string | undefined): string {
  const base =
    info.group === "" ? `/api/${enc(info.version)}` : `/apis/${enc(info.group)}/${enc(info.version)}`;
  const ns = namespace === undefined ? "" : `/namespaces/${enc(namespace)}`;
  return `${base}${ns}/${enc(info.resource)}`;
}

function objectPath(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return `${collectionPath(info, namespace)}/${enc(name)}`;
}

const enc = encodeURIComponent;

/** Names go into URL paths: refuse what would change the path (Kubernetes never allows these). */
function checkedName(name: unknown, where: string): string {
  if (typeof name !== "string" || name === "") throw new ValidationError(`${where}: name is required`);
  if (name === "." || name === ".." || name.includes("/") || name.includes("%")) {
    throw new ValidationError(`${where}: name "${name}" may not be "." or "..", or contain "/" or "%"`);
  }
  return name;
}

function checkedObject(raw: unknown, where: string): KubeObject {
  if (!isKubeObject(raw) || raw.apiVersion === "" || raw.kind === "") {
    throw new ValidationError(
      `${where}: not a Kubernetes object (needs string apiVersion and kind, and a metadata map)`,
    );
  }
  const name = raw.metadata.name;
  if (typeof name !== "string" || name === "") {
    throw new ValidationError(
      `${where}: ${raw.kind} is invalid: metadata.name: Required value: name is required`,
    );
  }
  checkedName(name, `${where}: ${raw.kind}`);
  if (raw.metadata.namespace !== undefined && typeof raw.metadata.namespace !== "string") {
    throw new ValidationError(`${where}: ${raw.kind} "${name}": metadata.namespace must be a string`);
  }
  return raw;
}

function asObject(res: KubeResponse, request: string, info: ResourceInfo): KubeObject {
  const body = res.body;
  if (!isKubeObject(body)) {
    // Some servers omit apiVersion/kind on single objects (e.g. through aggregated APIs).
    if (
      typeof body === "object" &&
      body !== null &&
      isKubeObject({ apiVersion: info.apiVersion, kind: info.kind, ...body })
    ) {
      return { apiVersion: info.apiVersion, kind: info.kind, ...(body as object) } as KubeObject;
    }
    throw new ClusterRequestError(res.status, `${request}: the answer is not a Kubernetes object`);
  }
  return body;
}

/** Equal apart from what every write touches (resourceVersion, managedFields), as MemoryCluster decides. */
function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { resourceVersion: _r, managedFields: _m, ...metadata } = o.metadata;
    return { ...o, metadata };
  };
  return jsonEqual(strip(a), strip(b));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
