import { readFileSync } from "node:fs";
import { UnsupportedError } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import {
  buildNotification,
  commitHash,
  defaultCommitStatus,
  type Event,
  executePlan,
  githubApiBase,
  type NotificationPlan,
  type NotificationResponse,
  NotificationSendError,
  type ProviderSettings,
  parseEvent,
  parseGitAddress,
  splitCamelCase,
  titleCase,
} from "../src/index.js";

interface Vector {
  provider: ProviderSettings;
  event: unknown;
  serverResponses?: Record<string, string>;
  expected: {
    requests: { method: string; url: string; headers: Record<string, string>; bodyRaw: string }[];
    error?: string;
  };
}

const vectors: Record<string, Vector> = JSON.parse(
  readFileSync(new URL("./fixtures/provider-vectors.json", import.meta.url), "utf8"),
);

/** Run a plan against canned responses; the requests it sent. */
async function run(plan: NotificationPlan, answer: (url: string, method: string) => NotificationResponse) {
  const sent: { method: string; url: string; headers: Record<string, string>; body: string }[] = [];
  await executePlan({
    plan,
    transport: async (request) => {
      sent.push(request);
      return answer(request.url, request.method);
    },
    retry: { max: 0 },
    timeoutMs: 0,
  });
  return sent;
}

const ok = (body = ""): NotificationResponse => ({ status: 200, headers: {}, body });

describe("request builders reproduce Flux's requests (sample vectors)", () => {
  for (const [id, vector] of Object.entries(vectors)) {
    it(id, async () => {
      const event = parseEvent(vector.event);
      const answer = (_url: string, method: string) => {
        const canned = vector.serverResponses?.[`${method} `];
        if (!canned) return ok();
        const [status, body] = canned.split("|");
        return { status: Number(status), headers: {}, body };
      };
      if (vector.expected.error !== undefined) {
        expect(() => buildNotification({ provider: vector.provider, event })).toThrow(vector.expected.error);
        return;
      }
      const sent = await run(buildNotification({ provider: vector.provider, event }), answer);
      expect(
        sent.map((r) => ({ method: r.method, url: r.url, headers: r.headers, bodyRaw: r.body })),
      ).toEqual(
        vector.expected.requests.map(({ method, url, headers, bodyRaw }) => ({
          method,
          url,
          headers,
          bodyRaw,
        })),
      );
    });
  }
});

const base: Event = {
  involvedObject: {
    kind: "Kustomization",
    namespace: "flux-system",
    name: "podinfo",
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    uid: "7b9b7d1c-1f6e-4a0e-9f5e-2b3c4d5e6f70",
  },
  severity: "info",
  timestamp: "2024-05-01T10:00:00Z",
  message: "Reconciliation finished",
  reason: "ReconciliationSucceeded",
  reportingController: "kustomize-controller",
  metadata: { revision: "main@sha1:5394cb7f48332b2de7c17dd8b8384bbc84b7e738", summary: "prod" },
};
const sha = "5394cb7f48332b2de7c17dd8b8384bbc84b7e738";

describe("git providers built from their specs", () => {
  it("gitlab: lists statuses by name, posts {state,name,description} with PRIVATE-TOKEN", async () => {
    const plan = buildNotification({
      provider: {
        type: "gitlab",
        address: "https://gitlab.example.com/group/sub/app.git",
        token: "glpat",
        commitStatus: "kustomization/podinfo/0c9c2e41",
      },
      event: base,
    });
    const sent = await run(plan, (_u, m) => ok(m === "GET" ? "[]" : "{}"));
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET https://gitlab.example.com/api/v4/projects/group%2Fsub%2Fapp/repository/commits/${sha}/statuses?name=kustomization%2Fpodinfo%2F0c9c2e41`,
      `POST https://gitlab.example.com/api/v4/projects/group%2Fsub%2Fapp/statuses/${sha}`,
    ]);
    expect(sent[1].headers["Private-Token"]).toBe("glpat");
    expect(sent[1].body).toBe(
      '{"state":"success","name":"kustomization/podinfo/0c9c2e41","description":"reconciliation succeeded"}',
    );
    // An identical status already there: nothing is posted.
    const dup = await run(plan, () =>
      ok(
        JSON.stringify([
          {
            sha,
            status: "success",
            description: "reconciliation succeeded",
            name: "kustomization/podinfo/0c9c2e41",
          },
        ]),
      ),
    );
    expect(dup).toHaveLength(1);
    const errorPlan = buildNotification({
      provider: {
        type: "gitlab",
        address: "https://gitlab.example.com/g/app",
        password: "from-password",
        commitStatus: "c",
      },
      event: { ...base, severity: "error" },
    });
    expect(JSON.parse(errorPlan.requests[1].body).state).toBe("failed");
    expect(errorPlan.requests[0].headers["Private-Token"]).toBe("from-password");
  });

  it("gitea: reports Progressing as pending and skips a duplicate of the newest status", async () => {
    const provider = {
      type: "gitea",
      address: "https://gitea.example.com/org/app",
      token: "t",
      commitStatus: "ks/podinfo/1",
    };
    const plan = buildNotification({ provider, event: { ...base, reason: "Progressing" } });
    expect(plan.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET https://gitea.example.com/api/v1/repos/org/app/commits/${sha}/statuses?limit=50&page=1`,
      `POST https://gitea.example.com/api/v1/repos/org/app/statuses/${sha}`,
    ]);
    expect(JSON.parse(plan.requests[1].body)).toEqual({
      state: "pending",
      target_url: "",
      description: "progressing",
      context: "ks/podinfo/1",
    });
    expect(plan.requests[1].headers.Authorization).toBe("token t");
    const dup = await run(plan, () =>
      ok(
        JSON.stringify([
          { context: "ks/podinfo/1", status: "pending", description: "progressing" },
          { context: "ks/podinfo/1", status: "success", description: "x" },
        ]),
      ),
    );
    expect(dup).toHaveLength(1);
  });

  it("bitbucket cloud: basic auth from user:password token, key = sha1(commit status)", async () => {
    const plan = buildNotification({
      provider: {
        type: "bitbucket",
        address: "https://bitbucket.org/owner/repo.git",
        token: "user:app-pass",
        commitStatus: "kustomization/podinfo/0c9c2e41",
      },
      event: base,
    });
    const key = "dfbdde19098ffc25b398f33cc01d36690866ac7b";
    const sent = await run(plan, (_u, m) =>
      m === "GET" ? { status: 404, headers: {}, body: "{}" } : ok("{}"),
    );
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET https://api.bitbucket.org/2.0/repositories/owner/repo/commit/${sha}/statuses/build/${key}`,
      `POST https://api.bitbucket.org/2.0/repositories/owner/repo/commit/${sha}/statuses/build`,
    ]);
    expect(sent[1].headers.Authorization).toBe(`Basic ${Buffer.from("user:app-pass").toString("base64")}`);
    expect(JSON.parse(sent[1].body)).toEqual({
      key,
      url: "https://bitbucket.org",
      state: "SUCCESSFUL",
      name: "kustomization/podinfo",
      description: "reconciliation succeeded",
    });
    expect(() =>
      buildNotification({
        provider: {
          type: "bitbucket",
          address: "https://bitbucket.org/o/r",
          token: "nocolon",
          commitStatus: "c",
        },
        event: base,
      }),
    ).toThrow("invalid token format, expected to be <user>:<password>");
  });

  it("azuredevops: genre carries the summary; PAT as basic auth", async () => {
    const plan = buildNotification({
      provider: {
        type: "azuredevops",
        address: "https://dev.azure.com/org/proj/_git/repo",
        token: "pat",
        commitStatus: "ks/podinfo/1",
      },
      event: base,
    });
    expect(plan.requests[0].url).toBe(
      `https://dev.azure.com/org/proj/_apis/git/repositories/repo/commits/${sha}/statuses`,
    );
    expect(JSON.parse(plan.requests[1].body)).toEqual({
      context: { genre: "fluxcd:prod", name: "ks/podinfo/1" },
      description: "reconciliation succeeded",
      state: "succeeded",
    });
    expect(plan.requests[1].headers.Authorization).toBe(`Basic ${Buffer.from(":pat").toString("base64")}`);
    const dup = await run(plan, () =>
      ok(
        JSON.stringify({
          count: 1,
          value: [
            {
              context: { genre: "fluxcd:prod", name: "ks/podinfo/1" },
              state: "succeeded",
              description: "reconciliation succeeded",
            },
          ],
        }),
      ),
    );
    expect(dup).toHaveLength(1);
  });

  it("commit status providers skip Progressing and need a 40-character hash", () => {
    for (const type of ["github", "gitlab", "bitbucket", "bitbucketserver", "azuredevops"]) {
      const address =
        type === "bitbucketserver"
          ? "https://bb.example.com/scm/p/r.git"
          : type === "azuredevops"
            ? "https://dev.azure.com/o/p/_git/r"
            : "https://h.example.com/o/r";
      const token = type === "bitbucket" ? "u:p" : "t";
      const provider = { type, address, token, commitStatus: "c" };
      expect(buildNotification({ provider, event: { ...base, reason: "Progressing" } }).requests).toEqual([]);
      expect(() =>
        buildNotification({ provider, event: { ...base, metadata: { revision: "v1@sha256:abc" } } }),
      ).toThrow(/failed to extract commit hash from 'v1@sha256:abc' revision/);
      expect(() => buildNotification({ provider, event: { ...base, metadata: {} } })).toThrow(
        "missing revision metadata",
      );
    }
  });
});

describe("other providers built from their specs", () => {
  it("datadog: sorted request keys, lower-cased tags, DD-API-KEY", () => {
    const plan = buildNotification({
      provider: { type: "datadog", address: "https://api.datadoghq.eu/ignored", token: "dd" },
      event: base,
    });
    const [request] = plan.requests;
    expect(request.url).toBe("https://api.datadoghq.eu/api/v1/events");
    expect(request.headers["Dd-Api-Key"]).toBe("dd");
    expect(request.body).toBe(
      '{"alert_type":"info","date_happened":1714557600,"source_type_name":"fluxcd","tags":["flux_reporting_controller:kustomize-controller","flux_reason:reconciliationsucceeded","kube_kind:kustomization","kube_name:podinfo","kube_namespace:flux-system","revision:main@sha1:5394cb7f48332b2de7c17dd8b8384bbc84b7e738","summary:prod"],"text":"Reconciliation finished","title":"Events from the Kustomization podinfo/flux-system"}',
    );
    expect(() =>
      buildNotification({ provider: { type: "datadog", address: "https://x" }, event: base }),
    ).toThrow("token cannot be empty");
  });

  it("sentry: an envelope to the DSN's project with the auth header; errors as events, info as transactions", () => {
    const provider = { type: "sentry", address: "https://key123@o1.ingest.sentry.io/42", channel: "prod" };
    const now = new Date("2024-05-01T10:00:01Z");
    const errorPlan = buildNotification({
      provider,
      event: { ...base, severity: "error" },
      sentry: { eventId: "e".repeat(32), now },
    });
    const [request] = errorPlan.requests;
    expect(request.url).toBe("https://o1.ingest.sentry.io/api/42/envelope/");
    expect(request.headers["X-Sentry-Auth"]).toMatch(
      /^Sentry sentry_version=7, sentry_client=sentry\.go\/[\d.]+, sentry_key=key123$/,
    );
    const [header, itemHeader, item] = request.body.split("\n");
    expect(JSON.parse(header)).toMatchObject({
      event_id: "e".repeat(32),
      dsn: provider.address,
      sent_at: now.toISOString(),
    });
    expect(JSON.parse(itemHeader)).toEqual({ type: "event", length: new TextEncoder().encode(item).length });
    expect(JSON.parse(item)).toMatchObject({
      level: "error",
      environment: "prod",
      server_name: "kustomize-controller",
      transaction: "Kustomization: flux-system/podinfo",
      contexts: { metadata: { revision: base.metadata!.revision, summary: "prod" } },
    });
    const info = buildNotification({ provider, event: base, sentry: { eventId: "f".repeat(32), now } });
    const infoItem = JSON.parse(info.requests[0].body.split("\n")[2]);
    expect(infoItem.type).toBe("transaction");
    expect(infoItem.tags).toMatchObject({ flux_reason: "ReconciliationSucceeded", summary: "prod" });
    expect(() =>
      buildNotification({ provider: { type: "sentry", address: "not a dsn" }, event: base }),
    ).toThrow(/invalid Sentry DSN/);
  });

  it("msteams uses the legacy connector card for *.webhook.office.com", () => {
    const plan = buildNotification({
      provider: { type: "msteams", address: "https://org.webhook.office.com/webhookb2/x" },
      event: base,
    });
    expect(JSON.parse(plan.requests[0].body)).toEqual({
      "@type": "MessageCard",
      "@context": "http://schema.org/extensions",
      themeColor: "0076D7",
      summary: "kustomization/podinfo.flux-system",
      sections: [
        {
          activityTitle: "Reconciliation finished",
          activitySubtitle: "kustomization/podinfo.flux-system",
          facts: [
            { name: "revision", value: base.metadata!.revision },
            { name: "summary", value: "prod" },
          ],
        },
      ],
    });
  });

  it("discord appends /slack once; slack's chat.postMessage checks the ok field", async () => {
    expect(
      buildNotification({
        provider: { type: "discord", address: "https://d.example.com/api/webhooks/1/t/" },
        event: base,
      }).requests[0].url,
    ).toBe("https://d.example.com/api/webhooks/1/t/slack");
    expect(
      buildNotification({
        provider: { type: "discord", address: "https://d.example.com/x/slack" },
        event: base,
      }).requests[0].url,
    ).toBe("https://d.example.com/x/slack");
    const plan = buildNotification({
      provider: {
        type: "slack",
        address: "https://slack.com/api/chat.postMessage",
        token: "xoxb",
        channel: "C1",
      },
      event: base,
    });
    await expect(run(plan, () => ok('{"ok":false,"error":"channel_not_found"}'))).rejects.toThrow(
      "postMessage failed: request failed: Slack responded with error: channel_not_found",
    );
    await expect(run(plan, () => ok('{"ok":true}'))).resolves.toHaveLength(1);
  });

  it("pagerduty: an error triggers, info resolves and records a change", () => {
    const provider = {
      type: "pagerduty",
      address: "https://events.pagerduty.com/ignored/path",
      channel: "rk",
    };
    const error = buildNotification({
      provider,
      event: { ...base, severity: "error", reason: "HealthCheckFailed" },
    });
    expect(error.requests.map((r) => r.url)).toEqual(["https://events.pagerduty.com/v2/enqueue"]);
    expect(JSON.parse(error.requests[0].body).payload.summary).toBe(
      "health check failed: kustomization/podinfo",
    );
    expect(buildNotification({ provider, event: base }).requests.map((r) => r.url)).toEqual([
      "https://events.pagerduty.com/v2/enqueue",
      "https://events.pagerduty.com/v2/change/enqueue",
    ]);
    expect(buildNotification({ provider, event: { ...base, reason: "Progressing" } }).requests).toEqual([]);
  });

  it("refuses unusable providers with Flux's messages", () => {
    expect(() =>
      buildNotification({ provider: { type: "generic-hmac", address: "https://x" }, event: base }),
    ).toThrow("HMAC key is empty");
    expect(() => buildNotification({ provider: { type: "telegram", token: "t" }, event: base })).toThrow(
      "empty Telegram channel",
    );
    expect(() =>
      buildNotification({ provider: { type: "slack", address: "slack.example.com/hook" }, event: base }),
    ).toThrow(/invalid Slack hook URL slack\.example\.com\/hook/);
    expect(() =>
      buildNotification({ provider: { type: "opsgenie", address: "https://x" }, event: base }),
    ).toThrow("empty Opsgenie apikey/token");
    expect(() => buildNotification({ provider: { type: "nats", address: "nats://x" }, event: base })).toThrow(
      UnsupportedError,
    );
    expect(() => buildNotification({ provider: { type: "nope" }, event: base })).toThrow(
      "provider nope not supported",
    );
  });
});

describe("helpers", () => {
  it("splitCamelCase and titleCase follow Go", () => {
    expect(splitCamelCase("HealthCheckFailed")).toEqual(["Health", "Check", "Failed"]);
    expect(splitCamelCase("PDFLoader")).toEqual(["PDF", "Loader"]);
    expect(splitCamelCase("Upgrade2Failed")).toEqual(["Upgrade", "2", "Failed"]);
    expect(splitCamelCase("a b")).toEqual(["a", " ", "b"]);
    expect(titleCase("ReconciliationSucceeded")).toBe("Reconciliationsucceeded");
    expect(titleCase("install failed")).toBe("Install Failed");
  });

  it("commitHash accepts Flux revisions and legacy forms", () => {
    expect(commitHash(`main@sha1:${sha}`)).toBe(sha);
    expect(commitHash(`main/${sha}`)).toBe(sha);
    expect(commitHash(sha)).toBe(sha);
    expect(() => commitHash("main@sha1:abc")).toThrow(
      "failed to extract commit hash from 'main@sha1:abc' revision",
    );
  });

  it("parses git addresses and picks the GitHub API base", () => {
    expect(parseGitAddress("git@github.com:org/repo.git")).toEqual({
      host: "https://github.com",
      id: "org/repo",
    });
    expect(parseGitAddress("ssh://git@ghe.example.com/org/repo")).toEqual({
      host: "https://ghe.example.com",
      id: "org/repo",
    });
    expect(githubApiBase("https://github.com")).toBe("https://api.github.com/");
    expect(githubApiBase("https://ghe.example.com")).toBe("https://ghe.example.com/api/v3/");
    expect(githubApiBase("https://api.ghe.example.com")).toBe("https://api.ghe.example.com/");
  });

  it("defaultCommitStatus uses kind, name and the first UID segment", () => {
    expect(defaultCommitStatus("0C9C2E41-d2f9-4f9b", base)).toBe("kustomization/podinfo/0c9c2e41");
  });

  it("a failed check surfaces as NotificationSendError with Flux's prefix", async () => {
    const plan = buildNotification({
      provider: { type: "generic", address: "https://x.example.com" },
      event: base,
    });
    const error = await run(plan, () => ({ status: 400, headers: {}, body: "bad" })).catch((e) => e);
    expect(error).toBeInstanceOf(NotificationSendError);
    expect(error.message).toBe(
      "postMessage failed: request failed: request failed with status code 400: bad",
    );
    expect(error.status).toBe(400);
  });
});
