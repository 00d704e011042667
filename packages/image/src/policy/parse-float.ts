/**
 * Go's `strconv.ParseFloat(s, 64)`: decimal and hexadecimal (with a `p` exponent) literals, optional
 * sign, `_` between digits, `inf`/`infinity`/`nan` in any case. No surrounding whitespace. Returns
 * `undefined` where Go returns an error (syntax, or a finite literal that overflows float64).
 */
const DEC = /^[+-]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?$/;
const HEX =
  /^([+-]?)0[xX]_?((?:[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)?)(?:\.((?:[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)?))?[pP]([+-]?\d+(?:_\d+)*)$/;
const SPECIAL = /^(?:([+-]?)(inf|infinity)|(nan))$/i;

export function parseGoFloat(s: string): number | undefined {
  if (DEC.test(s)) {
    const n = Number(s.replaceAll("_", ""));
    return Number.isFinite(n) ? n : undefined;
  }
  const special = SPECIAL.exec(s);
  if (special) {
    if (special[3] !== undefined) return Number.NaN;
    return special[1] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  const hex = HEX.exec(s);
  if (hex) {
    const int = hex[2].replaceAll("_", "");
    const frac = (hex[3] ?? "").replaceAll("_", "");
    if (int === "" && frac === "") return undefined;
    let mantissa = 0;
    for (const c of int + frac) mantissa = mantissa * 16 + Number.parseInt(c, 16);
    const exp = Number(hex[4].replaceAll("_", "")) - 4 * frac.length;
    const n = mantissa * 2 ** exp;
    if (!Number.isFinite(n)) return undefined;
    return hex[1] === "-" ? -n : n;
  }
  return undefined;
}
