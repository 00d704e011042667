import { isKubeObject, type KubeObject, parseYamlStream, redact, ValidationError } from "@gitops-kit/core";
import {
  buildNotification,
  COMMIT_STATUS_PROVIDER_TYPES,
  defaultCommitStatus,
  type NotificationRequest,
  type ProviderSettings,
  parseEvent,
  parseProvider,
  resolveProvider,
  secretData,
  sendNotification,
} from "@gitops-kit/notify";
import { nodeFetchFactory } from "@gitops-kit/notify/node";
import { parseCommandArgs } from "../../args.js";
import { UsageError } from "../../errors.js";
import { readInput } from "../../input.js";
import { outputFormat, printResult } from "../../output.js";
import { terminalProgress } from "../../progress.js";
import type { CommandRun } from "../../registry.js";

/** The provider settings and secrets a `--provider` file describes. */
async function loadProvider(text: string, file: string) {
  const docs = parseYamlStream(text, { file });
  const objects = docs.filter(isKubeObject) as KubeObject[];
  const providerObject = objects.find((o) => o.kind === "Provider");
  if (providerObject) {
    const provider = parseProvider(providerObject, { source: file });
    const secrets = new Map(
      objects
        .filter((o) => o.kind === "Secret")
        .map((o) => [
          `${o.metadata.namespace ?? provider.metadata.namespace}/${o.metadata.name}`,
          secretData(o),
        ]),
    );
    return resolveProvider({
      provider,
      secrets: ({ namespace, name }) => secrets.get(`${namespace}/${name}`),
    });
  }
  // Plain notifier settings: {type, address, token, channel, username, password, headers, ...}.
  const settings = docs[0] as unknown as ProviderSettings | undefined;
  if (
    docs.length !== 1 ||
    typeof settings !== "object" ||
    settings === null ||
    typeof settings.type !== "string"
  ) {
    throw new ValidationError(
      `${file}: expected a Provider object (with its Secrets) or provider settings with a 'type'`,
    );
  }
  const secrets = [settings.token, settings.password, ...Object.values(settings.headers ?? {})].filter(
    (s): s is string => typeof s === "string" && s !== "",
  );
  return { settings, transport: {}, timeoutMs: 15_000, secrets };
}

function printRequest(request: NotificationRequest, mask: (s: string) => string): string {
  const headers = Object.entries(request.headers)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}: ${mask(v)}\n`)
    .join("");
  return `${request.method} ${mask(request.url)}\n${headers}\n${mask(request.body)}${request.body.endsWith("\n") ? "" : "\n"}`;
}

/** Runs `gitops-kit notify send`. */
export const runNotifySend: CommandRun = async (args, io) => {
  const { values } = parseCommandArgs(
    args,
    {
      provider: { type: "string" },
      event: { type: "string" },
      "dry-run": { type: "boolean" },
      "show-secrets": { type: "boolean" },
      "commit-status": { type: "string" },
      output: { type: "string", short: "o" },
    },
    { max: 0 },
  );
  if (!values.provider) throw new UsageError("--provider FILE is required");
  if (!values.event) throw new UsageError("--event FILE is required");
  if (values.provider === "-" && values.event === "-")
    throw new UsageError("only one of --provider and --event can read standard input");
  const output = outputFormat(values.output, ["text", "yaml", "json"]);

  const providerInput = await readInput(values.provider, io);
  const resolved = await loadProvider(providerInput.text, providerInput.name);
  const eventInput = await readInput(values.event, io);
  const docs = parseYamlStream(eventInput.text, { file: eventInput.name });
  if (docs.length !== 1)
    throw new ValidationError(`${eventInput.name}: expected one event, found ${docs.length} documents`);
  const event = parseEvent(docs[0], { source: eventInput.name });

  const settings = { ...resolved.settings };
  if ((COMMIT_STATUS_PROVIDER_TYPES as readonly string[]).includes(settings.type)) {
    settings.commitStatus =
      values["commit-status"] ??
      settings.commitStatus ??
      defaultCommitStatus(settings.providerUID ?? "", event);
  }
  const plan = buildNotification({ provider: settings, event });
  const mask = values["show-secrets"] ? (s: string) => s : (s: string) => redact(s, resolved.secrets);

  if (values["dry-run"]) {
    if (output !== "text") {
      const requests = plan.requests.map((r) => ({
        method: r.method,
        url: mask(r.url),
        headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, mask(v)])),
        body: mask(r.body),
      }));
      io.stdout(
        printResult({ providerType: plan.providerType, skipped: plan.skipped, requests }, output, () => ""),
      );
    } else if (plan.requests.length === 0) {
      io.stdout(`# nothing to send: ${plan.skipped ?? "no request"}\n`);
    } else {
      io.stdout(plan.requests.map((r) => printRequest(r, mask)).join("\n"));
    }
    return 0;
  }

  const progress = terminalProgress(io);
  progress.status(`sending to the ${plan.providerType} provider`);
  const result = await sendNotification({
    plan,
    transport: resolved.transport,
    fetchFactory: nodeFetchFactory(),
    timeoutMs: resolved.timeoutMs,
    secrets: resolved.secrets,
  }).finally(() => progress.done());
  const lines = result.exchanges.map((x) => ({
    method: x.request.method,
    url: redact(x.request.url, resolved.secrets),
    status: x.response.status,
    attempts: x.attempts,
  }));
  if (output !== "text") {
    const summary = {
      providerType: plan.providerType,
      skipped: plan.skipped,
      stopped: result.stopped,
      requests: lines,
    };
    io.stdout(printResult(summary, output, () => ""));
  } else {
    if (plan.requests.length === 0) io.stdout(`nothing to send: ${plan.skipped ?? "no request"}\n`);
    for (const l of lines)
      io.stdout(`${l.method} ${l.url} ${l.status}${l.attempts > 1 ? ` (${l.attempts} attempts)` : ""}\n`);
    if (result.stopped) io.stdout("stopped: already reported\n");
  }
  return 0;
};
