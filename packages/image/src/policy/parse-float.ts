import { parseFloat64 } from "@gitops-kit/template";

/**
 * Go's `strconv.ParseFloat(s, 64)`: decimal and hexadecimal (with a `p` exponent) literals, optional
 * sign, `_` between digits, `inf`/`infinity`/`nan` in any case. No surrounding whitespace. Returns
 * `undefined` where Go returns an error (syntax, or a finite literal that overflows float64).
 */
export function parseGoFloat(s: string): number | undefined {
  const parsed = parseFloat64(s);
  return parsed.ok ? parsed.value : undefined;
}
