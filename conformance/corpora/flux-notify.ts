/**
 * Corpus `flux/notify`: notification-controller (see `flux/notify/README.md` and SPEC.md), run against
 * `@gitops-kit/notify`:
 *
 * - `providers/<type>.json`: one case per request vector. The provider's plan is built from the vector's
 *   provider settings and event, then run against a fake server answering with `serverResponses`
 *   (`200` and an empty body otherwise); every request it sends must equal the expected one: method,
 *   URL, the header set and the body bytes (`bodyRaw`). An expected `error` must be the error raised.
 *   Flux lists metadata of some providers by iterating a Go map, so Flux itself orders those entries
 *   differently from run to run; for those types (`METADATA_ORDER_VARIES`) a vector also passes when
 *   the request matches with the metadata in another order, and the case message says so. Note-only
 *   providers have no vectors and so no cases.
 * - `receivers/<type>.json`: one case per vector: the webhook is verified by `verifyReceiverRequest`
 *   and must be accepted or rejected as expected, with the expected status and error text. The GCR
 *   vectors replace Google's ID-token check by a stand-in that accepts only
 *   `Bearer valid-google-id-token` (see the README); the same stand-in is passed here.
 * - `receivers/webhook-path.json`: one case per row (`receiverWebhookPath`).
 * - `alerts.jsonl`: one case per row: `matchAlert` (labels come from `involvedObjectLabels`; absent means
 *   the object cannot be read) and, for matches, `combineEventMetadata`.
 * - `provider-assertions/`: not run, because they cannot be checked: they were regex-extracted from the
 *   upstream Go tests and the extraction lost the difference between string literals and Go variables
 *   (`r.URL.Path` expected `"path"` is the variable `path`; `payload.Key` expected `"tt.key"`), and
 *   the providers they test are configured by Go test code they do not carry (e.g. an MS Teams notifier
 *   forced to the connector schema on a 127.0.0.1 URL). The request vectors cover the same providers
 *   byte for byte.
 */
import { join } from "node:path";
import type {
  Alert,
  Event,
  NotificationPlan,
  NotificationResponse,
  ProviderSettings,
} from "@gitops-kit/notify";
import {
  jsonlCases,
  listEntries,
  notImplemented,
  optionalExport,
  readJson,
  runEach,
  uniqueIds,
} from "../lib.js";
import type { CaseResult, Corpus } from "../types.js";

type NotifyModule = typeof import("@gitops-kit/notify");

interface ExpectedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  bodyRaw: string;
}

interface ProviderVector {
  id: string;
  provider: ProviderSettings & { type: string };
  event: unknown;
  serverResponses?: Record<string, string>;
  expected: { requests: ExpectedRequest[]; error?: string };
}

interface ReceiverVector {
  id: string;
  receiver: { type: string; token: string; events?: string[]; secretData?: Record<string, string> };
  request: { method: string; headers: Record<string, string>; body: string };
  expected: { accepted: boolean; status: number; error?: string };
}

interface WebhookPathVector {
  token: string;
  name: string;
  namespace: string;
  expected: string;
}

interface AlertRow {
  alert: unknown;
  event: unknown;
  involvedObjectLabels?: Record<string, string>;
  expected: { matched: boolean; reason?: string; metadataAfterMerge?: Record<string, string> | null };
}

async function loadEngine(): Promise<NotifyModule | undefined> {
  const probe = await optionalExport<unknown>("@gitops-kit/notify", "buildNotification");
  if (probe === undefined) return undefined;
  return (await import("@gitops-kit/notify")) as NotifyModule;
}

function vectorFiles(dir: string, folder: string): string[] {
  return listEntries(join(dir, folder)).filter((n) => n.endsWith(".json"));
}

// ---------------------------------------------------------------------------------------------
// Providers

/** Answer a request from the vector's `serverResponses` (`"<METHOD> <path>"` or `"<METHOD> "` for any path). */
function fakeServer(responses: Record<string, string> | undefined) {
  return async (request: { method: string; url: string }): Promise<NotificationResponse> => {
    const path = new URL(request.url).pathname;
    const answer = responses?.[`${request.method} ${path}`] ?? responses?.[`${request.method} `];
    if (answer === undefined) return { status: 200, headers: {}, body: "" };
    const bar = answer.indexOf("|");
    return { status: Number(answer.slice(0, bar)), headers: {}, body: answer.slice(bar + 1) };
  };
}

/** Run a plan against the fake server; the requests sent, or the error raised. */
async function runPlan(
  engine: NotifyModule,
  vector: ProviderVector,
  plan: () => NotificationPlan,
): Promise<{ requests: ExpectedRequest[]; error?: string }> {
  let built: NotificationPlan;
  try {
    built = plan();
  } catch (err) {
    return { requests: [], error: (err as Error).message };
  }
  const sent: ExpectedRequest[] = [];
  const server = fakeServer(vector.serverResponses);
  try {
    await engine.executePlan({
      plan: built,
      transport: async (request) => {
        sent.push({
          method: request.method,
          url: request.url,
          headers: request.headers,
          bodyRaw: request.body,
        });
        return server(request);
      },
      retry: { max: 0 },
      timeoutMs: 0,
    });
  } catch (err) {
    return { requests: sent, error: (err as Error).message };
  }
  return { requests: sent };
}

function compareRequests(expected: ExpectedRequest[], actual: ExpectedRequest[]): string | undefined {
  if (expected.length !== actual.length) {
    return `expected ${expected.length} request(s), got ${actual.length}: ${actual.map((r) => `${r.method} ${r.url}`).join(", ")}`;
  }
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e.method !== a.method) return `request ${i + 1}: method ${a.method}, expected ${e.method}`;
    if (e.url !== a.url) return `request ${i + 1}: url ${a.url}, expected ${e.url}`;
    const eh = JSON.stringify(Object.entries(e.headers).sort());
    const ah = JSON.stringify(Object.entries(a.headers).sort());
    if (eh !== ah) return `request ${i + 1}: headers ${ah}, expected ${eh}`;
    if (e.bodyRaw !== a.bodyRaw) return `request ${i + 1}: body ${firstDifference(e.bodyRaw, a.bodyRaw)}`;
  }
  return undefined;
}

function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const show = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 20), i + 40));
  return `differs at byte ${i}: expected …${show(expected)}, got …${show(actual)}`;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]),
  );
}

async function checkProvider(
  engine: NotifyModule,
  vector: ProviderVector,
): Promise<CaseResult | string | undefined> {
  const event = engine.parseEvent(vector.event, { source: vector.id });
  const provider = vector.provider;
  const attempt = async (ev: Event, order: "sorted" | "insertion") => {
    const got = await runPlan(engine, vector, () =>
      engine.buildNotification({ provider, event: ev, metadataOrder: order }),
    );
    if (vector.expected.error !== undefined || got.error !== undefined) {
      if (got.error !== vector.expected.error) {
        return `error ${JSON.stringify(got.error)}, expected ${JSON.stringify(vector.expected.error)}`;
      }
    }
    return compareRequests(vector.expected.requests, got.requests);
  };
  const first = await attempt(event, "sorted");
  if (first === undefined) return undefined;
  const keys = Object.keys(event.metadata ?? {});
  if (!engine.METADATA_ORDER_VARIES.includes(provider.type) || keys.length < 2) return first;
  for (const order of permutations(keys)) {
    const reordered = { ...event, metadata: Object.fromEntries(order.map((k) => [k, event.metadata![k]])) };
    if ((await attempt(reordered, "insertion")) === undefined) {
      return { id: vector.id, ok: true, message: `metadata in Go map order ${order.join(", ")}` };
    }
  }
  return first;
}

// ---------------------------------------------------------------------------------------------
// Receivers

const standInGoogleIdToken = async (authorization: string) => {
  if (authorization !== "Bearer valid-google-id-token") throw new Error("invalid token");
};

async function checkReceiver(engine: NotifyModule, vector: ReceiverVector): Promise<string | undefined> {
  const secretData: Record<string, string> = {
    token: vector.receiver.token,
    ...(vector.receiver.secretData ?? {}),
  };
  const result = await engine.verifyReceiverRequest({
    receiver: { type: vector.receiver.type, events: vector.receiver.events },
    secret: secretData,
    request: { method: vector.request.method, headers: vector.request.headers, body: vector.request.body },
    verifyGoogleIdToken: standInGoogleIdToken,
  });
  const problems: string[] = [];
  if (result.accepted !== vector.expected.accepted) problems.push(`accepted ${result.accepted}`);
  if (result.status !== vector.expected.status) problems.push(`status ${result.status}`);
  if (vector.expected.error !== undefined && result.error !== vector.expected.error) {
    problems.push(`error ${JSON.stringify(result.error)}, expected ${JSON.stringify(vector.expected.error)}`);
  }
  return problems.length > 0 ? problems.join("; ") : undefined;
}

// ---------------------------------------------------------------------------------------------
// Alerts

async function checkAlert(engine: NotifyModule, row: AlertRow): Promise<string | undefined> {
  const alert: Alert = engine.parseAlert(row.alert, { strict: false });
  const event = engine.parseEvent(row.event);
  const match = await engine.matchAlert({
    alert,
    event,
    labels: () => row.involvedObjectLabels,
  });
  if (match.matched !== row.expected.matched)
    return `matched ${match.matched} (${match.reason ?? "no reason"})`;
  if (!match.matched) {
    return match.reason === row.expected.reason
      ? undefined
      : `reason ${JSON.stringify(match.reason)}, expected ${JSON.stringify(row.expected.reason)}`;
  }
  const merged = engine.combineEventMetadata({ event, alert });
  const want = row.expected.metadataAfterMerge ?? undefined;
  const got = merged.metadata;
  const norm = (m: Record<string, string> | undefined) =>
    m === undefined ? "null" : JSON.stringify(Object.entries(m).sort());
  return norm(got) === norm(want) ? undefined : `metadata ${norm(got)}, expected ${norm(want)}`;
}

// ---------------------------------------------------------------------------------------------

const corpus: Corpus = {
  name: "flux/notify",
  folder: "flux/notify",
  async run(dir) {
    const providerCases: { id: string; vector: ProviderVector }[] = [];
    for (const name of vectorFiles(dir, "providers")) {
      const file = readJson<{ vectors: ProviderVector[] }>(join(dir, "providers", name));
      for (const vector of file.vectors) providerCases.push({ id: `providers/${vector.id}`, vector });
    }
    const receiverCases: { id: string; vector: ReceiverVector }[] = [];
    const pathCases: { id: string; vector: WebhookPathVector }[] = [];
    for (const name of vectorFiles(dir, "receivers")) {
      if (name === "webhook-path.json") {
        const file = readJson<{ vectors: WebhookPathVector[] }>(join(dir, "receivers", name));
        for (const vector of file.vectors)
          pathCases.push({ id: `webhook-path/${vector.namespace}/${vector.name}`, vector });
        continue;
      }
      const file = readJson<{ vectors: ReceiverVector[] }>(join(dir, "receivers", name));
      for (const vector of file.vectors) receiverCases.push({ id: `receivers/${vector.id}`, vector });
    }
    const alertCases = jsonlCases<AlertRow>(join(dir, "alerts.jsonl"));
    const ids = uniqueIds([
      ...providerCases.map((c) => c.id),
      ...receiverCases.map((c) => c.id),
      ...pathCases.map((c) => c.id),
      ...alertCases.map((c) => c.id),
    ]);
    const engine = await loadEngine();
    if (engine === undefined) return notImplemented(ids, "Flux notifications (@gitops-kit/notify)");
    const checks: (() => Promise<CaseResult | string | undefined> | string | undefined)[] = [
      ...providerCases.map((c) => () => checkProvider(engine, c.vector)),
      ...receiverCases.map((c) => () => checkReceiver(engine, c.vector)),
      ...pathCases.map((c) => () => {
        const got = engine.receiverWebhookPath(c.vector);
        return got === c.vector.expected ? undefined : `path ${got}, expected ${c.vector.expected}`;
      }),
      ...alertCases.map((c) => () => checkAlert(engine, c.row)),
    ];
    const results = await runEach(
      checks.map((check, i) => ({ id: ids[i], check })),
      (c) => c.id,
      (c) => c.check(),
    );
    // A check may name its own case; the unique id wins.
    return results.map((r, i) => ({ ...r, id: ids[i] }));
  },
};

export default corpus;
