/** Sprig's path functions: Go's `path` (slash-separated) and `path/filepath` as on Unix (`os*`). */
import { defineFunc, type FuncMap } from "../funcs/types.js";
import { T } from "../value/types.js";

/** Go's `path.Clean`: lexical normalisation (`.`/`..` elements, repeated slashes, trailing slash). */
export function cleanPath(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(part);
  }
  const joined = out.join("/");
  if (rooted) return `/${joined}`;
  return joined === "" ? "." : joined;
}

/** Go's `path.Base`. */
export function basePath(p0: string): string {
  if (p0 === "") return ".";
  let p = p0;
  while (p.length > 0 && p.endsWith("/")) p = p.slice(0, -1);
  const i = p.lastIndexOf("/");
  if (i >= 0) p = p.slice(i + 1);
  return p === "" ? "/" : p;
}

/** Go's `path.Dir`. */
export function dirPath(p: string): string {
  const i = p.lastIndexOf("/");
  return cleanPath(p.slice(0, i + 1));
}

/** Go's `path.Ext`. */
export function extPath(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== "/"; i--) if (p[i] === ".") return p.slice(i);
  return "";
}

/** The path family (`base`, `dir`, `clean`, `ext`, `isAbs` and their `os*` forms). */
export function pathFuncs(): FuncMap {
  const s = (fn: (p: string) => string) => defineFunc({ params: [T.string], result: T.string, fn });
  const isAbs = defineFunc({ params: [T.string], result: T.bool, fn: (p) => p.startsWith("/") });
  return {
    base: s(basePath),
    dir: s(dirPath),
    clean: s(cleanPath),
    ext: s(extPath),
    isAbs,
    osBase: s(basePath),
    osClean: s(cleanPath),
    osDir: s(dirPath),
    osExt: s(extPath),
    osIsAbs: isAbs,
  };
}
