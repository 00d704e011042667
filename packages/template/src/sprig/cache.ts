/** A small memo for parse results (compiled regexps, semver constraints): templates repeat the same inputs. */

/** Cap on entries; the memo starts over when full, which keeps memory bounded without bookkeeping. */
const MAX_ENTRIES = 512;

/** Memoise `parse`, remembering thrown errors too (they are rethrown as they were). */
export function memoize<T>(parse: (key: string) => T): (key: string) => T {
  const cache = new Map<string, { value: T } | { error: unknown }>();
  return (key) => {
    let hit = cache.get(key);
    if (!hit) {
      try {
        hit = { value: parse(key) };
      } catch (error) {
        hit = { error };
      }
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(key, hit);
    }
    if ("error" in hit) throw hit.error;
    return hit.value;
  };
}
