/**
 * `npm run demo`: a Flux fleet delivered end to end, in-process, on embedded defaults — no network, no
 * cluster, no setup. The fleet repository (examples/fleet) is served by an in-process Git server; a
 * Helm repository and a webhook receiver listen on 127.0.0.1; the cluster is a MemoryCluster.
 *
 *   1. serve the fleet, the chart and the webhook receiver
 *   2. bootstrap the cluster (sync objects, age key, cluster variables)
 *   3. reconcile: GitRepository artifact → Kustomizations in dependsOn order → HelmRelease
 *   4. image automation: select a tag, set the marked fields, commit with the templated message, push
 *   5. reconcile the new revision
 *   6. a teammate removes something; reconcile prunes it
 *   7. summary: what changed, the commit, the notifications, timings
 */
import {
  automateImages,
  bootstrap,
  type DemoEnvironment,
  type ReconcileReport,
  reconcileAll,
  retireMonitoringNamespace,
  startEnvironment,
} from "./pipeline.js";
import { automationLines, commitLine, ms, reconcileLines, summaryLines } from "./report.js";

const timings: [string, number][] = [];

/** Run one step of the story, print its lines indented under a title, remember how long it took. */
async function step<T>(
  title: string,
  run: () => Promise<T>,
  lines: (result: T) => string[] | Promise<string[]>,
) {
  const start = performance.now();
  const result = await run();
  const took = performance.now() - start;
  timings.push([title, took]);
  console.log(`\n${timings.length}. ${title} (${ms(took)})`);
  for (const line of await lines(result)) console.log(`   ${line}`);
  return result;
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log("gitops-kit demo: a Flux fleet reconciled in-process (no network, no cluster, no setup)");

  const env: DemoEnvironment = await step(
    "Serve the fleet repository, the Helm chart and a webhook receiver",
    () => startEnvironment(),
    async (e) => [
      `fleet repository  ${e.repo.url} (in-process Git server on memFs()), main at ${e.initialCommit.slice(0, 7)}`,
      `Helm repository   ${e.helmRepository.url} (index.yaml + podinfo-frontend-1.2.0.tgz)`,
      `webhook receiver  ${e.webhook.url}`,
    ],
  );
  try {
    await step(
      "Bootstrap the cluster",
      () => bootstrap(env),
      (objects) =>
        objects.map(
          (o) => `+ ${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`,
        ),
    );
    const passes: ReconcileReport[] = [];
    passes.push(
      await step(
        "Reconcile: source, Kustomizations in dependsOn order, HelmRelease",
        () => reconcileAll(env),
        reconcileLines,
      ),
    );

    const automation = await step(
      "Image automation: policy, setters, commit and push",
      () => automateImages(env),
      automationLines,
    );
    const imageCommit = automation.automations.find((a) => a.committed)?.commit;

    passes.push(await step("Reconcile the automation's commit", () => reconcileAll(env), reconcileLines));

    const teammateCommit = await step(
      "A teammate removes the monitoring namespace from Git",
      () => retireMonitoringNamespace(env),
      async (oid) => [await commitLine(env.repo, oid)],
    );
    passes.push(await step("Reconcile again: prune what left Git", () => reconcileAll(env), reconcileLines));

    if (env.notifications.failures.length > 0) {
      throw new Error(`notifications failed:\n${env.notifications.failures.join("\n")}`);
    }
    console.log("\nSummary");
    const lines = await summaryLines({ env, passes, imageCommit, teammateCommit, timings, started });
    for (const line of lines) console.log(`   ${line}`);
  } finally {
    await env.close();
  }
}

try {
  await main();
} catch (err) {
  console.error(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
