/**
 * `npm run demo`: the example fleet reconciled on embedded defaults (memfs + MemoryCluster), with no
 * network and no setup. Three rounds: the first install, a no-op resync, and a new image tag.
 */
import { MemoryCluster } from "@gitops-kit/core";
import { readFleetFiles } from "./disk.js";
import { loadFleet, reconcileFleet, type StageReport } from "./fleet.js";

function print(title: string, reports: StageReport[]): void {
  console.log(`\n${title}`);
  for (const r of reports) {
    const { created, configured, unchanged } = r.actions;
    console.log(
      `  ${r.name.padEnd(15)} ${String(r.objects).padStart(2)} objects: ${created} created, ` +
        `${configured} configured, ${unchanged} unchanged  (${r.ms.toFixed(1)} ms)`,
    );
    for (const line of r.changed) console.log(`    ${line}`);
  }
}

const started = performance.now();
const fs = loadFleet(readFleetFiles());
const cluster = new MemoryCluster();
console.log("gitops-kit demo: the example fleet on memfs, applied to an in-memory cluster");

print("1. first reconcile", await reconcileFleet({ fs, cluster }));
print("2. resync, nothing changed in Git", await reconcileFleet({ fs, cluster }));

const overlay = "/fleet/apps/production/kustomization.yaml";
fs.writeFile(overlay, fs.readFile(overlay, "utf8").replace("newTag: 6.5.0", "newTag: 6.5.1"));
print("3. a new image tag lands in the overlay (6.5.0 -> 6.5.1)", await reconcileFleet({ fs, cluster }));

const deployment = await cluster.get({
  apiVersion: "apps/v1",
  kind: "Deployment",
  namespace: "podinfo",
  name: "podinfo",
});
const container = (
  deployment.spec as { template: { spec: { containers: { image: string; env: unknown }[] } } }
).template.spec.containers[0];
console.log(
  `\nDeployment podinfo/podinfo: generation ${deployment.metadata.generation}, image ${container.image}`,
);
console.log(`env: ${JSON.stringify(container.env)}`);
console.log(`\ndone in ${(performance.now() - started).toFixed(0)} ms`);
