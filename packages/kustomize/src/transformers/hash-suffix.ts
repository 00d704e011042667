/**
 * Appends the content hash to the names of generated ConfigMaps and Secrets. kustomize does this
 * once, at the root, after every transformer of the whole tree has run.
 *
 * @module
 */
import { nameHash } from "../generators/hash.js";
import type { ScopeResolver } from "../resid.js";
import type { ResMap } from "../resmap.js";

/** Rename every resource marked for a hash suffix to `<name>-<hash>`. */
export function addHashSuffixes(options: { resources: ResMap; scope: ScopeResolver }): void {
  for (const r of options.resources.resources()) {
    if (!r.needsHashSuffix) continue;
    const h = nameHash(r.obj);
    r.storePreviousId(options.scope);
    r.setName(`${r.name}-${h}`);
  }
  options.resources.invalidate();
}
