import { createHmac } from "node:crypto";
import { fixedClock, type KubeObject, MemoryCluster, manualClock } from "@gitops-kit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  dispatchEvent,
  EventRateLimiter,
  kustomizationReconciledEvent,
  parseProvider,
  resolveProvider,
} from "../src/index.js";
import { type Recorder, startRecorder } from "./helpers/recorder.js";

let recorder: Recorder;
beforeEach(async () => {
  recorder = await startRecorder();
});
afterEach(async () => {
  await recorder.close();
});

const b64 = (s: string) => Buffer.from(s).toString("base64");

const kustomization: KubeObject = {
  apiVersion: "kustomize.toolkit.fluxcd.io/v1",
  kind: "Kustomization",
  metadata: {
    name: "apps",
    namespace: "flux-system",
    uid: "1111-2222",
    annotations: { "event.toolkit.fluxcd.io/commit": "5394cb7f48332b2de7c17dd8b8384bbc84b7e738" },
  },
  spec: { interval: "10m" },
  status: {
    conditions: [{ type: "Ready", status: "True", reason: "ReconciliationSucceeded" }],
    lastAppliedRevision: "main@sha1:5394cb7f48332b2de7c17dd8b8384bbc84b7e738",
  },
};

async function setup(extra: KubeObject[] = []) {
  const cluster = new MemoryCluster({
    clock: fixedClock("2024-05-01T10:00:00Z"),
    namespaces: ["flux-system"],
    uid: () => "0c9c2e41-d2f9-4f9b",
  });
  const objects: KubeObject[] = [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "webhook", namespace: "flux-system" },
      data: {
        address: b64(`${recorder.url}/hook`),
        token: b64("hmac-secret"),
        headers: b64("X-Team: platform\n"),
      },
    },
    {
      apiVersion: "notification.toolkit.fluxcd.io/v1beta3",
      kind: "Provider",
      metadata: { name: "hook", namespace: "flux-system" },
      spec: { type: "generic-hmac", secretRef: { name: "webhook" } },
    },
    {
      apiVersion: "notification.toolkit.fluxcd.io/v1beta3",
      kind: "Provider",
      metadata: { name: "chat", namespace: "flux-system" },
      spec: { type: "slack", address: `${recorder.url}/slack`, channel: "ops" },
    },
    {
      apiVersion: "notification.toolkit.fluxcd.io/v1beta3",
      kind: "Alert",
      metadata: { name: "all", namespace: "flux-system" },
      spec: {
        providerRef: { name: "hook" },
        eventSources: [{ kind: "Kustomization", name: "*" }],
        eventMetadata: { cluster: "prod-eu" },
      },
    },
    {
      apiVersion: "notification.toolkit.fluxcd.io/v1beta3",
      kind: "Alert",
      metadata: { name: "chat", namespace: "flux-system" },
      spec: { providerRef: { name: "chat" }, eventSources: [{ kind: "Kustomization", name: "apps" }] },
    },
    ...extra,
  ];
  await cluster.apply({ objects, fieldManager: "test" });
  return cluster;
}

describe("dispatchEvent", () => {
  it("sends a matching event to each Alert's provider, with merged metadata and the Secret's credentials", async () => {
    const cluster = await setup();
    const event = kustomizationReconciledEvent({
      kustomization,
      durationMs: 1200,
      clock: fixedClock("2024-05-01T10:00:00Z"),
    });
    const result = await dispatchEvent({ event: JSON.stringify(event), cluster });
    expect(result.status).toBe(202);
    // The final Ready event is a commit status update: chat providers skip it, generic ones send it.
    expect(result.notifications.map((n) => [n.alert, n.outcome, n.reason])).toEqual([
      ["flux-system/all", "sent", undefined],
      ["flux-system/chat", "skipped", "commit status update"],
    ]);
    expect(recorder.requests).toHaveLength(1);
    const [request] = recorder.requests;
    expect(request.url).toBe("/hook");
    expect(request.headers["x-team"]).toBe("platform");
    expect(request.headers["x-signature"]).toBe(
      `sha256=${createHmac("sha256", "hmac-secret").update(request.body).digest("hex")}`,
    );
    expect(JSON.parse(request.body).metadata).toEqual({
      cluster: "prod-eu",
      commit: "5394cb7f48332b2de7c17dd8b8384bbc84b7e738",
      commit_status: "update",
      revision: "main@sha1:5394cb7f48332b2de7c17dd8b8384bbc84b7e738",
    });
  });

  it("rate limits duplicates with Flux's key and answers 429", async () => {
    const cluster = await setup();
    const clock = manualClock("2024-05-01T10:00:00Z");
    const rateLimiter = new EventRateLimiter({ clock });
    const event = {
      ...kustomizationReconciledEvent({ kustomization, durationMs: 1000, clock }),
      metadata: {},
    };
    expect((await dispatchEvent({ event, cluster, rateLimiter })).status).toBe(202);
    expect((await dispatchEvent({ event, cluster, rateLimiter })).status).toBe(429);
    clock.advance(5 * 60 * 1000);
    expect((await dispatchEvent({ event, cluster, rateLimiter })).status).toBe(202);
    expect((await dispatchEvent({ event: "{nope", cluster })).status).toBe(400);
  });

  it("reports a failed delivery with the secret address masked", async () => {
    const cluster = await setup();
    recorder.reply = (req) => ({ status: 400, body: `unknown hook ${recorder.url}${req.url}` });
    const event = {
      ...kustomizationReconciledEvent({ kustomization, durationMs: 1, clock: fixedClock(0) }),
      metadata: {},
    };
    const result = await dispatchEvent({ event, cluster, sleep: async () => {} });
    const failed = result.notifications.find((n) => n.alert === "flux-system/all")!;
    expect(failed.outcome).toBe("failed");
    // The address came from a Secret, so it is masked; the spec address of the other provider is not.
    expect(failed.error).toBe(
      "postMessage failed: request failed: request failed with status code 400: unknown hook *****",
    );
    const chat = result.notifications.find((n) => n.alert === "flux-system/chat")!;
    expect(chat.error).toBe(
      `postMessage failed: request failed: request failed with status code 400: unknown hook ${recorder.url}/slack`,
    );
  });

  it("drops events for commit status providers without a commit key, unless they are errors", async () => {
    const provider: KubeObject = {
      apiVersion: "notification.toolkit.fluxcd.io/v1beta3",
      kind: "Provider",
      metadata: { name: "gh", namespace: "flux-system" },
      spec: { type: "github", address: `${recorder.url}/org/repo`, secretRef: { name: "gh-token" } },
    };
    const secret: KubeObject = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "gh-token", namespace: "flux-system" },
      stringData: { token: "ghp-secret" },
    };
    const alert: KubeObject = {
      apiVersion: "notification.toolkit.fluxcd.io/v1beta3",
      kind: "Alert",
      metadata: { name: "gh", namespace: "flux-system" },
      spec: { providerRef: { name: "gh" }, eventSources: [{ kind: "Kustomization", name: "*" }] },
    };
    const cluster = await setup([secret, provider, alert]);
    const plain = {
      involvedObject: {
        kind: "Kustomization",
        namespace: "flux-system",
        name: "apps",
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      },
      severity: "info",
      timestamp: "2024-05-01T10:00:00Z",
      message: "applied",
      reason: "ReconciliationSucceeded",
      reportingController: "kustomize-controller",
      metadata: {
        "kustomize.toolkit.fluxcd.io/revision": "main@sha1:5394cb7f48332b2de7c17dd8b8384bbc84b7e738",
      },
    };
    const dropped = await dispatchEvent({ event: plain, cluster });
    expect(dropped.notifications.find((n) => n.alert === "flux-system/gh")).toMatchObject({
      outcome: "dropped",
    });
    recorder.reply = (req) =>
      req.method === "GET" ? { status: 200, body: "[]" } : { status: 201, body: "{}" };
    const withCommit = {
      ...plain,
      metadata: {
        ...plain.metadata,
        "event.toolkit.fluxcd.io/commit": "5394cb7f48332b2de7c17dd8b8384bbc84b7e738",
      },
    };
    const sent = await dispatchEvent({ event: withCommit, cluster });
    expect(sent.notifications.find((n) => n.alert === "flux-system/gh")).toMatchObject({ outcome: "sent" });
    const post = recorder.requests.find((r) => r.method === "POST" && r.url.includes("/statuses/"))!;
    expect(post.url).toBe("/api/v3/repos/org/repo/statuses/5394cb7f48332b2de7c17dd8b8384bbc84b7e738");
    // Provider UID from the cluster: "0c9c2e41-d2f9-4f9b" → context kustomization/apps/0c9c2e41.
    expect(JSON.parse(post.body)).toEqual({
      state: "success",
      description: "reconciliation succeeded",
      context: "kustomization/apps/0c9c2e41",
    });
    expect(post.headers.authorization).toBe("Bearer ghp-secret");
  });
});

describe("resolveProvider", () => {
  const provider = (spec: Record<string, unknown>) =>
    parseProvider({
      metadata: { name: "p", namespace: "apps", uid: "u-1" },
      spec: { type: "generic", ...spec },
    });

  it("reads address, token, basic auth, proxy and TLS from Secrets and lists every secret value", async () => {
    const secrets: Record<string, Record<string, string>> = {
      auth: { address: " https://hooks.example.com/x \n", token: "tok", username: "u", password: "pw" },
      proxy: { address: "http://proxy.example.com:3128", username: "pu", password: "p@ss" },
      tls: { "ca.crt": "CA", "tls.crt": "CERT", "tls.key": "KEY" },
    };
    const resolved = await resolveProvider({
      provider: provider({
        secretRef: { name: "auth" },
        proxySecretRef: { name: "proxy" },
        certSecretRef: { name: "tls" },
        timeout: "1m30s",
      }),
      secrets: ({ name }) => secrets[name],
    });
    expect(resolved.settings).toEqual({
      type: "generic",
      providerUID: "u-1",
      address: "https://hooks.example.com/x",
      token: "tok",
      username: "u",
      password: "pw",
    });
    expect(resolved.transport).toEqual({
      proxy: "http://pu:p%40ss@proxy.example.com:3128",
      caPem: "CA",
      certPem: "CERT",
      keyPem: "KEY",
    });
    expect(resolved.timeoutMs).toBe(90_000);
    expect(resolved.secrets).toEqual(
      expect.arrayContaining(["https://hooks.example.com/x", "tok", "pw", "p@ss", "p%40ss", "KEY"]),
    );
  });

  it("ignores credentials when username and password are not both set, as Flux does", async () => {
    const resolved = await resolveProvider({
      provider: provider({ secretRef: { name: "s" } }),
      secrets: () => ({ token: "t", username: "u" }),
    });
    expect(resolved.settings.token).toBeUndefined();
  });

  it("names missing Secrets and bad proxies", async () => {
    await expect(
      resolveProvider({ provider: provider({ secretRef: { name: "gone" } }), secrets: () => undefined }),
    ).rejects.toThrow(`failed to get secret 'apps/gone': secrets "gone" not found`);
    await expect(
      resolveProvider({
        provider: provider({ proxySecretRef: { name: "p" } }),
        secrets: () => ({ address: "ftp://x" }),
      }),
    ).rejects.toThrow("proxy URL must use one of the supported schemes (http, https, socks5), got 'ftp'");
    expect(() =>
      parseProvider({ metadata: { name: "p" }, spec: { type: "slack", commitStatusExpr: "x" } }),
    ).toThrow(/commitStatusExpr/);
  });
});
