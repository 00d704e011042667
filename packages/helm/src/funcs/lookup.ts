/**
 * Helm's `lookup apiVersion kind namespace name`: one object (name given) or a list (`{kind: "<Kind>List",
 * items: [...]}`) from the cluster; an empty map when the object does not exist or when there is no cluster,
 * which is what `helm template` does. Integers come back as int64 and other numbers as float64, as in the
 * unstructured objects Helm's dynamic client returns.
 */
import {
  type ApplyOptions,
  type ApplyResult,
  type ClusterAdapter,
  type DeleteOptions,
  type KubeObject,
  type ListOptions,
  NotFoundError,
  type ObjectRef,
} from "@gitops-kit/core";
import { defineFunc, type FuncMap, goInt64, MAP_STRING_ANY, mapSet, newMap, T } from "@gitops-kit/template";

/** A cluster that can be read synchronously (template functions cannot wait), such as `MemoryCluster`. */
export interface SyncClusterReader {
  getSync(ref: ObjectRef): KubeObject;
  listSync(options: ListOptions): KubeObject[];
}

function isSyncReader(c: unknown): c is SyncClusterReader {
  const r = c as Partial<SyncClusterReader>;
  return typeof r?.getSync === "function" && typeof r?.listSync === "function";
}

function refKey(ref: ObjectRef): string {
  return JSON.stringify(["get", ref.apiVersion, ref.kind, ref.namespace ?? "", ref.name]);
}

function listKey(options: ListOptions): string {
  return JSON.stringify(["list", options.apiVersion, options.kind, options.namespace ?? ""]);
}

/**
 * Lets `lookup` read an asynchronous cluster (such as `@gitops-kit/kube`'s): reads are answered from a cache,
 * and a read the cache cannot answer is recorded and answered as "not found". Render, then `await fill()`
 * to fetch what was missed, and render again while `fill()` reports new answers (each round can only reveal
 * lookups that depend on earlier answers, so a few rounds suffice).
 *
 * ```ts
 * const cache = new LookupCache(cluster);
 * let out = render(createHelmFuncs({ cluster: cache }));
 * while (await cache.fill()) out = render(createHelmFuncs({ cluster: cache }));
 * ```
 */
export class LookupCache implements ClusterAdapter, SyncClusterReader {
  private readonly objects = new Map<string, KubeObject | null>();
  private readonly lists = new Map<string, KubeObject[]>();
  private readonly missedGets = new Map<string, ObjectRef>();
  private readonly missedLists = new Map<string, ListOptions>();

  constructor(private readonly cluster: ClusterAdapter) {}

  getSync(ref: ObjectRef): KubeObject {
    const key = refKey(ref);
    const found = this.objects.get(key);
    if (found) return found;
    if (found === undefined) this.missedGets.set(key, { ...ref });
    throw new NotFoundError(`${ref.kind} ${ref.name} not found`);
  }

  listSync(options: ListOptions): KubeObject[] {
    const key = listKey(options);
    const found = this.lists.get(key);
    if (found) return found;
    this.missedLists.set(key, {
      apiVersion: options.apiVersion,
      kind: options.kind,
      namespace: options.namespace,
    });
    return [];
  }

  /** Fetch every read that was missed since the last call. Resolves to whether anything was fetched. */
  async fill(): Promise<boolean> {
    const gets = [...this.missedGets];
    const lists = [...this.missedLists];
    this.missedGets.clear();
    this.missedLists.clear();
    for (const [key, ref] of gets) {
      try {
        this.objects.set(key, await this.cluster.get(ref));
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        this.objects.set(key, null);
      }
    }
    for (const [key, options] of lists) this.lists.set(key, await this.cluster.list(options));
    return gets.length + lists.length > 0;
  }

  get(ref: ObjectRef): Promise<KubeObject> {
    return this.cluster.get(ref);
  }

  list(options: ListOptions): Promise<KubeObject[]> {
    return this.cluster.list(options);
  }

  apply(options: ApplyOptions): Promise<ApplyResult[]> {
    return this.cluster.apply(options);
  }

  delete(options: DeleteOptions): Promise<KubeObject> {
    return this.cluster.delete(options);
  }
}

/** JSON data as unstructured Kubernetes content: integers become int64. */
function toUnstructured(v: unknown): unknown {
  if (typeof v === "number")
    return Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER ? goInt64(v) : v;
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(toUnstructured);
  const out = newMap();
  for (const k of Object.keys(v)) {
    const x = toUnstructured((v as Record<string, unknown>)[k]);
    mapSet(out, k, x);
  }
  return out;
}

function lookupIn(
  cluster: SyncClusterReader,
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
): Record<string, unknown> {
  try {
    if (name !== "") {
      if (namespace !== "")
        return toUnstructured(cluster.getSync({ apiVersion, kind, namespace, name })) as Record<
          string,
          unknown
        >;
      // Without a namespace Helm asks the cluster-wide endpoint: only cluster-scoped objects are found.
      const found = cluster
        .listSync({ apiVersion, kind })
        .find((o) => o.metadata.name === name && !o.metadata.namespace);
      return found ? (toUnstructured(found) as Record<string, unknown>) : newMap();
    }
    const items = cluster.listSync({ apiVersion, kind, namespace: namespace === "" ? undefined : namespace });
    return toUnstructured({ apiVersion, kind: `${kind}List`, metadata: {}, items }) as Record<
      string,
      unknown
    >;
  } catch (err) {
    if (err instanceof NotFoundError) return newMap();
    throw err;
  }
}

/** `lookup`, reading `cluster` when given (it must offer synchronous reads), else always an empty map. */
export function lookupFuncs(cluster?: ClusterAdapter): FuncMap {
  return {
    lookup: defineFunc({
      params: [T.string, T.string, T.string, T.string],
      result: MAP_STRING_ANY,
      returnsError: true,
      fn: (apiVersion, kind, namespace, name) => {
        if (!cluster) return newMap();
        if (!isSyncReader(cluster)) {
          throw new Error(
            "lookup needs a cluster adapter with synchronous reads (getSync/listSync), such as MemoryCluster or a LookupCache",
          );
        }
        return lookupIn(cluster, apiVersion, kind, namespace, name);
      },
    }),
  };
}
