import { parseGoFloat64 } from "@gitops-kit/core";

/**
 * Go's `strconv.ParseFloat(s, 64)` as a numerical ImagePolicy reads a tag: the number, or
 * `undefined` where Go returns an error (bad syntax, or a finite literal beyond float64).
 */
export function parseGoFloat(s: string): number | undefined {
  const r = parseGoFloat64(s);
  return r.error === null ? r.value : undefined;
}
