/**
 * An ordered collection of resources with id lookups that do not scan the whole list: an index of
 * current ids (rebuilt lazily after a transformer may have renamed things) and one of every id a
 * resource has had.
 *
 * @module
 */
import { ResourceIdConflictError } from "./errors.js";
import { type ResId, resIdKey, resIdString, type ScopeResolver } from "./resid.js";
import type { Resource } from "./resource.js";

export class ResMap {
  private list: Resource[] = [];
  private curIndex: Map<string, Resource[]> | undefined;
  private anyIndex: Map<string, Resource[]> | undefined;

  constructor(readonly scope: ScopeResolver) {}

  get size(): number {
    return this.list.length;
  }

  /** The resources in order (a copy of the list). */
  resources(): Resource[] {
    return [...this.list];
  }

  /** Forget cached indexes: call after resources may have changed their ids. */
  invalidate(): void {
    this.curIndex = undefined;
    this.anyIndex = undefined;
  }

  private key(id: ResId): string {
    return resIdKey(id, this.scope);
  }

  private currentIndex(): Map<string, Resource[]> {
    if (!this.curIndex) {
      const idx = new Map<string, Resource[]>();
      for (const r of this.list) pushTo(idx, this.key(r.curId()), r);
      this.curIndex = idx;
    }
    return this.curIndex;
  }

  private allIdsIndex(): Map<string, Resource[]> {
    if (!this.anyIndex) {
      const idx = new Map<string, Resource[]>();
      for (const r of this.list) this.indexAllIds(idx, r);
      this.anyIndex = idx;
    }
    return this.anyIndex;
  }

  private indexAllIds(idx: Map<string, Resource[]>, r: Resource): void {
    const seen = new Set<string>();
    for (const id of r.allIds()) {
      const k = this.key(id);
      if (seen.has(k)) continue;
      seen.add(k);
      pushTo(idx, k, r);
    }
  }

  /** Resources whose current id equals `id`. */
  byCurrentId(id: ResId): Resource[] {
    return this.currentIndex().get(this.key(id)) ?? [];
  }

  /** Resources with any id (previous or current) equal to `id`, in list order. */
  byAnyId(id: ResId): Resource[] {
    return this.allIdsIndex().get(this.key(id)) ?? [];
  }

  /** Append, rejecting a resource whose current id is already present. */
  append(r: Resource, context?: string): void {
    const id = r.curId();
    if (this.byCurrentId(id).length > 0) {
      throw new ResourceIdConflictError(
        `${context ? `${context}: ` : ""}may not add resource with an already registered id: ${resIdString(id)}`,
        { file: r.source },
      );
    }
    this.appendUnchecked(r);
  }

  /** Append without the id check (for rebuilding a list). */
  appendUnchecked(r: Resource): void {
    this.list.push(r);
    if (this.curIndex) pushTo(this.curIndex, this.key(r.curId()), r);
    if (this.anyIndex) this.indexAllIds(this.anyIndex, r);
  }

  appendAll(rs: Iterable<Resource>, context?: string): void {
    for (const r of rs) this.append(r, context);
  }

  /** Replace the whole list (indexes are rebuilt on demand). */
  setAll(rs: Resource[]): void {
    this.list = [...rs];
    this.invalidate();
  }

  /** Put `res` in place of `old` (same position). */
  replaceResource(old: Resource, res: Resource): void {
    const i = this.list.indexOf(old);
    if (i < 0) throw new Error("resource to replace is not in the map");
    this.list[i] = res;
    this.invalidate();
  }

  remove(r: Resource): void {
    const i = this.list.indexOf(r);
    if (i >= 0) {
      this.list.splice(i, 1);
      this.invalidate();
    }
  }

  /** Drop resources emptied by a delete patch. */
  dropEmpties(): void {
    if (this.list.some((r) => r.isEmpty())) this.setAll(this.list.filter((r) => !r.isEmpty()));
  }
}

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
