/**
 * Scalar rules of the Go YAML stack behind `kustomize build`:
 *
 * - reading: kyaml decodes with go-yaml v3, whose plain-scalar resolution is YAML 1.2 core for
 *   booleans (`true`/`false` only) but keeps YAML 1.1 integers (`010` is octal, `0b101`, `1_000`) and
 *   timestamps;
 * - writing: every object goes through `json.Marshal` and sigs.k8s.io/yaml's `JSONToYAML` (go-yaml v2,
 *   YAML 1.1), so a string is quoted whenever go-yaml v2 would read it back as something else
 *   (`yes`, `on`, `y`, `1_000`, `1:20`, `2001-12-14`), and numbers are printed the way a float64 or
 *   int64 survives that JSON round trip.
 */

/** A scalar as the parser returns it. `bigint` only for integers a JS number cannot print back exactly. */
export type YamlScalar = null | boolean | number | bigint | string;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const TRUES_V3 = new Set(["true", "True", "TRUE"]);
const FALSES_V3 = new Set(["false", "False", "FALSE"]);
// go-yaml v2 (YAML 1.1) also reads these as booleans, so the printer must quote them.
const BOOLS_V2_EXTRA = new Set(["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO"]);
const BOOLS_V2_ONOFF = new Set(["on", "On", "ON", "off", "Off", "OFF"]);
const NANS = new Set([".nan", ".NaN", ".NAN"]);
const POS_INFS = new Set([".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]);
const NEG_INFS = new Set(["-.inf", "-.Inf", "-.INF"]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const DIGITS: Record<number, RegExp> = {
  2: /^[01]+$/,
  8: /^[0-7]+$/,
  10: /^[0-9]+$/,
  16: /^[0-9a-fA-F]+$/,
};

/** First-character classes of go-yaml's resolver: only these can start a non-string plain scalar. */
function hint(text: string): "N" | "M" | "." | "D" | "S" | undefined {
  if (text === "") return "N";
  const c = text[0];
  if (c === "+" || c === "-") return "S";
  if (c >= "0" && c <= "9") return "D";
  if (c === ".") return ".";
  if ("yYnNtTfFoO~".includes(c)) return "M";
  return undefined;
}

/**
 * Go's `strconv.ParseInt(s, 0, 64)` then `ParseUint(s, 0, 64)`: optional sign, `0x`/`0o`/`0b`
 * prefixes, a leading `0` meaning octal. Returns undefined when neither accepts `s`.
 */
function parseGoInt(s: string): bigint | undefined {
  let i = 0;
  let negative = false;
  let signed = false;
  if (s[0] === "+" || s[0] === "-") {
    negative = s[0] === "-";
    signed = true;
    i = 1;
  }
  let base = 10;
  if (s[i] === "0" && i + 1 < s.length) {
    const p = s[i + 1];
    if (p === "x" || p === "X") {
      base = 16;
      i += 2;
    } else if (p === "o" || p === "O") {
      base = 8;
      i += 2;
    } else if (p === "b" || p === "B") {
      base = 2;
      i += 2;
    } else {
      base = 8;
      i += 1;
    }
  }
  const digits = s.slice(i);
  if (digits === "" || !DIGITS[base].test(digits)) return undefined;
  const prefix = base === 16 ? "0x" : base === 8 ? "0o" : base === 2 ? "0b" : "";
  let value = BigInt(prefix + digits);
  if (negative) value = -value;
  if (value >= INT64_MIN && value <= INT64_MAX) return value;
  // ParseUint takes no sign at all.
  if (!signed && value <= UINT64_MAX) return value;
  return undefined;
}

/** True when go-yaml resolves `text` (a plain scalar) as an integer rather than a float. */
export function isIntegerText(text: string): boolean {
  return parseGoInt(text.replaceAll("_", "")) !== undefined;
}

/** A JS number when it prints back as the same digits, a bigint otherwise. */
function intValue(value: bigint): number | bigint {
  const n = Number(value);
  if (Number.isSafeInteger(n) || String(n) === value.toString()) return n;
  return value;
}

/** Go's ParseFloat of a YAML-style float: undefined when out of float64 range (Go returns an error). */
function parseFloatOrUndefined(text: string): number | undefined {
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(month: number, year: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** Reads 1 or 2 digits at `i` like Go's `getnum(value, false)`. */
function getnum(s: string, i: number): [number, number] | undefined {
  const a = s.charCodeAt(i) - 48;
  if (!(a >= 0 && a <= 9)) return undefined;
  const b = s.charCodeAt(i + 1) - 48;
  if (b >= 0 && b <= 9) return [a * 10 + b, i + 2];
  return [a, i + 1];
}

/**
 * go-yaml's timestamp resolution: `time.Parse` with the layouts `2006-1-2T15:4:5.999999999Z07:00`
 * (also with a lower-case `t`), `2006-1-2 15:4:5.999999999` and `2006-1-2`. Returns the instant in
 * RFC 3339 with nanoseconds (what `json.Marshal` writes for a `time.Time`), or undefined when `text`
 * is not a timestamp.
 */
export function parseYamlTimestamp(text: string): string | undefined {
  if (text.length < 6 || text.charCodeAt(4) !== 45) return undefined;
  for (let k = 0; k < 4; k++) {
    const c = text.charCodeAt(k);
    if (c < 48 || c > 57) return undefined;
  }
  const year = Number(text.slice(0, 4));
  let r = getnum(text, 5);
  if (!r || text[r[1]] !== "-") return undefined;
  const month = r[0];
  r = getnum(text, r[1] + 1);
  if (!r) return undefined;
  const day = r[0];
  let i = r[1];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return undefined;
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (i === text.length) return `${date}T00:00:00Z`;
  const sep = text[i];
  if (sep !== "T" && sep !== "t" && sep !== " ") return undefined;
  const fields: number[] = [];
  i++;
  for (let f = 0; f < 3; f++) {
    if (f > 0) {
      if (text[i] !== ":") return undefined;
      i++;
    }
    const n = getnum(text, i);
    if (!n) return undefined;
    fields.push(n[0]);
    i = n[1];
  }
  const [hour, minute, second] = fields;
  if (hour >= 24 || minute >= 60 || second >= 60) return undefined;
  let nanos = "";
  if ((text[i] === "." || text[i] === ",") && /[0-9]/.test(text[i + 1] ?? "")) {
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    nanos = text
      .slice(i + 1, j)
      .slice(0, 9)
      .padEnd(9, "0")
      .replace(/0+$/, "");
    i = j;
  }
  let zone = "Z";
  if (sep === " ") {
    if (i !== text.length) return undefined;
  } else if (text[i] === "Z" && i + 1 === text.length) {
    zone = "Z";
  } else {
    const m = /^([+-])([0-9]{2}):([0-9]{2})$/.exec(text.slice(i));
    if (!m) return undefined;
    const hours = Number(m[2]);
    const minutes = Number(m[3]);
    if (hours > 24 || minutes > 60) return undefined;
    const offset = hours * 60 + minutes;
    zone = offset === 0 ? "Z" : `${m[1]}${pad(Math.floor(offset / 60), 2)}:${pad(offset % 60, 2)}`;
  }
  const frac = nanos === "" ? "" : `.${nanos}`;
  return `${date}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${frac}${zone}`;
}

/**
 * Resolve a plain (unquoted, untagged) scalar the way kustomize reads it (go-yaml v3): `~`/`null`/empty
 * → null; `true`/`false` → boolean (`yes`/`on` stay strings); Go integer syntax (`0x1F`, `010`, `0o10`,
 * `0b1`, `1_000`) → number (or bigint, see {@link YamlScalar}); YAML floats → number (`.inf`/`.nan`
 * too); timestamps → their RFC 3339 form as a string (kustomize prints them that way); anything else
 * → the text itself.
 */
export function resolvePlainScalar(text: string): YamlScalar {
  const h = hint(text);
  if (h === undefined) return text;
  if (NULLS.has(text)) return null;
  if (TRUES_V3.has(text)) return true;
  if (FALSES_V3.has(text)) return false;
  if (NANS.has(text)) return Number.NaN;
  if (POS_INFS.has(text)) return Number.POSITIVE_INFINITY;
  if (NEG_INFS.has(text)) return Number.NEGATIVE_INFINITY;
  if (h === "M") return text;
  if (h === ".") {
    if (DOT_FLOAT.test(text)) return parseFloatOrUndefined(text) ?? text;
    return text;
  }
  const ts = parseYamlTimestamp(text);
  if (ts !== undefined) return ts;
  const plain = text.includes("_") ? text.replaceAll("_", "") : text;
  const int = parseGoInt(plain);
  if (int !== undefined) return intValue(int);
  if (YAML_STYLE_FLOAT.test(plain)) return parseFloatOrUndefined(plain) ?? text;
  return text;
}

/**
 * Resolve a plain scalar the way sigs.k8s.io/yaml reads YAML (go-yaml v2, YAML 1.1), as kustomize does
 * for kustomization files and Helm for values: like {@link resolvePlainScalar}, except that
 * `yes`/`no`/`on`/`off`/`y`/`n` (in their three casings) are booleans and timestamps keep their text.
 */
export function resolveYaml11Scalar(text: string): YamlScalar {
  if (BOOLS_V2_EXTRA.has(text) || BOOLS_V2_ONOFF.has(text)) {
    return "yYoO".includes(text[0]) && !/^(off|Off|OFF)$/.test(text);
  }
  const value = resolvePlainScalar(text);
  return typeof value === "string" && value !== text ? text : value;
}

const TAG_PREFIX = "tag:yaml.org,2002:";

/**
 * Resolve a scalar that carries an explicit tag (`!!str 1`, `!!int "12"`, `!!binary aGk=`), as go-yaml
 * v3 does: the standard tags convert or fail, any other tag leaves the text as a string.
 * Returns `{ error }` when the text does not fit the tag.
 */
export function resolveTaggedYamlScalar(
  tag: string,
  text: string,
): { value: YamlScalar } | { error: string } {
  const short = tag.startsWith(TAG_PREFIX)
    ? tag.slice(TAG_PREFIX.length)
    : tag.startsWith("!!")
      ? tag.slice(2)
      : "";
  if (short === "" || short === "str") return { value: text };
  if (short === "binary") {
    const decoded = decodeBase64(text);
    return decoded === undefined ? { error: `cannot decode !!binary \`${text}\`` } : { value: decoded };
  }
  const mismatch = (got: string) => ({ error: `cannot decode ${got} \`${text}\` as a !!${short}` });
  const value =
    short === "timestamp" ? (parseYamlTimestamp(text) ?? resolvePlainScalar(text)) : resolvePlainScalar(text);
  const got = describe(text, value);
  switch (short) {
    case "int":
      return got === "!!int" ? { value } : mismatch(got);
    case "float":
      return got === "!!int" || got === "!!float"
        ? { value: typeof value === "bigint" ? Number(value) : value }
        : mismatch(got);
    case "bool":
      return got === "!!bool" ? { value } : mismatch(got);
    case "null":
      return got === "!!null" ? { value } : mismatch(got);
    case "timestamp":
      return got === "!!timestamp" ? { value } : mismatch(got);
    default:
      // Tags go-yaml cannot resolve (`!!set`, `!foo`) keep the text.
      return { value: text };
  }
}

function describe(text: string, value: YamlScalar): string {
  if (value === null) return "!!null";
  if (typeof value === "boolean") return "!!bool";
  if (typeof value === "bigint") return "!!int";
  if (typeof value === "number") {
    const plain = text.replaceAll("_", "");
    return parseGoInt(plain) !== undefined ? "!!int" : "!!float";
  }
  if (value !== text && parseYamlTimestamp(text) !== undefined) return "!!timestamp";
  return "!!str";
}

/** Standard base64 (line breaks and spaces allowed), decoded as UTF-8 the way Go turns bytes into text. */
function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/[\s]/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  const binary = atob(compact);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder("utf-8").decode(bytes);
}

/**
 * True when go-yaml v2 would read `text`, written plain, back as a string: the printer may then leave
 * it unquoted. False for everything YAML 1.1 gives another type (`yes`, `off`, `~`, `0x1F`, `1e3`,
 * `2001-12-14`, `.inf`) and for base-60 numbers like `1:20`, which go-yaml quotes for older readers.
 */
export function isPlainYamlString(text: string): boolean {
  const h = hint(text);
  if (h === undefined) return true;
  if (NULLS.has(text) || TRUES_V3.has(text) || FALSES_V3.has(text)) return false;
  if (BOOLS_V2_EXTRA.has(text) || BOOLS_V2_ONOFF.has(text)) return false;
  if (NANS.has(text) || POS_INFS.has(text) || NEG_INFS.has(text)) return false;
  if (h === "M") return true;
  if (h === ".") return !(DOT_FLOAT.test(text) && parseFloatOrUndefined(text) !== undefined);
  if (parseYamlTimestamp(text) !== undefined) return false;
  const plain = text.includes("_") ? text.replaceAll("_", "") : text;
  if (parseGoInt(plain) !== undefined) return false;
  if (YAML_STYLE_FLOAT.test(plain) && parseFloatOrUndefined(plain) !== undefined) return false;
  // Base-60 floats: only reached for texts starting with a sign or digit.
  return !(text.includes(":") && BASE60_FLOAT.test(text));
}

/**
 * Print a number the way kustomize does: a float64 or int64 that went through `json.Marshal` and was
 * read back by go-yaml v2. Integral values print as integers while they fit int64/uint64 (`1.0` → `1`),
 * everything else in Go's shortest `%g` form (`1.2345675e+06`, `1e-06`, `1e+21`).
 * Non-finite numbers have no JSON form: returns undefined.
 */
export function formatNumber(value: number | bigint): string | undefined {
  if (typeof value === "bigint") {
    if (value >= INT64_MIN && value <= UINT64_MAX) return value.toString();
    return formatNumber(Number(value));
  }
  if (!Number.isFinite(value)) return undefined;
  if (Number.isInteger(value) && Math.abs(value) < 1e21) {
    // JSON writes the shortest digits padded with zeros; go-yaml reads them as an integer if they fit.
    const digits = value === 0 ? "0" : value.toString();
    if (Number.isSafeInteger(value)) return digits;
    const big = BigInt(digits);
    if (big >= INT64_MIN && big <= UINT64_MAX) return digits;
  }
  return formatGoFloat(value);
}

/** Go's `strconv.FormatFloat(v, 'g', -1, 64)`. */
export function formatGoFloat(value: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa, expText] = Math.abs(value).toExponential().split("e");
  return formatShortest(value < 0, mantissa.replace(".", ""), Number(expText));
}

/** Go's `strconv.FormatFloat(v, 'g', -1, 32)`: the shortest digits that identify the float32. */
export function formatGoFloat32(value: number): string {
  const f = Math.fround(value);
  if (f === 0 || !Number.isFinite(f)) return formatGoFloat(f);
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Math.abs(f).toExponential(precision - 1);
    if (Math.fround(Number(candidate)) === Math.abs(f)) {
      const [mantissa, expText] = candidate.split("e");
      return formatShortest(f < 0, mantissa.replace(".", "").replace(/0+$/, "") || "0", Number(expText));
    }
  }
  return formatGoFloat(f);
}

/** Go's `%g` layout of shortest digits: exponent form below 1e-4 and from 1e6 up (Go decides with precision 6). */
function formatShortest(negative: boolean, digits: string, exp: number): string {
  const sign = negative ? "-" : "";
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  }
  const point = exp + 1;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
