import { Volume } from "memfs";
import * as posixPath from "../path.js";
import { fromNodeStyleFs, type NodeStyleSyncFs } from "./node-style.js";
import type { FileSystem } from "./types.js";

/** Initial content for {@link memFs}: absolute or relative (to `/`) paths mapped to file contents. */
export type MemFsFiles = Record<string, string | Uint8Array>;

/**
 * An in-memory {@link FileSystem} (memfs), the embedded default: runtime-neutral, isolated per call.
 * Parent directories of `initialFiles` are created; relative paths are taken from `/`.
 *
 * @example
 * const fs = memFs({ "/app/kustomization.yaml": "resources: [deploy.yaml]\n" });
 * fs.readFile("/app/kustomization.yaml", "utf8");
 */
export function memFs(initialFiles: MemFsFiles = {}): FileSystem {
  const vol = new Volume();
  // memfs resolves relative paths against process.cwd(); resolve them from `/` so nothing depends on Node.
  const fs = fromNodeStyleFs(vol as unknown as NodeStyleSyncFs, {
    mapPath: (p) => posixPath.resolve("/", p),
    defaultFileMode: 0o644,
  });
  for (const [name, content] of Object.entries(initialFiles)) {
    const path = posixPath.resolve("/", name);
    fs.mkdir(posixPath.dirname(path));
    fs.writeFile(path, content);
  }
  return fs;
}
