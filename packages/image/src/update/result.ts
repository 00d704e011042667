/** The Kubernetes object a changed scalar belongs to (taken from its YAML document). */
export interface ObjectIdentifier {
  apiVersion: string;
  kind: string;
  /** `metadata.name`; empty for documents without metadata (e.g. a kustomization). */
  name: string;
  /** `metadata.namespace`; empty when absent. */
  namespace: string;
}

/** One changed scalar. */
export interface Change {
  oldValue: string;
  newValue: string;
  /** The marker value, `<ns>:<policy>[:tag|:name|:digest]`. */
  setter: string;
}

/** The changes made to one object of a file, in document order. */
export interface ObjectChanges {
  object: ObjectIdentifier;
  changes: Change[];
}

/**
 * What an update changed (Flux's `update.Result`): per file (relative to the update path, `/`
 * separators), per object, the changes in document order. Only files with a change appear.
 */
export interface UpdateResult {
  fileChanges: Record<string, ObjectChanges[]>;
}

/** Key of an object identifier, stable for grouping. */
export function objectKey(o: ObjectIdentifier): string {
  return JSON.stringify([o.apiVersion, o.kind, o.name, o.namespace]);
}

/** Flux's `Result.Objects()`: changes per object, merged over all files (files in sorted order). */
export function resultObjects(result: UpdateResult): ObjectChanges[] {
  const merged = new Map<string, ObjectChanges>();
  for (const file of Object.keys(result.fileChanges).sort()) {
    for (const entry of result.fileChanges[file]) {
      const key = objectKey(entry.object);
      const existing = merged.get(key);
      if (existing) existing.changes.push(...entry.changes);
      else merged.set(key, { object: { ...entry.object }, changes: [...entry.changes] });
    }
  }
  return [...merged.values()];
}

/** Flux's `Result.Changes()`: every change once (equal changes merged), files in sorted order. */
export function resultChanges(result: UpdateResult): Change[] {
  const seen = new Set<string>();
  const out: Change[] = [];
  for (const { changes } of resultObjects(result)) {
    for (const c of changes) {
      const key = JSON.stringify([c.oldValue, c.newValue, c.setter]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(c);
    }
  }
  return out;
}

/** Whether the update changed anything (Flux commits only then). */
export function hasChanges(result: UpdateResult): boolean {
  return Object.keys(result.fileChanges).length > 0;
}
