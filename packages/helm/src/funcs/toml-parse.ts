/**
 * Helm's `fromToml`: BurntSushi/toml's `Unmarshal` into `map[string]interface{}`, failures reported inside
 * the result as `{"Error": "<message>"}`. Values get the Go types the decoder gives them:
 *
 * - integers → `int64`, floats → `float64`, strings, booleans;
 * - inline arrays → `[]interface{}`, arrays of tables (`[[x]]`) → `[]map[string]interface{}`, tables →
 *   `map[string]interface{}`;
 * - date-times → `time.Time`: offset date-times in UTC (`Z`, or `+00:00`) or a zone named by its offset
 *   (`-0700`), local date-times / dates / times in the decoder's `datetime-local` / `date-local` /
 *   `time-local` zones (local times on 0000-01-01). They print as Go prints a time
 *   (`1979-05-27 07:32:00 +0000 UTC`).
 *
 * The local zones take the offset of the machine Helm runs on; here it is UTC (as in Helm's container images).
 * Fractions of a second are kept to the millisecond. Parse errors read `toml: line N: <reason>`; the reason
 * is worded by the TOML reader here, not BurntSushi's.
 */
import { errorMessage } from "@gitops-kit/core";
import { goInt64, MAP_STRING_ANY, mapSet, newMap, timeValue, typedSlice } from "@gitops-kit/template";
import { parse, TomlDate, TomlError } from "smol-toml";

/** The GoTime shape the template package's `timeValue` takes. */
type GoTimeLike = Parameters<typeof timeValue>[0];

function zone(name: string, offset: number): GoTimeLike["loc"] {
  return { name, lookup: () => ({ offset, abbr: name }) };
}

const UTC_ZONE = zone("UTC", 0);
const ISO = /^(?:(\d{4})-(\d{2})-(\d{2}))?(?:T?(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Seconds since the epoch of a civil date-time read as UTC (years 0–99 included, unlike `Date.UTC`). */
function utcSeconds(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime() / 1000;
}

function timeOf(date: TomlDate): object {
  const m = ISO.exec(date.toISOString());
  if (!m) throw new Error(`unsupported TOML date-time ${date.toISOString()}`);
  const [, y, mo, d, h, mi, s, frac, off] = m;
  const nsec = frac ? Number(frac.slice(0, 9).padEnd(9, "0")) : 0;
  const year = y === undefined ? 0 : Number(y);
  const civil = utcSeconds(
    year,
    y ? Number(mo) : 1,
    y ? Number(d) : 1,
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
  );
  let loc: GoTimeLike["loc"];
  let offset = 0;
  if (off === undefined) {
    loc = zone(date.isDate() ? "date-local" : date.isTime() ? "time-local" : "datetime-local", 0);
  } else if (off === "Z") {
    loc = UTC_ZONE;
  } else {
    const sign = off[0] === "-" ? -1 : 1;
    offset = sign * (Number(off.slice(1, 3)) * 3600 + Number(off.slice(4, 6)) * 60);
    // Go's time.Parse keeps time.Local (UTC here) for a zero offset, else an unnamed fixed zone.
    loc = offset === 0 ? UTC_ZONE : zone("", offset);
  }
  return timeValue({ sec: civil - offset, nsec, loc });
}

/** `[[a.b]]` headers of the document: the tables BurntSushi decodes as `[]map[string]interface{}`. */
function arrayTablePaths(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*\[\[([^\]\n]+)\]\][ \t]*(?:#.*)?$/gm)) {
    out.add(
      m[1]
        .split(".")
        .map((k) => k.trim().replace(/^"(.*)"$|^'(.*)'$/, "$1$2"))
        .join("\u0000"),
    );
  }
  return out;
}

function toGo(v: unknown, path: string[], tables: Set<string>): unknown {
  if (typeof v === "bigint") return goInt64(v);
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof TomlDate) return timeOf(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => toGo(x, path, tables));
    return tables.has(path.join("\u0000")) ? typedSlice(MAP_STRING_ANY, items) : items;
  }
  const out = newMap();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const value = toGo(x, [...path, k], tables);
    mapSet(out, k, value);
  }
  return out;
}

/** Helm's `fromToml`: the table, or `{"Error": "<message>"}`. */
export function fromToml(text: string): Record<string, unknown> {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text, { integersAsBigInt: true }) as Record<string, unknown>;
  } catch (err) {
    const m = newMap();
    if (err instanceof TomlError) {
      const reason = err.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
      m.Error = `toml: line ${err.line}: ${reason}`;
    } else {
      m.Error = `toml: ${errorMessage(err)}`;
    }
    return m;
  }
  return toGo(doc, [], arrayTablePaths(text)) as Record<string, unknown>;
}
