import { readFileSync } from "node:fs";
import type { LogFields } from "@gitops-kit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  buildNotification,
  type Event,
  NotificationSendError,
  type ProviderSettings,
  SUPPORTED_PROVIDER_TYPES,
  sendNotification,
} from "../src/index.js";
import { nodeFetch, nodeFetchFactory } from "../src/node.js";
import { startProxy } from "./helpers/proxy.js";
import { type Recorder, startRecorder } from "./helpers/recorder.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

const event: Event = {
  involvedObject: {
    kind: "Kustomization",
    namespace: "flux-system",
    name: "podinfo",
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    uid: "7b9b7d1c-1f6e-4a0e-9f5e-2b3c4d5e6f70",
  },
  severity: "error",
  timestamp: "2024-05-01T10:00:00Z",
  message: "health check failed after 30s",
  reason: "HealthCheckFailed",
  reportingController: "kustomize-controller",
  metadata: { revision: "main@sha1:5394cb7f48332b2de7c17dd8b8384bbc84b7e738", summary: "prod" },
};

let recorder: Recorder;
beforeEach(async () => {
  recorder = await startRecorder();
});
afterEach(async () => {
  await recorder.close();
});

/** Settings pointing each provider type at the local recorder. */
function providerFor(type: string, base: string): ProviderSettings {
  const repo = `${base}/org/repo`;
  const settings: Record<string, ProviderSettings> = {
    telegram: { type, address: base, channel: "-100123", token: "123456:secret-bot-token" },
    matrix: { type, address: base, channel: "!room:example.org", token: "syt" },
    opsgenie: { type, address: `${base}/v2/alerts`, token: "genie", providerUID: "0c9c2e41-d2f9" },
    pagerduty: { type, address: base, channel: "routing-key" },
    datadog: { type, address: base, token: "dd-key" },
    sentry: { type, address: `http://public@127.0.0.1:${new URL(base).port}/42`, channel: "prod" },
    "generic-hmac": { type, address: `${base}/hook`, token: "hmac-key" },
    github: { type, address: repo, token: "gh-token", commitStatus: "kustomization/podinfo/0c9c2e41" },
    githubdispatch: { type, address: repo, token: "gh-token" },
    gitlab: { type, address: repo, token: "gl-token", commitStatus: "kustomization/podinfo/0c9c2e41" },
    gitea: { type, address: repo, token: "gitea-token", commitStatus: "kustomization/podinfo/0c9c2e41" },
    bitbucketserver: {
      type,
      address: `${base}/scm/proj/repo.git`,
      token: "bb",
      commitStatus: "kustomization/podinfo/0c9c2e41",
    },
    azuredevops: {
      type,
      address: `${base}/org/proj/_git/repo`,
      token: "pat",
      commitStatus: "kustomization/podinfo/0c9c2e41",
    },
  };
  return settings[type] ?? { type, address: `${base}/hook`, token: type === "webex" ? "bot" : undefined };
}

describe("every provider type sends to a local HTTP server", () => {
  // Bitbucket Cloud's API host is fixed (api.bitbucket.org): its own test below redirects it via the fetch adapter.
  const types = SUPPORTED_PROVIDER_TYPES.filter((t) => t !== "bitbucket");

  for (const type of types) {
    it(type, async () => {
      recorder.reply = (req) =>
        req.method === "GET"
          ? type === "bitbucketserver"
            ? { status: 404, body: "{}" }
            : { status: 200, body: type === "azuredevops" ? '{"count":0,"value":[]}' : "[]" }
          : { status: 200, body: "{}" };
      const plan = buildNotification({
        provider: providerFor(type, recorder.url),
        event,
        sentry: { eventId: "a".repeat(32) },
      });
      const result = await sendNotification({ plan, fetch });
      expect(recorder.requests).toHaveLength(plan.requests.length);
      plan.requests.forEach((planned, i) => {
        const got = recorder.requests[i];
        const url = new URL(planned.url);
        expect(got.method).toBe(planned.method);
        expect(got.url).toBe(`${url.pathname}${url.search}`);
        expect(got.body).toBe(planned.body);
        for (const [k, v] of Object.entries(planned.headers)) expect(got.headers[k.toLowerCase()], k).toBe(v);
      });
      expect(result.exchanges.every((x) => x.attempts === 1)).toBe(true);
    });
  }
});

describe("bitbucket cloud through the fetch adapter", () => {
  it("sends its status requests to a local server standing in for api.bitbucket.org", async () => {
    recorder.reply = (req) =>
      req.method === "GET" ? { status: 404, body: "{}" } : { status: 201, body: "{}" };
    const plan = buildNotification({
      provider: {
        type: "bitbucket",
        address: "https://bitbucket.org/owner/repo.git",
        token: "user:app-password",
        commitStatus: "kustomization/podinfo/0c9c2e41",
      },
      event,
    });
    // The API host is fixed, so the HttpFetch adapter is what points it elsewhere (as a proxy would).
    const toLocal: typeof fetch = (input, init) =>
      fetch(String(input).replace("https://api.bitbucket.org", recorder.url), init);
    await sendNotification({ plan, fetch: toLocal });
    expect(plan.requests).toHaveLength(2); // look up the existing status, then post it
    expect(recorder.requests.map((r) => r.method)).toEqual(plan.requests.map((r) => r.method));
    plan.requests.forEach((planned, i) => {
      const got = recorder.requests[i];
      expect(planned.url.startsWith("https://api.bitbucket.org/2.0/repositories/owner/repo/commit/")).toBe(
        true,
      );
      expect(got.url).toBe(new URL(planned.url).pathname);
      expect(got.body).toBe(planned.body);
      expect(got.headers.authorization).toBe(`Basic ${Buffer.from("user:app-password").toString("base64")}`);
    });
  });
});

describe("retries, backoff and timeouts", () => {
  const plan = () =>
    buildNotification({ provider: { type: "generic", address: `${recorder.url}/hook` }, event });

  it("retries 5xx with exponential backoff, then succeeds", async () => {
    recorder.reply = (_req, i) => (i < 2 ? { status: 503, body: "busy" } : { status: 200 });
    const waits: number[] = [];
    const result = await sendNotification({ plan: plan(), sleep: async (ms) => void waits.push(ms) });
    expect(recorder.requests).toHaveLength(3);
    expect(waits).toEqual([2000, 4000]);
    expect(result.exchanges[0].attempts).toBe(3);
  });

  it("honours Retry-After on 429 and gives up after 5 attempts with Flux's message", async () => {
    recorder.reply = () => ({ status: 429, headers: { "Retry-After": "3" } });
    const waits: number[] = [];
    const error = await sendNotification({ plan: plan(), sleep: async (ms) => void waits.push(ms) }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(NotificationSendError);
    expect(error.message).toBe(
      `postMessage failed: failed to execute request: POST ${recorder.url}/hook giving up after 5 attempt(s)`,
    );
    expect(waits).toEqual([3000, 3000, 3000, 3000]);
    expect(recorder.requests).toHaveLength(5);
  });

  it("does not retry 4xx or 501, and reports the body", async () => {
    recorder.reply = () => ({ status: 501, body: "nope" });
    const error = await sendNotification({ plan: plan(), sleep: async () => {} }).catch((e) => e);
    expect(error.message).toBe(
      "postMessage failed: request failed: request failed with status code 501: nope",
    );
    expect(recorder.requests).toHaveLength(1);
  });

  it("caps the wait at maxWaitMs", async () => {
    recorder.reply = () => ({ status: 500 });
    const waits: number[] = [];
    await sendNotification({
      plan: plan(),
      retry: { max: 6, minWaitMs: 2000, maxWaitMs: 30_000 },
      sleep: async (ms) => void waits.push(ms),
    }).catch(() => {});
    expect(waits).toEqual([2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it("stops at the timeout when the server never answers", async () => {
    recorder.reply = () => ({ status: 200, hang: true });
    const started = Date.now();
    const error = await sendNotification({ plan: plan(), timeoutMs: 300 }).catch((e) => e);
    expect(error).toBeInstanceOf(NotificationSendError);
    expect(error.message).toBe(
      `postMessage failed: failed to execute request: POST ${recorder.url}/hook: context deadline exceeded`,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("secrets stay out of errors and logs", () => {
  it("masks a token that is part of the URL and of headers", async () => {
    const token = "123456:secret-bot-token";
    const plan = buildNotification({
      provider: { type: "telegram", address: "http://127.0.0.1:9", channel: "1", token },
      event,
    });
    const lines: string[] = [];
    const logger = {
      debug: (m: string, f?: LogFields) => lines.push(m + JSON.stringify(f)),
      info: (m: string, f?: LogFields) => lines.push(m + JSON.stringify(f)),
      warn: (m: string, f?: LogFields) => lines.push(m + JSON.stringify(f)),
      error: (m: string, f?: LogFields) => lines.push(m + JSON.stringify(f)),
    };
    const error = await sendNotification({ plan, secrets: [token], logger, sleep: async () => {} }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(NotificationSendError);
    expect(error.message).toContain("giving up after 5 attempt(s)");
    expect(error.message).not.toContain("secret-bot-token");
    expect(error.message).toContain("*****");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain("secret-bot-token");
  });

  it("masks secrets echoed in a provider's error response", async () => {
    recorder.reply = (req) => ({ status: 401, body: `bad credentials: ${req.headers.authorization}` });
    const plan = buildNotification({
      provider: { type: "webex", address: `${recorder.url}/v1/messages`, token: "s3cr3t-bot" },
      event,
    });
    const error = await sendNotification({ plan, secrets: ["s3cr3t-bot"] }).catch((e) => e);
    expect(error.message).toBe(
      "postMessage failed: request failed: request failed with status code 401: bad credentials: Bearer *****",
    );
  });
});

describe("proxy and CA through the fetch adapter", () => {
  it("sends an http request through a proxy with credentials", async () => {
    const proxy = await startProxy();
    try {
      const plan = buildNotification({
        provider: { type: "generic", address: `${recorder.url}/hook` },
        event,
      });
      const proxyUrl = proxy.url.replace("http://", "http://user:p%40ss@");
      await sendNotification({ plan, transport: { proxy: proxyUrl }, fetchFactory: nodeFetchFactory() });
      expect(proxy.seen).toEqual([
        { line: `POST ${recorder.url}/hook`, auth: `Basic ${Buffer.from("user:p@ss").toString("base64")}` },
      ]);
      expect(recorder.requests).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it("tunnels https through the proxy and trusts the given CA only", async () => {
    const secure = await startRecorder({ tls: { cert: fixture("server.crt"), key: fixture("server.key") } });
    const proxy = await startProxy();
    try {
      const plan = buildNotification({ provider: { type: "generic", address: `${secure.url}/hook` }, event });
      await sendNotification({
        plan,
        transport: { proxy: proxy.url, caPem: fixture("ca.crt") },
        fetchFactory: nodeFetchFactory(),
      });
      expect(proxy.seen.map((s) => s.line)).toEqual([`CONNECT 127.0.0.1:${secure.port}`]);
      expect(secure.requests).toHaveLength(1);
      // Without the CA the server's certificate is not trusted.
      const error = await sendNotification({ plan, fetch: nodeFetch(), retry: { max: 0 } }).catch((e) => e);
      expect(error.message).toMatch(
        /failed to execute request: POST https:\/\/127\.0\.0\.1:\d+\/hook giving up after 1 attempt\(s\): .*(certificate|self.signed|issuer)/i,
      );
      await sendNotification({ plan, fetch: nodeFetch({ caPem: fixture("ca.crt") }) });
      expect(secure.requests).toHaveLength(2);
    } finally {
      await proxy.close();
      await secure.close();
    }
  });

  it("refuses a proxy without a fetch factory", async () => {
    const plan = buildNotification({ provider: { type: "generic", address: `${recorder.url}/hook` }, event });
    await expect(sendNotification({ plan, transport: { proxy: "http://127.0.0.1:1" } })).rejects.toThrow(
      /fetchFactory/,
    );
  });
});
