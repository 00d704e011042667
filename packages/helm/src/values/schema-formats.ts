/**
 * The `format` checks Helm's schema validator asserts for drafts before 2019-09, with its reasons
 * (`missing @`, `expected four decimals`, ...). Formats it does not know always pass; non-strings pass.
 */
import { compileGoRegexp } from "@gitops-kit/core";

function goRune(ch: string): string {
  return `'${ch}'`;
}

function uuid(s: string): string | undefined {
  const sizes = [8, 4, 4, 4, 12];
  const groups = s.split("-");
  if (groups.length !== sizes.length) return `must have ${sizes.length} elements`;
  for (let i = 0; i < groups.length; i++) {
    if (groups[i].length !== sizes[i]) return `element ${i + 1} must be ${sizes[i]} characters long`;
    for (const ch of groups[i]) if (!/[0-9a-fA-F]/.test(ch)) return `non-hex character ${goRune(ch)}`;
  }
  return undefined;
}

function ipv4(s: string): string | undefined {
  const groups = s.split(".");
  if (groups.length !== 4) return "expected four decimals";
  for (const g of groups) {
    if (g.length > 1 && g[0] === "0") return "leading zeros";
    if (!/^[+-]?\d+$/.test(g)) return `strconv.Atoi: parsing ${JSON.stringify(g)}: invalid syntax`;
    const n = Number(g);
    if (n < 0 || n > 255) return "decimal must be between 0 and 255";
  }
  return undefined;
}

function ipv6(s: string): string | undefined {
  if (!s.includes(":")) return "missing colon";
  if (s.includes("%")) return "zone id is not a part of ipv6 address";
  try {
    new URL(`http://[${s}]/`);
    return undefined;
  } catch {
    return `ParseAddr(${JSON.stringify(s)}): invalid IPv6 address`;
  }
}

function hostname(s0: string): string | undefined {
  const s = s0.endsWith(".") ? s0.slice(0, -1) : s0;
  if (s.length > 253) return "more than 253 characters long";
  for (const label of s.split(".")) {
    if (label.length < 1 || label.length > 63) return "label must be 1 to 63 characters long";
    if (label.startsWith("-")) return "label starts with hyphen";
    if (label.endsWith("-")) return "label ends with hyphen";
    for (const ch of label) if (!/[a-zA-Z0-9-]/.test(ch)) return `invalid character ${goRune(ch)}`;
  }
  return undefined;
}

function email(s: string): string | undefined {
  if (s.length > 254) return "more than 255 characters long";
  const at = s.lastIndexOf("@");
  if (at < 0) return "missing @";
  const local = s.slice(0, at);
  let domain = s.slice(at + 1);
  if (local.length > 64) return "local part more than 64 characters long";
  if (local.length > 1 && local.startsWith('"')) {
    const inner = local.slice(1, -1);
    if (inner.includes("\\") || inner.includes('"'))
      return "backslash and quote are not allowed within quoted local part";
  } else {
    if (local.startsWith(".")) return "starts with dot";
    if (local.endsWith(".")) return "ends with dot";
    if (local.includes("..")) return "consecutive dots";
    for (const ch of local)
      if (!/[a-zA-Z0-9.!#$%&'*+\-/=?^_`{|}~]/.test(ch)) return `invalid character ${goRune(ch)}`;
  }
  if (domain.startsWith("[") && domain.endsWith("]")) {
    domain = domain.slice(1, -1);
    if (domain.startsWith("IPv6:")) {
      const e = ipv6(domain.slice(5));
      return e === undefined ? undefined : `invalid ipv6 address: ${e}`;
    }
    const e = ipv4(domain);
    return e === undefined ? undefined : `invalid ipv4 address: ${e}`;
  }
  const e = hostname(domain);
  return e === undefined ? undefined : `invalid domain: ${e}`;
}

function date(s: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m)
    return `parsing time ${JSON.stringify(s)} as "2006-01-02": cannot parse ${JSON.stringify(s)} as "2006-01-02"`;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12) return `parsing time ${JSON.stringify(s)}: month out of range`;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > days) return `parsing time ${JSON.stringify(s)}: day out of range`;
  return undefined;
}

function time(str0: string): string | undefined {
  let str = str0;
  if (str.length < 9) return "less than 9 characters long";
  if (str[2] !== ":" || str[5] !== ":") return "missing colon in correct place";
  const hms = str.slice(0, 8).split(":");
  if (hms.some((t) => !/^[+-]?\d+$/.test(t))) return "invalid hour/min/sec";
  let [h, m] = hms.map(Number);
  const sec = Number(hms[2]);
  if (hms.some((t) => Number(t) < 0)) return "non-positive hour/min/sec";
  if (h > 23 || m > 59 || sec > 60) return "hour/min/sec out of range";
  str = str.slice(8);
  if (str.startsWith(".")) {
    const digits = /^\d*/.exec(str.slice(1))?.[0].length ?? 0;
    if (digits === 0) return "no digits in second fraction";
    str = str.slice(1 + digits);
  }
  if (str !== "z" && str !== "Z") {
    if (str.length !== 6) return "offset must be 6 characters long";
    const sign = str[0] === "+" ? -1 : str[0] === "-" ? 1 : 0;
    if (sign === 0) return "offset must begin with plus/minus";
    str = str.slice(1);
    if (str[2] !== ":") return "missing colon in offset in correct place";
    const zhm = str.split(":");
    if (zhm.some((t) => !/^[+-]?\d+$/.test(t))) return "invalid hour/min in offset";
    const [zh, zm] = zhm.map(Number);
    if (zh < 0 || zm < 0) return "non-positive hour/min in offset";
    if (zh > 23 || zm > 59) return "hour/min in offset out of range";
    let hm = h * 60 + m + sign * (zh * 60 + zm);
    if (hm < 0) hm += 24 * 60;
    h = Math.floor(hm / 60);
    m = hm % 60;
  }
  if (sec >= 60 && (h !== 23 || m !== 59)) return "invalid leap second";
  return undefined;
}

function dateTime(s: string): string | undefined {
  if (s.length < 20) return "less than 20 characters long";
  if (s[10] !== "t" && s[10] !== "T") return "11th character must be t or T";
  const d = date(s.slice(0, 10));
  if (d !== undefined) return `invalid date element: ${d}`;
  const t = time(s.slice(11));
  if (t !== undefined) return `invalid time element: ${t}`;
  return undefined;
}

function uri(s: string): string | undefined {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s)) return "relative url";
  try {
    new URL(s);
    return undefined;
  } catch {
    return `parse ${JSON.stringify(s)}: invalid URI`;
  }
}

function regex(s: string): string | undefined {
  try {
    compileGoRegexp(s);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

const FORMATS: Record<string, (s: string) => string | undefined> = {
  uuid,
  ipv4,
  ipv6,
  hostname,
  email,
  date,
  time,
  "date-time": dateTime,
  uri,
  iri: uri,
  "uri-reference": (s) => (s.includes("\\") ? "contains \\" : undefined),
  "iri-reference": (s) => (s.includes("\\") ? "contains \\" : undefined),
  regex,
};

/** Why `v` is not of `format`, or `undefined` when it is (or the format is unknown, or `v` not a string). */
export function checkFormat(format: string, v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const check = FORMATS[format];
  return check ? check(v) : undefined;
}
