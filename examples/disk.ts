/** Node-only: read the example fleet's files from disk, as paths relative to `examples/fleet`. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { MemFsFiles } from "@gitops-kit/core";

const fleetDir = fileURLToPath(new URL("./fleet", import.meta.url));

export function readFleetFiles(dir = fleetDir, files: MemFsFiles = {}): MemFsFiles {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) readFleetFiles(path, files);
    else files[relative(fleetDir, path)] = readFileSync(path, "utf8");
  }
  return files;
}
