import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import {
  ConflictError,
  fixedClock,
  type KubeObject,
  MemoryCluster,
  ResourceNotFoundError,
  ValidationError,
} from "@gitops-kit/core";

/**
 * A fake Kubernetes API server for tests, on 127.0.0.1: discovery documents, object storage with
 * server-side apply (delegated to a MemoryCluster, so field ownership and conflicts behave as in
 * the embedded adapter), and a record of every request. It answers like an API server does —
 * `Status` bodies with reasons and causes, 201 on create, 415 for a wrong patch type — but
 * implements only the endpoints KubeCluster calls.
 */

/** One resource the fake serves. */
export interface FakeResource {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name. */
  resource: string;
  namespaced: boolean;
}

export const DEFAULT_RESOURCES: FakeResource[] = [
  { group: "", version: "v1", kind: "Namespace", resource: "namespaces", namespaced: false },
  { group: "", version: "v1", kind: "ConfigMap", resource: "configmaps", namespaced: true },
  { group: "", version: "v1", kind: "Secret", resource: "secrets", namespaced: true },
  { group: "", version: "v1", kind: "Service", resource: "services", namespaced: true },
  { group: "apps", version: "v1", kind: "Deployment", resource: "deployments", namespaced: true },
  {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    kind: "ClusterRole",
    resource: "clusterroles",
    namespaced: false,
  },
  { group: "example.com", version: "v1", kind: "Widget", resource: "widgets", namespaced: true },
  { group: "example.com", version: "v1", kind: "Gadget", resource: "gadgets", namespaced: false },
];

/** What the fake saw of one request. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters (last value wins). */
  query: Record<string, string>;
  contentType?: string;
  authorization?: string;
  /** The `Impersonate-User` header. */
  impersonate?: string;
  accept?: string;
  /** Common name of the client certificate, when the connection presented one. */
  clientCertCN?: string;
  body: string;
}

export interface FakeApiServerOptions {
  /** Require `Authorization: Bearer <token>`; 401 otherwise. */
  token?: string;
  resources?: FakeResource[];
  /** Serve HTTPS with this key and certificate (PEM); with `clientCa`, require client certificates it signed. */
  tls?: { key: string | Buffer; cert: string | Buffer; clientCa?: string | Buffer };
  /** Answer 403 when this returns true. */
  forbid?: (req: RecordedRequest) => boolean;
  /** Page size when a list request sets no smaller `limit`. Default: everything in one page. */
  pageSize?: number;
  /** Answer DELETE with the deleted object instead of a Status. Default false. */
  deleteReturnsObject?: boolean;
  /** Serve under this path prefix (as behind a proxy like Rancher's), e.g. `/k8s/clusters/c-1`. */
  prefix?: string;
  /** Backing store; default a MemoryCluster with a fixed clock. */
  cluster?: MemoryCluster;
}

export interface FakeApiServer {
  /** `http://127.0.0.1:<port>` (or https). */
  url: string;
  requests: RecordedRequest[];
  cluster: MemoryCluster;
  /** Add a served resource, as a new CRD would. */
  addResource(resource: FakeResource): void;
  close(): Promise<void>;
}

export const FAKE_TIME = "2026-01-01T00:00:00Z";

/** A MemoryCluster configured as the fake's default backing store (for contract comparisons). */
export function fakeBackingCluster(resources: FakeResource[] = DEFAULT_RESOURCES): MemoryCluster {
  return new MemoryCluster({
    clock: fixedClock(FAKE_TIME),
    clusterScoped: resources.filter((r) => !r.namespaced).map((r) => ({ group: r.group, kind: r.kind })),
  });
}

export async function startFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const resources = [...(options.resources ?? DEFAULT_RESOURCES)];
  const cluster = options.cluster ?? fakeBackingCluster(resources);
  const requests: RecordedRequest[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        contentType: req.headers["content-type"],
        authorization: req.headers.authorization,
        impersonate: req.headers["impersonate-user"] as string | undefined,
        clientCertCN: clientCertCN(req),
        accept: req.headers.accept,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      let answer: Answer;
      try {
        answer = route(recorded);
      } catch (err) {
        answer = statusAnswer(500, "InternalError", `fake: ${(err as Error).message}`);
      }
      res.writeHead(answer.status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
  };

  const route = (req: RecordedRequest): Answer => {
    if (options.token !== undefined && req.authorization !== `Bearer ${options.token}`) {
      return statusAnswer(401, "Unauthorized", "Unauthorized");
    }
    if (options.forbid?.(req)) {
      return statusAnswer(
        403,
        "Forbidden",
        `${req.method} ${req.path} is forbidden: User "test" cannot do this`,
      );
    }
    const prefix = options.prefix ?? "";
    if (!req.path.startsWith(`${prefix}/`)) return notFoundPath();
    const segs = req.path
      .slice(prefix.length)
      .split("/")
      .filter((s) => s !== "")
      .map(decodeURIComponent);
    if (req.method === "GET" && segs.length === 1 && segs[0] === "api") {
      return ok({ kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] });
    }
    if (req.method === "GET" && segs.length === 1 && segs[0] === "apis") return ok(groupList(resources));
    let group: string;
    let version: string;
    let rest: string[];
    if (segs[0] === "api" && segs.length >= 2) [group, version, rest] = ["", segs[1], segs.slice(2)];
    else if (segs[0] === "apis" && segs.length >= 3)
      [group, version, rest] = [segs[1], segs[2], segs.slice(3)];
    else return notFoundPath();
    const served = resources.filter((r) => r.group === group && r.version === version);
    if (served.length === 0) return notFoundPath();
    if (rest.length === 0) {
      if (req.method !== "GET") return statusAnswer(405, "MethodNotAllowed", "method not allowed");
      return ok(resourceList(group, version, served));
    }
    let namespace: string | undefined;
    if (rest[0] === "namespaces" && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    if (rest.length > 2) return notFoundPath();
    const resource = served.find((r) => r.resource === rest[0]);
    if (!resource || (namespace !== undefined && !resource.namespaced)) return notFoundPath();
    const name = rest[1];
    const apiVersion = group === "" ? version : `${group}/${version}`;
    const ref = { apiVersion, kind: resource.kind, namespace, name: name ?? "" };
    try {
      if (name === undefined) {
        if (req.method !== "GET") return statusAnswer(405, "MethodNotAllowed", "method not allowed");
        return listAnswer(req, resource, apiVersion, namespace);
      }
      switch (req.method) {
        case "GET":
          return ok(cluster.getSync(ref));
        case "PATCH":
          return applyAnswer(req, resource, apiVersion, namespace, name);
        case "DELETE":
          return deleteAnswer(req, ref, resource);
        default:
          return statusAnswer(405, "MethodNotAllowed", "method not allowed");
      }
    } catch (err) {
      return errorAnswer(err, resources);
    }
  };

  const listAnswer = (
    req: RecordedRequest,
    resource: FakeResource,
    apiVersion: string,
    namespace: string | undefined,
  ): Answer => {
    const all = cluster.listSync({
      apiVersion,
      kind: resource.kind,
      namespace,
      labelSelector: req.query.labelSelector,
    });
    const limit = Math.min(Number(req.query.limit) || Infinity, options.pageSize ?? Infinity);
    const start = req.query.continue ? Number(Buffer.from(req.query.continue, "base64").toString()) : 0;
    const page = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return ok({
      kind: `${resource.kind}List`,
      apiVersion,
      metadata: {
        resourceVersion: cluster.snapshot().resourceVersion,
        ...(more ? { continue: Buffer.from(String(start + limit)).toString("base64") } : {}),
      },
      // Items of a list carry no apiVersion/kind, as from a real server.
      items: page.map(({ apiVersion: _a, kind: _k, ...item }) => item),
    });
  };

  const applyAnswer = (
    req: RecordedRequest,
    resource: FakeResource,
    apiVersion: string,
    namespace: string | undefined,
    name: string,
  ): Answer => {
    if (req.contentType !== "application/apply-patch+yaml") {
      return statusAnswer(415, "UnsupportedMediaType", `the body of the request was in an unknown format`);
    }
    if (!req.query.fieldManager) {
      return statusAnswer(
        400,
        "BadRequest",
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    }
    let obj: KubeObject;
    try {
      obj = JSON.parse(req.body) as KubeObject;
    } catch {
      return statusAnswer(400, "BadRequest", "error decoding YAML");
    }
    if (obj.apiVersion !== apiVersion || obj.kind !== resource.kind) {
      return statusAnswer(400, "BadRequest", "apiVersion/kind of the body do not match the request");
    }
    if (obj.metadata?.name !== name) {
      return statusAnswer(400, "BadRequest", "the name of the object does not match the name on the URL");
    }
    if (resource.namespaced && obj.metadata.namespace !== undefined && obj.metadata.namespace !== namespace) {
      return statusAnswer(
        400,
        "BadRequest",
        "the namespace of the provided object does not match the namespace sent on the request",
      );
    }
    const [result] = cluster.applySync({
      objects: [obj],
      fieldManager: req.query.fieldManager,
      force: req.query.force === "true",
      dryRun: req.query.dryRun === "All",
    });
    return { status: result.action === "created" ? 201 : 200, body: result.object };
  };

  const deleteAnswer = (
    req: RecordedRequest,
    ref: { apiVersion: string; kind: string; namespace?: string; name: string },
    resource: FakeResource,
  ): Answer => {
    const deleteOptions = (req.body ? JSON.parse(req.body) : {}) as {
      preconditions?: { uid?: string };
      dryRun?: string[];
    };
    const current = cluster.getSync(ref);
    const uid = deleteOptions.preconditions?.uid;
    if (uid !== undefined && uid !== current.metadata.uid) {
      return statusAnswer(
        409,
        "Conflict",
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid}`,
      );
    }
    const deleted = cluster.deleteSync({ ...ref, dryRun: deleteOptions.dryRun?.includes("All") });
    if (options.deleteReturnsObject) {
      // As for an object whose finalizers are still pending.
      return ok({ ...deleted, metadata: { ...deleted.metadata, deletionTimestamp: FAKE_TIME } });
    }
    return ok({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      details: { name: ref.name, group: resource.group, kind: resource.resource, uid: deleted.metadata.uid },
    });
  };

  const server = options.tls
    ? https.createServer(
        {
          key: options.tls.key,
          cert: options.tls.cert,
          ...(options.tls.clientCa
            ? { ca: options.tls.clientCa, requestCert: true, rejectUnauthorized: true }
            : {}),
        },
        handler,
      )
    : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    requests,
    cluster,
    addResource: (r) => {
      resources.push(r);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function clientCertCN(req: http.IncomingMessage): string | undefined {
  const socket = req.socket as { getPeerCertificate?: () => { subject?: { CN?: string } } };
  const cn = socket.getPeerCertificate?.()?.subject?.CN;
  return typeof cn === "string" && cn !== "" ? cn : undefined;
}

interface Answer {
  status: number;
  body: unknown;
}

function ok(body: unknown): Answer {
  return { status: 200, body };
}

function statusAnswer(code: number, reason: string, message: string, details?: unknown): Answer {
  return {
    status: code,
    body: {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    },
  };
}

function notFoundPath(): Answer {
  return statusAnswer(404, "NotFound", "the server could not find the requested resource");
}

/** MemoryCluster's errors as the API server would send them. */
function errorAnswer(err: unknown, resources: FakeResource[]): Answer {
  if (err instanceof ResourceNotFoundError) {
    // Like the API server, name what is missing in the details (kind there is the resource name).
    const group = err.ref.apiVersion.includes("/") ? err.ref.apiVersion.split("/")[0] : "";
    const resource = resources.find((r) => r.group === group && r.kind === err.ref.kind);
    const details = { name: err.ref.name, ...(group ? { group } : {}), kind: resource?.resource ?? "" };
    return statusAnswer(404, "NotFound", err.message, details);
  }
  if (err instanceof ConflictError) {
    if (err.conflicts.length === 0) return statusAnswer(409, "Conflict", err.message);
    const causes = err.conflicts.map((c) => ({
      type: "FieldManagerConflict",
      message: `conflict with "${c.manager}"`,
      field: c.field,
    }));
    const n = err.conflicts.length;
    const message = `Apply failed with ${n} conflict${n === 1 ? "" : "s"}: ${err.conflicts
      .map((c) => `conflict with "${c.manager}": ${c.field}`)
      .join("\n")}`;
    return statusAnswer(409, "Conflict", message, { causes });
  }
  if (err instanceof ValidationError) return statusAnswer(422, "Invalid", err.message);
  throw err;
}

function resourceList(group: string, version: string, served: FakeResource[]): unknown {
  const resources: unknown[] = [];
  for (const r of served) {
    // A subresource first: it carries the parent's kind and must not be taken for the resource.
    resources.push({
      name: `${r.resource}/status`,
      singularName: "",
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: ["get", "patch"],
    });
    resources.push({
      name: r.resource,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
    });
  }
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group === "" ? version : `${group}/${version}`,
    resources,
  };
}

function groupList(resources: FakeResource[]): unknown {
  const groups = new Map<string, Set<string>>();
  for (const r of resources) {
    if (r.group === "") continue;
    if (!groups.has(r.group)) groups.set(r.group, new Set());
    groups.get(r.group)?.add(r.version);
  }
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [...groups].map(([name, versions]) => ({
      name,
      versions: [...versions].map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${name}/${[...versions][0]}`, version: [...versions][0] },
    })),
  };
}
