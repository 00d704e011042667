/** Node-only: read example trees from disk, as paths relative to the tree's root. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { MemFsFiles } from "@gitops-kit/core";

/** A directory under `examples/`, e.g. `fleet` or `charts/podinfo-frontend`. */
export function examplePath(path: string): string {
  return fileURLToPath(new URL(`./${path}`, import.meta.url));
}

/** Every file below `root` as text, keyed by its `/`-separated path relative to `root`. */
export function readTree(root: string): MemFsFiles {
  const files: MemFsFiles = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path).split("\\").join("/")] = readFileSync(path, "utf8");
    }
  };
  walk(root);
  return files;
}

/** The example fleet repository's files (`examples/fleet`). */
export function readFleetFiles(): MemFsFiles {
  return readTree(examplePath("fleet"));
}

/** The demo-only age identity that decrypts the fleet's SOPS files. */
export function readDemoAgeKey(): string {
  return readFileSync(examplePath("demo-only.agekey"), "utf8");
}
