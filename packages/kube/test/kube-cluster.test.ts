import { ConflictError, type KubeObject, ResourceNotFoundError, ValidationError } from "@gitops-kit/core";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClusterAuthError, KubeCluster, UnknownKindError } from "../src/index.js";
import { type FakeApiServer, startFakeApiServer } from "./fake-api-server.js";
import { kubeconfigText } from "./helpers.js";

const TOKEN = "s3cr3t-token-value";

let fake: FakeApiServer;
let kube: KubeCluster;

beforeEach(async () => {
  fake = await startFakeApiServer({ token: TOKEN });
  kube = KubeCluster.fromKubeconfig({ contents: kubeconfigText({ server: fake.url, token: TOKEN }) });
});

afterEach(async () => {
  kube.close();
  await fake.close();
});

const configMap = (
  name: string,
  data: Record<string, string>,
  extra: Partial<KubeObject["metadata"]> = {},
) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, ...extra },
  data,
});

/** The requests after discovery, as `METHOD path`. */
function calls(): string[] {
  return fake.requests.map((r) => `${r.method} ${r.path}`);
}

describe("server-side apply", () => {
  it("PATCHes each object with application/apply-patch+yaml, the field manager and the bearer token", async () => {
    const [result] = await kube.apply({
      objects: [configMap("settings", { a: "1" })],
      fieldManager: "gitops-kit",
    });
    expect(result.action).toBe("created");
    expect(result.object.metadata.namespace).toBe("default");
    expect(result.object.metadata.uid).toBeTruthy();
    expect(calls()).toEqual([
      "GET /api/v1",
      "GET /api/v1/namespaces/default/configmaps/settings",
      "PATCH /api/v1/namespaces/default/configmaps/settings",
    ]);
    const patch = fake.requests[2];
    expect(patch.contentType).toBe("application/apply-patch+yaml");
    expect(patch.query).toEqual({ fieldManager: "gitops-kit" });
    expect(patch.authorization).toBe(`Bearer ${TOKEN}`);
    expect(patch.accept).toBe("application/json");
    // The body names the namespace of the URL, so the server never sees a mismatch.
    expect(JSON.parse(patch.body)).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "settings", namespace: "default" },
      data: { a: "1" },
    });
  });

  it("sends force=true and dryRun=All only when asked, and a dry run stores nothing", async () => {
    await kube.apply({ objects: [configMap("x", { a: "1" })], fieldManager: "m", dryRun: true, force: true });
    const patch = fake.requests.find((r) => r.method === "PATCH");
    expect(patch?.query).toEqual({ dryRun: "All", fieldManager: "m", force: "true" });
    await expect(kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "x" })).rejects.toBeInstanceOf(
      ResourceNotFoundError,
    );
  });

  it("tells created, unchanged and configured apart", async () => {
    const apply = (data: Record<string, string>) =>
      kube.apply({ objects: [configMap("c", data)], fieldManager: "m" }).then((r) => r[0].action);
    expect(await apply({ a: "1" })).toBe("created");
    expect(await apply({ a: "1" })).toBe("unchanged");
    expect(await apply({ a: "2" })).toBe("configured");
    const stored = await kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "c" });
    expect(stored.data).toEqual({ a: "2" });
  });

  it("re-applies an object read back from the server (managedFields dropped from the body)", async () => {
    await kube.apply({ objects: [configMap("c", { a: "1" })], fieldManager: "m" });
    const fetched = await kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "c" });
    expect(fetched.metadata.managedFields).toHaveLength(1);
    const [again] = await kube.apply({ objects: [fetched], fieldManager: "m" });
    expect(again.action).toBe("unchanged");
    const body = JSON.parse(fake.requests.filter((r) => r.method === "PATCH").at(-1)?.body ?? "{}");
    expect(body.metadata.managedFields).toBeUndefined();
    expect(body.metadata.resourceVersion).toBe(fetched.metadata.resourceVersion);
  });

  it("puts no namespace in the path or body of cluster-scoped kinds", async () => {
    const [res] = await kube.apply({
      objects: [
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "ClusterRole",
          metadata: { name: "reader", namespace: "ignored" },
          rules: [],
        },
      ],
      fieldManager: "m",
    });
    expect(res.action).toBe("created");
    const patch = fake.requests.find((r) => r.method === "PATCH");
    expect(patch?.path).toBe("/apis/rbac.authorization.k8s.io/v1/clusterroles/reader");
    expect(JSON.parse(patch?.body ?? "{}").metadata).toEqual({ name: "reader" });
    const got = await kube.get({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      name: "reader",
      namespace: "anything",
    });
    expect(got.metadata.name).toBe("reader");
    expect(fake.requests.at(-1)?.path).toBe("/apis/rbac.authorization.k8s.io/v1/clusterroles/reader");
  });

  it("reports field conflicts from the Status causes, and force takes ownership", async () => {
    await kube.apply({ objects: [configMap("shared", { a: "1" })], fieldManager: "alice" });
    const err = await kube
      .apply({ objects: [configMap("shared", { a: "2" })], fieldManager: "bob" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).code).toBe("CONFLICT");
    expect((err as ConflictError).conflicts).toEqual([{ manager: "alice", field: ".data.a" }]);
    const [forced] = await kube.apply({
      objects: [configMap("shared", { a: "2" })],
      fieldManager: "bob",
      force: true,
    });
    expect(forced.action).toBe("configured");
    expect(forced.object.data).toEqual({ a: "2" });
  });

  it("applies in order and uses the object's namespace, or the context's", async () => {
    const kube2 = KubeCluster.fromKubeconfig({
      contents: kubeconfigText({ server: fake.url, token: TOKEN, namespace: "team" }),
    });
    try {
      const results = await kube2.apply({
        objects: [
          { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } },
          configMap("in-team", {}),
          configMap("in-default", {}, { namespace: "default" }),
        ],
        fieldManager: "m",
      });
      expect(results.map((r) => [r.object.metadata.namespace, r.object.metadata.name])).toEqual([
        [undefined, "team"],
        ["team", "in-team"],
        ["default", "in-default"],
      ]);
      expect(kube2.namespace).toBe("team");
    } finally {
      kube2.close();
    }
  });

  it("maps a missing namespace to ResourceNotFoundError", async () => {
    const err = await kube
      .apply({ objects: [configMap("c", {}, { namespace: "nope" })], fieldManager: "m" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundError);
    expect((err as Error).message).toBe('namespaces "nope" not found');
    // The Status details name the namespace, so the ref is the Namespace, as with MemoryCluster.
    expect((err as ResourceNotFoundError).ref).toEqual({ apiVersion: "v1", kind: "Namespace", name: "nope" });
  });

  it("refuses bad input before sending anything", async () => {
    await expect(kube.apply({ objects: [configMap("c", {})], fieldManager: "" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      kube.apply({ objects: [configMap("../../secrets/x", {})], fieldManager: "m" }),
    ).rejects.toThrow(/may not be/);
    await expect(
      kube.apply({ objects: [{ kind: "ConfigMap" } as unknown as KubeObject], fieldManager: "m" }),
    ).rejects.toThrow("apply objects[0]: not a Kubernetes object");
    expect(fake.requests).toEqual([]);
  });
});

describe("get, list, delete", () => {
  beforeEach(async () => {
    await kube.apply({
      objects: [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: "b-ns" } },
        configMap("zeta", {}, { labels: { app: "web" } }),
        configMap("alpha", {}, { labels: { app: "web", tier: "front" } }),
        configMap("other", {}, { labels: { app: "db" } }),
        configMap("beta", {}, { namespace: "b-ns", labels: { app: "web" } }),
      ],
      fieldManager: "m",
    });
    fake.requests.length = 0;
  });

  it("lists across namespaces sorted by namespace then name, with kind and apiVersion filled in", async () => {
    const all = await kube.list({ apiVersion: "v1", kind: "ConfigMap", labelSelector: "app=web" });
    expect(all.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      "b-ns/beta",
      "default/alpha",
      "default/zeta",
    ]);
    expect(all.every((o) => o.apiVersion === "v1" && o.kind === "ConfigMap")).toBe(true);
    expect(fake.requests.at(-1)?.path).toBe("/api/v1/configmaps");
    expect(fake.requests.at(-1)?.query).toEqual({ labelSelector: "app=web", limit: "500" });
  });

  it("lists one namespace with a selector object in canonical string form", async () => {
    const some = await kube.list({
      apiVersion: "v1",
      kind: "ConfigMap",
      namespace: "default",
      labelSelector: { matchLabels: { tier: "front", app: "web" } },
    });
    expect(some.map((o) => o.metadata.name)).toEqual(["alpha"]);
    expect(fake.requests.at(-1)?.path).toBe("/api/v1/namespaces/default/configmaps");
    expect(fake.requests.at(-1)?.query.labelSelector).toBe("app=web,tier=front");
  });

  it("follows continue tokens", async () => {
    const paged = await startFakeApiServer({ pageSize: 2, cluster: fake.cluster });
    const k = KubeCluster.fromKubeconfig({ contents: kubeconfigText({ server: paged.url }) });
    try {
      const all = await k.list({ apiVersion: "v1", kind: "ConfigMap" });
      expect(all.map((o) => o.metadata.name)).toEqual(["beta", "alpha", "other", "zeta"]);
      const lists = paged.requests.filter((r) => r.path === "/api/v1/configmaps");
      expect(lists.map((r) => r.query.continue ?? "")).toEqual(["", "Mg==" /* "2" */]);
    } finally {
      k.close();
      await paged.close();
    }
  });

  it("deletes with the propagation policy and a uid precondition, returning the object", async () => {
    const before = await kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "zeta" });
    const deleted = await kube.delete({ apiVersion: "v1", kind: "ConfigMap", name: "zeta" });
    expect(deleted).toEqual(before);
    const del = fake.requests.find((r) => r.method === "DELETE");
    expect(del?.path).toBe("/api/v1/namespaces/default/configmaps/zeta");
    expect(del?.contentType).toBe("application/json");
    expect(JSON.parse(del?.body ?? "")).toEqual({
      apiVersion: "v1",
      kind: "DeleteOptions",
      propagationPolicy: "Background",
      preconditions: { uid: before.metadata.uid },
    });
    await expect(kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "zeta" })).rejects.toThrow(
      'configmaps "zeta" not found',
    );
  });

  it("returns the server's answer to a delete when it is the object (finalizers pending)", async () => {
    const answering = await startFakeApiServer({ deleteReturnsObject: true, cluster: fake.cluster });
    const k = KubeCluster.fromKubeconfig({ contents: kubeconfigText({ server: answering.url }) });
    try {
      const deleted = await k.delete({ apiVersion: "v1", kind: "ConfigMap", name: "zeta" });
      expect(deleted.metadata.deletionTimestamp).toBe("2026-01-01T00:00:00Z");
      expect(deleted.metadata.name).toBe("zeta");
    } finally {
      k.close();
      await answering.close();
    }
  });

  it("dry-run deletes keep the object; the policy can be chosen per call", async () => {
    await kube.delete({
      apiVersion: "v1",
      kind: "ConfigMap",
      name: "zeta",
      dryRun: true,
      propagationPolicy: "Foreground",
    });
    const del = fake.requests.find((r) => r.method === "DELETE");
    expect(JSON.parse(del?.body ?? "")).toMatchObject({ dryRun: ["All"], propagationPolicy: "Foreground" });
    expect((await kube.get({ apiVersion: "v1", kind: "ConfigMap", name: "zeta" })).metadata.name).toBe(
      "zeta",
    );
  });

  it("a missing object is a ResourceNotFoundError carrying the ref", async () => {
    const ref = { apiVersion: "apps/v1", kind: "Deployment", name: "ghost", namespace: "default" };
    const err = await kube.delete(ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundError);
    expect((err as ResourceNotFoundError).ref).toEqual(ref);
    expect((err as Error).message).toBe('deployments.apps "ghost" not found');
    expect(fake.requests.some((r) => r.method === "DELETE")).toBe(false);
  });
});

describe("names in URLs", () => {
  it("any name is refused before sending, or sent as exactly one path segment", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 12 }), async (name) => {
        fake.requests.length = 0;
        const err = await kube.get({ apiVersion: "v1", kind: "ConfigMap", name }).catch((e: unknown) => e);
        const gets = fake.requests.filter((r) => r.path.startsWith("/api/v1/namespaces/"));
        if (err instanceof ValidationError) {
          expect(gets).toEqual([]);
          return;
        }
        expect(err).toBeInstanceOf(ResourceNotFoundError);
        expect(gets).toHaveLength(1);
        const segments = gets[0].path.split("/");
        expect(segments.slice(0, -1).join("/")).toBe("/api/v1/namespaces/default/configmaps");
        expect(decodeURIComponent(segments.at(-1) ?? "")).toBe(name);
      }),
      { numRuns: 60 },
    );
  });
});

describe("discovery", () => {
  it("fetches each group-version once and skips subresources", async () => {
    await kube.get({ apiVersion: "v1", kind: "Namespace", name: "default" });
    await kube.get({ apiVersion: "v1", kind: "Namespace", name: "kube-system" });
    await kube.list({ apiVersion: "apps/v1", kind: "Deployment" });
    await kube.list({ apiVersion: "apps/v1", kind: "Deployment" });
    expect(calls()).toEqual([
      "GET /api/v1",
      "GET /api/v1/namespaces/default",
      "GET /api/v1/namespaces/kube-system",
      "GET /apis/apps/v1",
      "GET /apis/apps/v1/deployments",
      "GET /apis/apps/v1/deployments",
    ]);
  });

  it("keeps the path of a server URL (an API server behind a proxy)", async () => {
    const proxied = await startFakeApiServer({ prefix: "/k8s/clusters/c-1" });
    const k = KubeCluster.fromKubeconfig({
      contents: kubeconfigText({ server: `${proxied.url}/k8s/clusters/c-1/` }),
    });
    try {
      expect((await k.get({ apiVersion: "v1", kind: "Namespace", name: "default" })).metadata.name).toBe(
        "default",
      );
      expect(proxied.requests.map((r) => r.path)).toEqual([
        "/k8s/clusters/c-1/api/v1",
        "/k8s/clusters/c-1/api/v1/namespaces/default",
      ]);
    } finally {
      k.close();
      await proxied.close();
    }
  });

  it("an unknown group or kind is an UnknownKindError naming apiVersion and kind", async () => {
    const err = await kube
      .get({ apiVersion: "nope.io/v1", kind: "Thing", name: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownKindError);
    expect((err as Error).message).toBe('no matches for kind "Thing" in version "nope.io/v1"');
    expect((err as UnknownKindError).code).toBe("UNKNOWN_KIND");
    await expect(kube.get({ apiVersion: "apps/v1", kind: "Thing", name: "x" })).rejects.toThrow(
      'no matches for kind "Thing" in version "apps/v1"',
    );
  });

  it("looks again for a kind that appeared since (a new CRD in a known group)", async () => {
    await kube.list({ apiVersion: "example.com/v1", kind: "Widget" });
    await expect(kube.list({ apiVersion: "example.com/v1", kind: "Sprocket" })).rejects.toBeInstanceOf(
      UnknownKindError,
    );
    fake.addResource({
      group: "example.com",
      version: "v1",
      kind: "Sprocket",
      resource: "sprockets",
      namespaced: false,
    });
    expect(await kube.list({ apiVersion: "example.com/v1", kind: "Sprocket" })).toEqual([]);
    expect(fake.requests.at(-1)?.path).toBe("/apis/example.com/v1/sprockets");
  });
});

describe("errors", () => {
  it("a wrong token is a ClusterAuthError (401) that does not contain the token", async () => {
    const wrong = "wrong-token-123456";
    const k = KubeCluster.fromKubeconfig({ contents: kubeconfigText({ server: fake.url, token: wrong }) });
    try {
      const err = await k.get({ apiVersion: "v1", kind: "ConfigMap", name: "x" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClusterAuthError);
      expect((err as ClusterAuthError).status).toBe(401);
      expect((err as ClusterAuthError).code).toBe("CLUSTER_AUTH");
      expect((err as Error).message).toBe("GET /api/v1: unauthorized (401): Unauthorized");
      expect(JSON.stringify(err)).not.toContain(wrong);
      expect(String((err as Error).stack)).not.toContain(wrong);
    } finally {
      k.close();
    }
  });

  it("403 is a ClusterAuthError naming the request", async () => {
    const strict = await startFakeApiServer({ forbid: (r) => r.path.includes("/secrets") });
    const k = KubeCluster.fromKubeconfig({ contents: kubeconfigText({ server: strict.url }) });
    try {
      const err = await k.get({ apiVersion: "v1", kind: "Secret", name: "s" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClusterAuthError);
      expect((err as ClusterAuthError).status).toBe(403);
      expect((err as Error).message).toMatch(
        /^GET \/api\/v1\/namespaces\/default\/secrets\/s: forbidden \(403\): /,
      );
    } finally {
      k.close();
      await strict.close();
    }
  });

  it("a server message that echoes the token is masked", async () => {
    const echo = await startFakeApiServer({
      token: TOKEN,
      forbid: (r) => r.path.includes("/secrets"),
    });
    // The fake's 403 message names the path; put the token in the path through the object name.
    const k = KubeCluster.fromKubeconfig({ contents: kubeconfigText({ server: echo.url, token: TOKEN }) });
    try {
      const err = await k.get({ apiVersion: "v1", kind: "Secret", name: TOKEN }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClusterAuthError);
      expect((err as Error).message).not.toContain(TOKEN);
      expect((err as Error).message).toContain("*****");
    } finally {
      k.close();
      await echo.close();
    }
  });
});
