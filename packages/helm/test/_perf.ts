import { readFileSync } from "node:fs";
import { join } from "node:path";
import { nodeFs } from "@gitops-kit/core/node";
import { helmTemplate, loadChart } from "@gitops-kit/helm";

const dir = "/work/shared/conformance/helm";
const id = process.argv[2] ?? "kube-prometheus-stack-default";
const c = JSON.parse(readFileSync(join(dir, "cases", id, "case.json"), "utf8"));
let t = performance.now();
const chart = loadChart({ fs: nodeFs(), path: join(dir, c.chart) });
console.log("load", (performance.now() - t).toFixed(1));
const files = c.valuesFiles.map((n: string) => ({ name: n, data: readFileSync(join(dir, "cases", id, n)) }));
for (let i = 0; i < 40; i++) {
  t = performance.now();
  helmTemplate({
    chart,
    releaseName: c.release,
    namespace: c.namespace,
    valuesFiles: files,
    kubeVersion: c.kubeVersion,
    apiVersions: c.apiVersions,
    includeCrds: c.includeCrds,
  });
  console.log(
    "render",
    i,
    (performance.now() - t).toFixed(1),
    "cpu",
    (process.cpuUsage().user / 1000).toFixed(0),
  );
}
console.log(process.memoryUsage().heapUsed / 1e6);
