/** Plain-text lines for what the demo's steps did (pure: the tests read the same lines the demo prints). */
import { type FleetRepository, fleetHead, readFleetCommit } from "./fleet-repo.js";
import type { DemoEnvironment, ImageAutomationReport, ReconcileReport } from "./pipeline.js";
import type { ReceivedNotification } from "./webhook-receiver.js";

/** `12 ms`, `1.4 s`. */
export function ms(value: number): string {
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}

/** `main@sha1:abcdef1234567` → `main@sha1:abcdef1`. */
export function shortRevision(revision: string): string {
  return revision.replace(/([0-9a-f]{7})[0-9a-f]{33}$/, "$1");
}

function counts(c: { created: string[]; configured: string[]; pruned: string[]; unchanged: number }): string {
  const parts = [
    c.created.length && `${c.created.length} created`,
    c.configured.length && `${c.configured.length} configured`,
    c.pruned.length && `${c.pruned.length} pruned`,
    c.unchanged && `${c.unchanged} unchanged`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "nothing to do";
}

/** The lines of one reconcile pass: the source, each Kustomization, each HelmRelease, and what changed. */
export function reconcileLines(report: ReconcileReport): string[] {
  const lines: string[] = [];
  for (const s of report.sources) {
    const what = s.changed
      ? `fetched ${shortRevision(s.revision)}, artifact ${s.digest.slice(0, 19)}…`
      : "up to date";
    lines.push(`GitRepository ${s.name}: ${what} (${ms(s.ms)})`);
  }
  for (const k of report.kustomizations) {
    const health = k.health ? `; ${k.health.charAt(0).toLowerCase()}${k.health.slice(1)}` : "";
    lines.push(`Kustomization ${k.name}: ${counts(k)}${health} (${ms(k.ms)})`);
    for (const subject of [...k.created, ...k.configured]) {
      lines.push(`  ${k.created.includes(subject) ? "+" : "~"} ${subject}`);
    }
    for (const subject of k.pruned) lines.push(`  - ${subject}`);
  }
  for (const r of report.helmRepositories) {
    const what = r.changed ? `index ${r.digest.slice(0, 19)}…` : "index unchanged";
    lines.push(`HelmRepository ${r.name}: ${what} (${ms(r.ms)})`);
  }
  for (const h of report.helmReleases) {
    const what =
      h.action === "none" ? "up to date" : `${h.action} ${h.chart} as revision ${h.revision}: ${counts(h)}`;
    lines.push(`HelmRelease ${h.name}: ${what} (${ms(h.ms)})`);
    for (const subject of [...h.created, ...h.configured]) {
      lines.push(`  ${h.created.includes(subject) ? "+" : "~"} ${subject}`);
    }
    for (const subject of h.pruned) lines.push(`  - ${subject}`);
  }
  return lines;
}

/** The lines of the image automation pass, the commit message quoted. */
export function automationLines(report: ImageAutomationReport): string[] {
  const lines: string[] = [];
  for (const p of report.policies) {
    const was = p.previous && p.previous !== p.latest ? ` (was ${p.previous})` : "";
    lines.push(`ImagePolicy ${p.name}: ${p.tags} tags of ${p.image}, selected ${p.latest}${was}`);
  }
  for (const a of report.automations) {
    if (!a.committed) {
      lines.push(`ImageUpdateAutomation ${a.name}: nothing to update`);
      continue;
    }
    lines.push(
      `ImageUpdateAutomation ${a.name}: pushed ${a.commit?.slice(0, 7)} to ${a.branch} (${ms(a.ms)})`,
    );
    for (const file of a.files) lines.push(`  ~ ${file}`);
    for (const line of (a.message ?? "").trimEnd().split("\n")) lines.push(`  | ${line}`);
  }
  return lines;
}

/** Totals per Kustomization and HelmRelease over several passes. */
export function changeTotals(reports: readonly ReconcileReport[]): string[] {
  const totals = new Map<string, { created: number; configured: number; pruned: number }>();
  const add = (name: string, c: { created: string[]; configured: string[]; pruned: string[] }) => {
    const t = totals.get(name) ?? { created: 0, configured: 0, pruned: 0 };
    t.created += c.created.length;
    t.configured += c.configured.length;
    t.pruned += c.pruned.length;
    totals.set(name, t);
  };
  for (const r of reports) {
    for (const k of r.kustomizations) add(`Kustomization ${k.name}`, k);
    for (const h of r.helmReleases) add(`HelmRelease ${h.name}`, h);
  }
  const width = Math.max(...[...totals.keys()].map((k) => k.length));
  return [...totals].map(
    ([name, t]) =>
      `${name.padEnd(width)}  ${t.created} created, ${t.configured} configured, ${t.pruned} pruned`,
  );
}

/** Received notifications counted by involved kind, then the reasons. */
export function notificationLines(received: readonly ReceivedNotification[]): string[] {
  const byKind = new Map<string, number>();
  const byReason = new Map<string, number>();
  for (const n of received) {
    const kind = n.body.involvedObject?.kind ?? "?";
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    const reason = n.body.reason ?? "?";
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  const list = (m: Map<string, number>) => [...m].map(([k, n]) => `${k} ${n}`).join(", ");
  return [`by kind: ${list(byKind)}`, `by reason: ${list(byReason)}`];
}

/** `<short sha> "<subject>" by <author>` for a commit on the server. */
export async function commitLine(repo: FleetRepository, oid: string): Promise<string> {
  const commit = await readFleetCommit(repo, oid);
  return `${oid.slice(0, 7)} "${commit.message.split("\n")[0]}" by ${commit.author.name}`;
}

/** Options of {@link summaryLines}. */
export interface SummaryOptions {
  env: DemoEnvironment;
  /** The reconcile passes, in order. */
  passes: readonly ReconcileReport[];
  imageCommit?: string;
  teammateCommit: string;
  /** Each step's title and duration (ms). */
  timings: readonly [string, number][];
  /** `performance.now()` when the demo started. */
  started: number;
}

/** The closing summary: the cluster, the changes per Kustomization and HelmRelease, commits, notifications, timings. */
export async function summaryLines(options: SummaryOptions): Promise<string[]> {
  const { env, passes } = options;
  const podinfo = await env.cluster.get({
    apiVersion: "apps/v1",
    kind: "Deployment",
    namespace: "podinfo",
    name: "podinfo",
  });
  const pod = (podinfo.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec;
  const head = await fleetHead(env.repo);
  const applied = passes.at(-1)?.sources[0]?.revision ?? "";
  const { notifications } = env;
  const imageCommit = options.imageCommit ? await commitLine(env.repo, options.imageCommit) : "none";
  const steps = options.timings.map(([, d], i) => `${i + 1}. ${ms(d)}`).join(", ");
  return [
    `cluster: ${env.cluster.snapshot().objects.length} objects; Deployment podinfo/podinfo runs ${pod.containers[0].image}`,
    ...changeTotals(passes),
    `commits: image update ${imageCommit}`,
    `         teammate ${await commitLine(env.repo, options.teammateCommit)}`,
    `applied revision: ${shortRevision(applied)} (main is at ${head.slice(0, 7)})`,
    `notifications: ${env.webhook.received.length} received by the webhook; ${notifications.events.length} events recorded, ` +
      `${notifications.unmatched} before the Alert existed, ${notifications.duplicates} duplicates dropped`,
    ...notificationLines(env.webhook.received).map((line) => `  ${line}`),
    `timings: ${steps}; total ${ms(performance.now() - options.started)}`,
  ];
}
