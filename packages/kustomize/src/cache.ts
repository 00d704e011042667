/**
 * An optional cache that a caller passes to successive builds (a controller rebuilding the same
 * repository, a watch loop, a test suite) so that unchanged files are not parsed again. It holds
 * the parsed documents of file texts; each use gets a fresh copy, so builds never share objects.
 * Nothing is cached unless the caller creates and passes a cache.
 *
 * @module
 */
import { parseYamlStream } from "@gitops-kit/core";

/** Options of {@link createKustomizeCache}. */
export interface KustomizeCacheOptions {
  /** Upper bound on the total length of the cached texts, in characters (default 64 Mi). */
  maxTextLength?: number;
}

/** Parsed YAML documents by file text, shared across builds. Create one with {@link createKustomizeCache}. */
export interface KustomizeCache {
  /** Parse (or reuse) a YAML stream; the result is the caller's to modify. */
  parse(text: string, source: string): unknown[];
  /**
   * Remember a plain-data value derived from text (e.g. a classified patch) under `key`; each call
   * gets a fresh copy.
   */
  memo<T>(key: string, compute: () => T): T;
  /** Drop everything. */
  clear(): void;
  /** Number of distinct texts held. */
  readonly size: number;
}

function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const value = copy((v as Record<string, unknown>)[k]);
      // A key spelled `__proto__` must stay an ordinary own property.
      if (k === "__proto__")
        Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
      else out[k] = value;
    }
    return out;
  }
  return v;
}

/** A cache of parsed files for `buildKustomization({ cache })`. */
export function createKustomizeCache(options: KustomizeCacheOptions = {}): KustomizeCache {
  const max = options.maxTextLength ?? 64 * 1024 * 1024;
  // Insertion order doubles as recency order: a hit is moved to the end.
  const entries = new Map<string, unknown[]>();
  const memos = new Map<string, unknown>();
  let total = 0;
  return {
    parse(text, source) {
      let docs = entries.get(text);
      if (docs) {
        entries.delete(text);
        entries.set(text, docs);
      } else {
        docs = parseYamlStream(text, { file: source });
        if (text.length <= max) {
          entries.set(text, docs);
          total += text.length;
          for (const [k] of entries) {
            if (total <= max) break;
            entries.delete(k);
            total -= k.length;
          }
        }
      }
      return docs.map(copy);
    },
    memo<T>(key: string, compute: () => T): T {
      if (!memos.has(key)) {
        if (memos.size > 100_000) memos.clear();
        memos.set(key, compute());
      }
      return copy(memos.get(key)) as T;
    },
    clear() {
      entries.clear();
      memos.clear();
      total = 0;
    },
    get size() {
      return entries.size;
    },
  };
}
