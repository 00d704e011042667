/**
 * POSIX path helpers that behave like Go's `path` package and Node's `path.posix`, without importing
 * `node:path`, so runtime-neutral code (browsers, edge runtimes) can use them.
 *
 * Paths are `/`-separated strings. Backslashes are ordinary characters.
 *
 * @module
 */

/** True when `p` starts with `/`. */
export function isAbsolute(p: string): boolean {
  return p.startsWith("/");
}

/**
 * Lexically clean a path: collapse repeated slashes, drop `.` segments, resolve `..` against the
 * preceding segment, and drop a trailing slash. An empty result is `.`; `..` segments that climb above
 * a relative path's start are kept (`a/../../b` → `../b`); above `/` they are dropped (`/../a` → `/a`).
 */
export function normalize(p: string): string {
  if (p === "") return ".";
  const absolute = isAbsolute(p);
  const out: string[] = [];
  for (const segment of p.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
      continue;
    }
    out.push(segment);
  }
  const body = out.join("/");
  if (absolute) return "/" + body;
  return body === "" ? "." : body;
}

/** Join segments with `/` and {@link normalize} the result. Empty segments are ignored. */
export function join(...segments: string[]): string {
  const parts = segments.filter((s) => s !== "");
  return parts.length === 0 ? "." : normalize(parts.join("/"));
}

/**
 * Resolve segments right to left until an absolute path is formed, starting from `/` when none is
 * absolute (there is no process working directory in a runtime-neutral package).
 */
export function resolve(...segments: string[]): string {
  let acc = "";
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i];
    if (s === "") continue;
    acc = acc === "" ? s : s + "/" + acc;
    if (isAbsolute(s)) return normalize(acc);
  }
  return normalize("/" + acc);
}

/** Everything but the last segment: `a/b/c` → `a/b`, `/a` → `/`, `a` → `.`. */
export function dirname(p: string): string {
  const n = normalize(p);
  const i = n.lastIndexOf("/");
  if (i < 0) return ".";
  if (i === 0) return "/";
  return n.slice(0, i);
}

/**
 * The last segment: `a/b/c.yaml` → `c.yaml`; with `ext`, a matching suffix is removed
 * (`basename("a/b.yaml", ".yaml")` → `b`). `/` → `/`, `` → `.` (as Go's `path.Base`).
 */
export function basename(p: string, ext?: string): string {
  const n = normalize(p);
  if (n === "/") return "/";
  const base = n.slice(n.lastIndexOf("/") + 1);
  if (ext && base !== ext && base.endsWith(ext)) return base.slice(0, base.length - ext.length);
  return base;
}

/** The extension of the last segment including the dot (`a/b.tar.gz` → `.gz`), or `` if none. */
export function extname(p: string): string {
  const base = basename(p);
  const i = base.lastIndexOf(".");
  return i <= 0 ? "" : base.slice(i);
}

/**
 * The path from `from` to `to`, both taken relative to `/` when not absolute:
 * `relative("/a/b", "/a/c/d")` → `../c/d`; equal paths give ``.
 */
export function relative(from: string, to: string): string {
  const a = split(resolve(from));
  const b = split(resolve(to));
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up = a.slice(common).map(() => "..");
  return [...up, ...b.slice(common)].join("/");
}

/**
 * True when `child` is `parent` itself or lies below it, compared after {@link normalize}.
 * Both must be absolute, or both relative.
 */
export function isWithin(parent: string, child: string): boolean {
  const p = normalize(parent);
  const c = normalize(child);
  if (p === c) return true;
  if (p === "/") return isAbsolute(c);
  if (p === ".") return !c.startsWith("../") && c !== ".." && !isAbsolute(c);
  return c.startsWith(p + "/");
}

/** The non-empty segments of a path (`/a//b/` → `["a", "b"]`). */
export function split(p: string): string[] {
  return p.split("/").filter((s) => s !== "" && s !== ".");
}
