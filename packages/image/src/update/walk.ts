import { type FileSystem, posixPath } from "@gitops-kit/core";

/** Whether Flux's setters look at a file of this name: `.yaml`/`.yml` (case-sensitive) or `Kustomization`. */
export function isSetterCandidate(name: string): boolean {
  return name.endsWith(".yaml") || name.endsWith(".yml") || name === "Kustomization";
}

/**
 * Candidate files under `dir`, in Go `filepath.Walk` order (lexical per directory), as absolute paths.
 * Hidden directories are walked; symbolic links to directories are not followed.
 */
export function listSetterFiles(fs: FileSystem, dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const name of fs.readdir(current)) {
      const path = posixPath.join(current, name);
      const stat = fs.lstat(path);
      if (stat.isDirectory()) walk(path);
      else if (isSetterCandidate(name)) out.push(path);
    }
  };
  walk(dir);
  return out;
}
