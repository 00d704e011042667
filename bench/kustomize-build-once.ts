/**
 * Build one kustomization directory and print the stream (used by `kustomize-scaling.ts` to measure a
 * whole process: start-up, one build, peak memory).
 *
 *   npx tsx --conditions=source bench/kustomize-build-once.ts DIR
 */
import { printYamlStream } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { buildKustomization } from "@gitops-kit/kustomize";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: kustomize-build-once.ts DIR");
  process.exit(2);
}
process.stdout.write(printYamlStream(buildKustomization({ fs: nodeFs(), path: dir }).resources));
