/**
 * An optional cache that a caller passes to successive builds (a controller rebuilding the same
 * repository, a watch loop, a test suite) so that unchanged files are not parsed again. It holds
 * the parsed documents of file texts; each use gets a fresh copy, so builds never share objects.
 * Nothing is cached unless the caller creates and passes a cache.
 *
 * @module
 */
import type { YamlDialect } from "./resource-factory.js";
import { copyWithText, parseKustomizeYaml } from "./scalar-text.js";

/** Options of {@link createKustomizeCache}. */
export interface KustomizeCacheOptions {
  /** Upper bound on the total length of the cached texts, in characters (default 64 Mi). */
  maxTextLength?: number;
}

/** Parsed YAML documents by file text, shared across builds. Create one with {@link createKustomizeCache}. */
export interface KustomizeCache {
  /** Parse (or reuse) a YAML stream read by the given Go reader (default kyaml); the result is the caller's to modify. */
  parse(text: string, source: string, dialect?: YamlDialect): unknown[];
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

/** A cache of parsed files for `buildKustomization({ cache })`. */
export function createKustomizeCache(options: KustomizeCacheOptions = {}): KustomizeCache {
  const max = options.maxTextLength ?? 64 * 1024 * 1024;
  // Insertion order doubles as recency order: a hit is moved to the end.
  const entries = new Map<string, unknown[]>();
  const sigsEntries = new Map<string, unknown[]>();
  const memos = new Map<string, unknown>();
  let total = 0;
  return {
    parse(text, source, dialect) {
      // Kustomization files (sigs.k8s.io/yaml) are few: a small side table, outside the size bound.
      if (dialect === "sigs-yaml") {
        let docs = sigsEntries.get(text);
        if (!docs) {
          docs = parseKustomizeYaml(text, source, dialect);
          if (sigsEntries.size > 10_000) sigsEntries.clear();
          sigsEntries.set(text, docs);
        }
        return docs.map(copyWithText);
      }
      let docs = entries.get(text);
      if (docs) {
        entries.delete(text);
        entries.set(text, docs);
      } else {
        docs = parseKustomizeYaml(text, source, dialect);
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
      return docs.map(copyWithText);
    },
    memo<T>(key: string, compute: () => T): T {
      if (!memos.has(key)) {
        if (memos.size > 100_000) memos.clear();
        memos.set(key, compute());
      }
      return copyWithText(memos.get(key)) as T;
    },
    clear() {
      entries.clear();
      sigsEntries.clear();
      memos.clear();
      total = 0;
    },
    get size() {
      return entries.size + sigsEntries.size;
    },
  };
}
