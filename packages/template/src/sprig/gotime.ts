/**
 * Go's `time` package as far as Sprig needs it: instants with nanoseconds and a location, `Format` and
 * `Parse`/`ParseInLocation` with Go's reference-time layouts (`2006-01-02 15:04:05.000 -0700 MST`), locations
 * (UTC, fixed offsets, IANA zones through `Intl`), and `Time.String()`.
 */
import { encodeGoString } from "../value/gostring.js";

/** A time zone: the offset east of UTC and the abbreviation in effect at an instant. */
export interface Location {
  /** Go's `Location.String()`: `UTC`, `Local`, `Europe/Paris`, or the name of a fixed zone. */
  readonly name: string;
  /** Offset (seconds east of UTC) and abbreviation at a Unix second. */
  lookup(unixSec: number): { offset: number; abbr: string };
}

/** Go's `time.UTC`. */
export const UTC: Location = { name: "UTC", lookup: () => ({ offset: 0, abbr: "UTC" }) };

/** Go's `time.FixedZone(name, offset)`; an empty name prints as the numeric offset (`+0530`). */
export function fixedZone(name: string, offset: number): Location {
  return { name, lookup: () => ({ offset, abbr: name }) };
}

/** Abbreviations Go's tzdata uses for common zones, [standard, daylight], where Intl only knows `GMT+9`. */
const ABBREVIATIONS: Record<string, [string, string?]> = {
  "America/New_York": ["EST", "EDT"],
  "America/Toronto": ["EST", "EDT"],
  "America/Detroit": ["EST", "EDT"],
  "America/Chicago": ["CST", "CDT"],
  "America/Winnipeg": ["CST", "CDT"],
  "America/Mexico_City": ["CST", "CDT"],
  "America/Denver": ["MST", "MDT"],
  "America/Edmonton": ["MST", "MDT"],
  "America/Phoenix": ["MST"],
  "America/Los_Angeles": ["PST", "PDT"],
  "America/Vancouver": ["PST", "PDT"],
  "America/Anchorage": ["AKST", "AKDT"],
  "America/Halifax": ["AST", "ADT"],
  "America/St_Johns": ["NST", "NDT"],
  "Pacific/Honolulu": ["HST"],
  "Europe/London": ["GMT", "BST"],
  "Europe/Dublin": ["GMT", "IST"],
  "Europe/Lisbon": ["WET", "WEST"],
  "Europe/Moscow": ["MSK"],
  "Europe/Istanbul": ["+03"],
  "Asia/Tokyo": ["JST"],
  "Asia/Seoul": ["KST"],
  "Asia/Shanghai": ["CST"],
  "Asia/Taipei": ["CST"],
  "Asia/Hong_Kong": ["HKT"],
  "Asia/Manila": ["PST"],
  "Asia/Kolkata": ["IST"],
  "Asia/Calcutta": ["IST"],
  "Asia/Karachi": ["PKT"],
  "Asia/Jerusalem": ["IST", "IDT"],
  "Asia/Jakarta": ["WIB"],
  "Australia/Sydney": ["AEST", "AEDT"],
  "Australia/Melbourne": ["AEST", "AEDT"],
  "Australia/Hobart": ["AEST", "AEDT"],
  "Australia/Brisbane": ["AEST"],
  "Australia/Adelaide": ["ACST", "ACDT"],
  "Australia/Darwin": ["ACST"],
  "Australia/Perth": ["AWST"],
  "Pacific/Auckland": ["NZST", "NZDT"],
  "Africa/Johannesburg": ["SAST"],
  "Africa/Cairo": ["EET", "EEST"],
  "Africa/Lagos": ["WAT"],
  "Africa/Nairobi": ["EAT"],
  GMT: ["GMT"],
  "Etc/GMT": ["GMT"],
  Greenwich: ["GMT"],
  "Etc/Greenwich": ["GMT"],
  UTC: ["UTC"],
  "Etc/UTC": ["UTC"],
  UCT: ["UTC"],
  "Etc/UCT": ["UTC"],
  Universal: ["UTC"],
  "Etc/Universal": ["UTC"],
  Zulu: ["UTC"],
  "Etc/Zulu": ["UTC"],
};
for (const z of [
  "Paris",
  "Berlin",
  "Madrid",
  "Rome",
  "Amsterdam",
  "Brussels",
  "Vienna",
  "Zurich",
  "Stockholm",
  "Oslo",
  "Copenhagen",
  "Warsaw",
  "Prague",
  "Budapest",
  "Belgrade",
  "Luxembourg",
  "Monaco",
  "Malta",
  "Zagreb",
  "Ljubljana",
  "Bratislava",
  "Andorra",
  "Tirane",
  "Sarajevo",
  "Skopje",
  "Podgorica",
  "Vaduz",
  "Gibraltar",
]) {
  ABBREVIATIONS[`Europe/${z}`] = ["CET", "CEST"];
}
for (const z of ["Athens", "Helsinki", "Kiev", "Kyiv", "Bucharest", "Sofia", "Riga", "Tallinn", "Vilnius"]) {
  ABBREVIATIONS[`Europe/${z}`] = ["EET", "EEST"];
}

/** tzdata's numeric abbreviation for zones without a name: `+04`, `+0530`, `-03`. */
function numericAbbr(offset: number): string {
  const sign = offset < 0 ? "-" : "+";
  const a = Math.abs(offset);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  return `${sign}${pad(h, 2)}${m !== 0 ? pad(m, 2) : ""}`;
}

const ianaCache = new Map<string, Location | null>();

/** An IANA zone through `Intl`, or `undefined` when the runtime does not know it. */
export function ianaZone(name: string): Location | undefined {
  const cached = ianaCache.get(name);
  if (cached !== undefined) return cached ?? undefined;
  let fmt: Intl.DateTimeFormat;
  let shortFmt: Intl.DateTimeFormat;
  try {
    const opts: Intl.DateTimeFormatOptions = {
      timeZone: name,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    };
    fmt = new Intl.DateTimeFormat("en-US", opts);
    // Zone files are looked up case-sensitively by Go; Intl folds case.
    const resolved = fmt.resolvedOptions().timeZone;
    if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) throw new RangeError(name);
    shortFmt = new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "short" });
  } catch {
    ianaCache.set(name, null);
    return undefined;
  }
  const offsetAt = (unixSec: number): number => {
    // Intl covers ±8.64e15 ms; clamp beyond that (those instants do not print through Intl anyway).
    const ms = Math.max(-8.64e15, Math.min(8.64e15, unixSec * 1000));
    const parts: Record<string, string> = {};
    for (const p of fmt.formatToParts(new Date(ms))) parts[p.type] = p.value;
    let year = Number(parts.year);
    if (parts.era === "BC" || parts.era === "B") year = 1 - year;
    const wall =
      daysFromCivil(year, Number(parts.month), Number(parts.day)) * 86400 +
      Number(parts.hour) * 3600 +
      Number(parts.minute) * 60 +
      Number(parts.second);
    return wall - Math.floor(ms / 1000);
  };
  const abbrAt = (unixSec: number, offset: number): string => {
    // Offsets off the quarter hour are local mean time, from before the zone had a standard time.
    if (offset % 900 !== 0) return "LMT";
    const known = ABBREVIATIONS[name];
    if (known) {
      if (known.length === 1) return known[0];
      const year = civilFromDays(Math.floor((unixSec + offset) / 86400)).year;
      const jan = offsetAt(daysFromCivil(year, 1, 1) * 86400);
      const jul = offsetAt(daysFromCivil(year, 7, 1) * 86400);
      return offset > Math.min(jan, jul) ? (known[1] ?? known[0]) : known[0];
    }
    const ms = Math.max(-8.64e15, Math.min(8.64e15, unixSec * 1000));
    const zone = shortFmt.formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName")?.value ?? "";
    if (/^[A-Z]{3,5}$/.test(zone) && !(zone === "GMT" && offset !== 0)) return zone;
    return numericAbbr(offset);
  };
  const loc: Location = {
    name,
    lookup(unixSec: number) {
      const offset = offsetAt(unixSec);
      return { offset, abbr: abbrAt(unixSec, offset) };
    },
  };
  ianaCache.set(name, loc);
  return loc;
}

/**
 * A location for a zone name as the options give it: `UTC`, `host` (the runtime's zone), a fixed offset such
 * as `+05:30`, or an IANA name. `undefined` when unknown.
 */
export function locationFromOption(zone: string): Location | undefined {
  if (zone === "UTC" || zone === "") return UTC;
  if (zone === "host") {
    let name: string | undefined;
    try {
      name = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
      // A runtime without Intl time zones: UTC is all we can tell.
    }
    const loc = name ? ianaZone(name) : undefined;
    return loc ? { name: "Local", lookup: loc.lookup } : UTC;
  }
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (m) {
    const off = (Number(m[2]) * 3600 + Number(m[3]) * 60) * (m[1] === "-" ? -1 : 1);
    return fixedZone("", off);
  }
  const loc = ianaZone(zone);
  return loc ? { name: "Local", lookup: loc.lookup } : undefined;
}

/** Go's `time.LoadLocation`: `""`/`UTC`, `Local`, or an IANA name; `undefined` when unknown. */
export function loadLocation(name: string, local: Location): Location | undefined {
  if (name === "" || name === "UTC") return UTC;
  if (name === "Local") return local;
  // Go rejects names that could escape the zoneinfo directory.
  if (name.includes("..") || name.startsWith("/") || name.includes("\\")) return undefined;
  return ianaZone(name);
}

/** An instant with nanoseconds and a location, and optionally a monotonic clock reading (as from time.Now). */
export interface GoTime {
  /** Seconds since the Unix epoch. */
  readonly sec: number;
  /** Nanoseconds within the second, 0–999999999. */
  readonly nsec: number;
  readonly loc: Location;
  /** Monotonic reading in nanoseconds (printed by `String()` as `m=+0.000123456`). */
  readonly mono?: bigint;
}

/** Go's zero Time: January 1, year 1, 00:00:00 UTC. */
export const ZERO_TIME: GoTime = { sec: -62135596800, nsec: 0, loc: UTC };

/** The time at a JavaScript date (millisecond precision). */
export function timeFromDate(d: Date, loc: Location, mono?: bigint): GoTime {
  const ms = d.getTime();
  const sec = Math.floor(ms / 1000);
  return { sec, nsec: (ms - sec * 1000) * 1e6, loc, mono };
}

/** Go's `time.Unix(sec, 0)` in `loc`. */
export function unixTime(sec: number, loc: Location): GoTime {
  return { sec, nsec: 0, loc };
}

/** The same instant in another location (monotonic reading dropped, as Go's `In` does). */
export function inLocation(t: GoTime, loc: Location): GoTime {
  return { sec: t.sec, nsec: t.nsec, loc };
}

/** `t.Add(d)` for a duration in nanoseconds. */
export function addDuration(t: GoTime, d: bigint): GoTime {
  const total = BigInt(t.nsec) + d;
  const carry = total >= 0n ? total / 1_000_000_000n : (total - 999_999_999n) / 1_000_000_000n;
  const nsec = Number(total - carry * 1_000_000_000n);
  return {
    sec: t.sec + Number(carry),
    nsec,
    loc: t.loc,
    mono: t.mono !== undefined ? t.mono + d : undefined,
  };
}

/** `t.Sub(u)` in nanoseconds (saturating like Go). */
export function subTimes(t: GoTime, u: GoTime): bigint {
  if (t.mono !== undefined && u.mono !== undefined) return t.mono - u.mono;
  const d = BigInt(t.sec - u.sec) * 1_000_000_000n + BigInt(t.nsec - u.nsec);
  const max = (1n << 63n) - 1n;
  return d > max ? max : d < -max - 1n ? -max - 1n : d;
}

// --- Calendar arithmetic (proleptic Gregorian, any year) ---

/** Days since 1970-01-01 of a civil date. */
export function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number (days since 1970-01-01). */
export function civilFromDays(z0: number): { year: number; month: number; day: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

function daysIn(month: number, year: number): number {
  if (month === 2 && isLeap(year)) return 29;
  return DAYS_BEFORE[month] - DAYS_BEFORE[month - 1];
}

/** The broken-down wall clock of `t` in its location. */
export interface Clock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nsec: number;
  weekday: number;
  yday: number;
  offset: number;
  abbr: string;
}

export function clockOf(t: GoTime): Clock {
  const { offset, abbr } = t.loc.lookup(t.sec);
  const local = t.sec + offset;
  const days = Math.floor(local / 86400);
  const secs = local - days * 86400;
  const { year, month, day } = civilFromDays(days);
  const yday = DAYS_BEFORE[month - 1] + day + (month > 2 && isLeap(year) ? 1 : 0);
  return {
    year,
    month,
    day,
    hour: Math.floor(secs / 3600),
    minute: Math.floor((secs % 3600) / 60),
    second: secs % 60,
    nsec: t.nsec,
    weekday: (((days + 4) % 7) + 7) % 7,
    yday,
    offset,
    abbr,
  };
}

/**
 * Go's `time.Date(year, month, day, hour, min, sec, nsec, loc)`: out-of-range fields roll over, and the wall
 * clock is interpreted in `loc`.
 */
export function makeDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  min: number,
  sec: number,
  nsec: number,
  loc: Location,
): GoTime {
  // Normalise month into the year, nanoseconds into seconds; days roll over through the day count.
  const m0 = month - 1;
  const y = year + Math.floor(m0 / 12);
  const m = ((m0 % 12) + 12) % 12;
  let s = sec + Math.floor(nsec / 1e9);
  const ns = ((nsec % 1e9) + 1e9) % 1e9;
  s += (daysFromCivil(y, m + 1, 1) + day - 1) * 86400 + hour * 3600 + min * 60;
  const first = loc.lookup(s).offset;
  let offset = first;
  if (first !== 0) {
    const again = loc.lookup(s - first).offset;
    if (again !== first) offset = again;
  }
  return { sec: s - offset, nsec: ns, loc };
}

// --- Layouts ---

const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const LONG_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const SHORT_DAYS = LONG_DAYS.map((d) => d.slice(0, 3));
const SHORT_MONTHS = LONG_MONTHS.map((m) => m.slice(0, 3));

/** Month names for `time.Month.String()`. */
export function monthName(m: number): string {
  return m >= 1 && m <= 12 ? LONG_MONTHS[m - 1] : `%!Month(${m})`;
}

/** Weekday names for `time.Weekday.String()`. */
export function weekdayName(d: number): string {
  return d >= 0 && d <= 6 ? LONG_DAYS[d] : `%!Weekday(${d})`;
}

type Std =
  | "Jan"
  | "January"
  | "1"
  | "01"
  | "Mon"
  | "Monday"
  | "2"
  | "_2"
  | "02"
  | "__2"
  | "002"
  | "15"
  | "3"
  | "03"
  | "4"
  | "04"
  | "5"
  | "05"
  | "2006"
  | "06"
  | "PM"
  | "pm"
  | "MST"
  | "Z0700"
  | "Z070000"
  | "Z07"
  | "Z07:00"
  | "Z07:00:00"
  | "-0700"
  | "-070000"
  | "-07"
  | "-07:00"
  | "-07:00:00"
  | "frac0"
  | "frac9";

interface Chunk {
  prefix: string;
  std?: Std;
  /** The layout text of the element. */
  text: string;
  /** Fractional seconds: digits and separator. */
  digits?: number;
  sep?: string;
  suffix: string;
}

const isDigitAt = (s: string, i: number) => i < s.length && s[i] >= "0" && s[i] <= "9";

/** Go's nextStdChunk: the text before the next layout element, the element, and the rest. */
function nextChunk(layout: string): Chunk {
  const cut = (i: number, len: number, std: Std): Chunk => ({
    prefix: layout.slice(0, i),
    std,
    text: layout.slice(i, i + len),
    suffix: layout.slice(i + len),
  });
  const at = (i: number, s: string) => layout.startsWith(s, i);
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i];
    switch (c) {
      case "J":
        if (at(i, "Jan")) {
          if (at(i, "January")) return cut(i, 7, "January");
          if (!/^[a-z]/.test(layout.slice(i + 3))) return cut(i, 3, "Jan");
        }
        break;
      case "M":
        if (at(i, "Mon")) {
          if (at(i, "Monday")) return cut(i, 6, "Monday");
          if (!/^[a-z]/.test(layout.slice(i + 3))) return cut(i, 3, "Mon");
        }
        if (at(i, "MST")) return cut(i, 3, "MST");
        break;
      case "0":
        if (i + 1 < layout.length && layout[i + 1] >= "1" && layout[i + 1] <= "6") {
          return cut(i, 2, `0${layout[i + 1]}` as Std);
        }
        if (at(i, "002")) return cut(i, 3, "002");
        break;
      case "1":
        if (at(i, "15")) return cut(i, 2, "15");
        return cut(i, 1, "1");
      case "2":
        if (at(i, "2006")) return cut(i, 4, "2006");
        return cut(i, 1, "2");
      case "_":
        if (at(i, "_2")) {
          if (at(i + 1, "2006")) return { ...cut(i + 1, 4, "2006"), prefix: layout.slice(0, i + 1) };
          return cut(i, 2, "_2");
        }
        if (at(i, "__2")) return cut(i, 3, "__2");
        break;
      case "3":
      case "4":
      case "5":
        return cut(i, 1, c);
      case "P":
        if (at(i, "PM")) return cut(i, 2, "PM");
        break;
      case "p":
        if (at(i, "pm")) return cut(i, 2, "pm");
        break;
      case "-":
      case "Z":
        for (const s of ["070000", "07:00:00", "0700", "07:00", "07"]) {
          if (at(i + 1, s)) return cut(i, s.length + 1, `${c}${s}` as Std);
        }
        break;
      case ".":
      case ",":
        if (i + 1 < layout.length && (layout[i + 1] === "0" || layout[i + 1] === "9")) {
          const d = layout[i + 1];
          let j = i + 1;
          while (j < layout.length && layout[j] === d) j++;
          if (!isDigitAt(layout, j)) {
            return { ...cut(i, j - i, d === "0" ? "frac0" : "frac9"), digits: j - i - 1, sep: c };
          }
        }
        break;
    }
  }
  return { prefix: layout, text: "", suffix: "" };
}

function pad(n: number, width: number): string {
  const neg = n < 0;
  const s = String(Math.abs(n)).padStart(width, "0");
  return neg ? `-${s}` : s;
}

function formatZone(offset: number, std: Std): string {
  if (std.startsWith("Z") && offset === 0) return "Z";
  let zone = Math.trunc(offset / 60);
  let abs = offset;
  let out = "+";
  if (zone < 0) {
    out = "-";
    zone = -zone;
    abs = -abs;
  }
  out += pad(Math.floor(zone / 60), 2);
  const body = std.slice(1);
  if (body.startsWith("07:")) out += ":";
  if (body !== "07") out += pad(zone % 60, 2);
  if (body === "070000" || body === "07:00:00") {
    if (body === "07:00:00") out += ":";
    out += pad(abs % 60, 2);
  }
  return out;
}

function formatFraction(nsec: number, digits: number, trim: boolean, sep: string): string {
  let s = pad(nsec, 9).slice(0, Math.min(digits, 9));
  if (trim) {
    s = s.replace(/0+$/, "");
    if (s === "") return "";
  }
  return sep + s;
}

/** Go's `t.Format(layout)`. */
export function formatTime(t: GoTime, layout0: string): string {
  const c = clockOf(t);
  let out = "";
  let layout = layout0;
  for (;;) {
    const ch = nextChunk(layout);
    out += ch.prefix;
    if (!ch.std) break;
    layout = ch.suffix;
    switch (ch.std) {
      case "06":
        out += pad(((c.year % 100) + 100) % 100, 2);
        break;
      case "2006":
        out += pad(c.year, 4);
        break;
      case "Jan":
        out += SHORT_MONTHS[c.month - 1];
        break;
      case "January":
        out += LONG_MONTHS[c.month - 1];
        break;
      case "1":
        out += String(c.month);
        break;
      case "01":
        out += pad(c.month, 2);
        break;
      case "Mon":
        out += SHORT_DAYS[c.weekday];
        break;
      case "Monday":
        out += LONG_DAYS[c.weekday];
        break;
      case "2":
        out += String(c.day);
        break;
      case "_2":
        out += c.day < 10 ? ` ${c.day}` : String(c.day);
        break;
      case "02":
        out += pad(c.day, 2);
        break;
      case "__2":
        out += String(c.yday).padStart(3, " ");
        break;
      case "002":
        out += pad(c.yday, 3);
        break;
      case "15":
        out += pad(c.hour, 2);
        break;
      case "3":
        out += String(c.hour % 12 === 0 ? 12 : c.hour % 12);
        break;
      case "03":
        out += pad(c.hour % 12 === 0 ? 12 : c.hour % 12, 2);
        break;
      case "4":
        out += String(c.minute);
        break;
      case "04":
        out += pad(c.minute, 2);
        break;
      case "5":
        out += String(c.second);
        break;
      case "05":
        out += pad(c.second, 2);
        break;
      case "PM":
        out += c.hour >= 12 ? "PM" : "AM";
        break;
      case "pm":
        out += c.hour >= 12 ? "pm" : "am";
        break;
      case "MST":
        if (c.abbr !== "") out += c.abbr;
        else {
          let zone = Math.trunc(c.offset / 60);
          out += zone < 0 ? "-" : "+";
          zone = Math.abs(zone);
          out += pad(Math.floor(zone / 60), 2) + pad(zone % 60, 2);
        }
        break;
      case "frac0":
      case "frac9":
        out += formatFraction(c.nsec, ch.digits!, ch.std === "frac9", ch.sep!);
        break;
      default:
        out += formatZone(c.offset, ch.std);
    }
  }
  return out;
}

/** Go's `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`, plus ` m=+0.000000001` when monotonic. */
export function timeString(t: GoTime): string {
  let s = formatTime(t, "2006-01-02 15:04:05.999999999 -0700 MST");
  if (t.mono !== undefined) {
    let m = t.mono;
    const sign = m < 0n ? "-" : "+";
    if (m < 0n) m = -m;
    const frac = m % 1_000_000_000n;
    const whole = m / 1_000_000_000n;
    s += ` m=${sign}${whole}.${frac.toString().padStart(9, "0")}`;
  }
  return s;
}

/** The `quote` of Go's time package (used in its error messages): non-ASCII and control bytes as `\x..`. */
export function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp >= 0x80) {
      for (const b of encodeGoString(ch)) out += `\\x${b.toString(16).padStart(2, "0")}`;
    } else out += ch === '"' || ch === "\\" ? `\\${ch}` : ch;
  }
  return `${out}"`;
}

/** A failed `time.Parse`, with Go's message. */
export class TimeParseError extends Error {}

function parseError(
  layout: string,
  value: string,
  layoutElem: string,
  valueElem: string,
  message = "",
): TimeParseError {
  if (message !== "") return new TimeParseError(`parsing time ${timeQuote(value)}${message}`);
  return new TimeParseError(
    `parsing time ${timeQuote(value)} as ${timeQuote(layout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`,
  );
}

const BAD = Symbol("bad");

/** Leading one or two digits (exactly two when `fixed`). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw BAD;
  if (!isDigitAt(s, 1)) {
    if (fixed) throw BAD;
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + Number(s[i]);
  if (i === 0 || (fixed && i !== 3)) throw BAD;
  return [n, s.slice(i)];
}

/** The time package's atoi: optional sign, decimal digits, nothing else. */
function timeAtoi(s0: string): number {
  let s = s0;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (!/^[0-9]+$/.test(s)) throw BAD;
  const n = Number(s);
  return neg ? -n : n;
}

function lookupName(table: string[], value: string): [number, string] {
  for (let i = 0; i < table.length; i++) {
    const name = table[i];
    if (value.length >= name.length && value.slice(0, name.length).toLowerCase() === name.toLowerCase()) {
      // Go folds ASCII letters only; names are ASCII, so a lower-case compare is the same test.
      return [i, value.slice(name.length)];
    }
  }
  throw BAD;
}

function cutSpace(s: string): string {
  let i = 0;
  while (i < s.length && s[i] === " ") i++;
  return s.slice(i);
}

/** Match the literal `prefix` of the layout against `value` (runs of spaces match runs of spaces). */
function skip(value0: string, prefix0: string): string {
  let value = value0;
  let prefix = prefix0;
  while (prefix.length > 0) {
    if (prefix[0] === " ") {
      if (value.length > 0 && value[0] !== " ") throw BAD;
      prefix = cutSpace(prefix);
      value = cutSpace(value);
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw BAD;
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function parseSignedOffset(value: string): number {
  const sign = value[0];
  if (sign !== "-" && sign !== "+") return 0;
  const m = /^[0-9]+/.exec(value.slice(1));
  if (!m) return 0;
  if (Number(m[0]) > 23) return 0;
  return 1 + m[0].length;
}

/** Length of a time-zone abbreviation at the start of `value` (Go's parseTimeZone), or 0. */
function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith("ChST") || value.startsWith("MeST")) return 4;
  if (value.startsWith("GMT")) return value.length === 3 ? 3 : 3 + parseSignedOffset(value.slice(3));
  if (value[0] === "+" || value[0] === "-") return parseSignedOffset(value);
  let n = 0;
  while (n < 6 && n < value.length && value[n] >= "A" && value[n] <= "Z") n++;
  if (n === 3) return 3;
  if (n === 4 && (value[3] === "T" || value.startsWith("WITA"))) return 4;
  if (n === 5 && value[4] === "T") return 5;
  return 0;
}

function parseNanoseconds(value: string, nbytes0: number): { ns: number; range?: string } {
  if (value[0] !== "." && value[0] !== ",") throw BAD;
  let nbytes = nbytes0;
  let v = value;
  if (nbytes > 10) {
    v = v.slice(0, 10);
    nbytes = 10;
  }
  let ns = timeAtoi(v.slice(1, nbytes));
  if (ns < 0) return { ns: 0, range: "fractional second" };
  for (let i = 0; i < 10 - nbytes; i++) ns *= 10;
  return { ns };
}

/**
 * Go's `time.ParseInLocation(layout, value, loc)` (`local` is what Go's `time.Local` is: a numeric zone that
 * matches it, or its abbreviation, selects it). Throws {@link TimeParseError} with Go's message.
 */
export function parseTime(layout0: string, value0: string, loc: Location, local: Location = loc): GoTime {
  let layout = layout0;
  let value = value0;
  let amSet = false;
  let pmSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let z: Location | undefined;
  let zoneOffset = -1;
  let zoneName = "";
  for (;;) {
    const ch = nextChunk(layout);
    try {
      value = skip(value, ch.prefix);
    } catch {
      throw parseError(layout0, value0, ch.prefix, value);
    }
    if (!ch.std) {
      if (value.length !== 0)
        throw parseError(layout0, value0, "", value, `: extra text: ${timeQuote(value)}`);
      break;
    }
    layout = ch.suffix;
    let range = "";
    try {
      switch (ch.std) {
        case "06": {
          if (value.length < 2) throw BAD;
          const p = value.slice(0, 2);
          value = value.slice(2);
          year = timeAtoi(p);
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case "2006": {
          if (value.length < 4 || !isDigitAt(value, 0)) throw BAD;
          const p = value.slice(0, 4);
          value = value.slice(4);
          year = timeAtoi(p);
          break;
        }
        case "Jan":
          [month, value] = lookupName(SHORT_MONTHS, value);
          month++;
          break;
        case "January":
          [month, value] = lookupName(LONG_MONTHS, value);
          month++;
          break;
        case "1":
        case "01":
          [month, value] = getnum(value, ch.std === "01");
          if (month <= 0 || month > 12) range = "month";
          break;
        case "Mon":
          [, value] = lookupName(SHORT_DAYS, value);
          break;
        case "Monday":
          [, value] = lookupName(LONG_DAYS, value);
          break;
        case "2":
        case "_2":
        case "02":
          if (ch.std === "_2" && value[0] === " ") value = value.slice(1);
          [day, value] = getnum(value, ch.std === "02");
          break;
        case "__2":
        case "002":
          for (let i = 0; i < 2; i++) if (ch.std === "__2" && value[0] === " ") value = value.slice(1);
          [yday, value] = getnum3(value, ch.std === "002");
          break;
        case "15":
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) range = "hour";
          break;
        case "3":
        case "03":
          [hour, value] = getnum(value, ch.std === "03");
          if (hour < 0 || hour > 12) range = "hour";
          break;
        case "4":
        case "04":
          [min, value] = getnum(value, ch.std === "04");
          if (min < 0 || min >= 60) range = "minute";
          break;
        case "5":
        case "05": {
          [sec, value] = getnum(value, ch.std === "05");
          if (sec < 0 || sec >= 60) {
            range = "second";
            break;
          }
          // A fractional second in the value with none in the layout is accepted.
          if (value.length >= 2 && (value[0] === "." || value[0] === ",") && isDigitAt(value, 1)) {
            const next = nextChunk(layout).std;
            if (next === "frac0" || next === "frac9") break;
            let n = 2;
            while (n < value.length && isDigitAt(value, n)) n++;
            const frac = value;
            value = value.slice(n);
            const r = parseNanoseconds(frac, n);
            nsec = r.ns;
            range = r.range ?? "";
          }
          break;
        }
        case "PM":
        case "pm": {
          if (value.length < 2) throw BAD;
          const p = value.slice(0, 2);
          value = value.slice(2);
          if (p === (ch.std === "PM" ? "PM" : "pm")) pmSet = true;
          else if (p === (ch.std === "PM" ? "AM" : "am")) amSet = true;
          else throw BAD;
          break;
        }
        case "MST": {
          if (value.startsWith("UTC")) {
            z = UTC;
            value = value.slice(3);
            break;
          }
          const n = parseTimeZone(value);
          if (n === 0) throw BAD;
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case "frac0": {
          const ndigit = 1 + ch.digits!;
          if (value.length < ndigit) throw BAD;
          const frac = value;
          value = value.slice(ndigit);
          const r = parseNanoseconds(frac, ndigit);
          nsec = r.ns;
          range = r.range ?? "";
          break;
        }
        case "frac9": {
          if (value.length < 2 || (value[0] !== "." && value[0] !== ",") || !isDigitAt(value, 1)) break;
          let i = 0;
          while (i < 9 && i + 1 < value.length && isDigitAt(value, i + 1)) i++;
          const frac = value;
          value = value.slice(1 + i);
          const r = parseNanoseconds(frac, 1 + i);
          nsec = r.ns;
          range = r.range ?? "";
          break;
        }
        default: {
          const std = ch.std;
          if ((std === "Z0700" || std === "Z07" || std === "Z07:00") && value[0] === "Z") {
            value = value.slice(1);
            z = UTC;
            break;
          }
          const body = std.slice(1);
          let sign: string;
          let hh: string;
          let mm = "00";
          let ss = "00";
          if (body === "07:00") {
            if (value.length < 6 || value[3] !== ":") throw BAD;
            [sign, hh, mm] = [value[0], value.slice(1, 3), value.slice(4, 6)];
            value = value.slice(6);
          } else if (body === "07") {
            if (value.length < 3) throw BAD;
            [sign, hh] = [value[0], value.slice(1, 3)];
            value = value.slice(3);
          } else if (body === "07:00:00") {
            if (value.length < 9 || value[3] !== ":" || value[6] !== ":") throw BAD;
            [sign, hh, mm, ss] = [value[0], value.slice(1, 3), value.slice(4, 6), value.slice(7, 9)];
            value = value.slice(9);
          } else if (body === "070000") {
            if (value.length < 7) throw BAD;
            [sign, hh, mm, ss] = [value[0], value.slice(1, 3), value.slice(3, 5), value.slice(5, 7)];
            value = value.slice(7);
          } else {
            if (value.length < 5) throw BAD;
            [sign, hh, mm] = [value[0], value.slice(1, 3), value.slice(3, 5)];
            value = value.slice(5);
          }
          const off = (getnum(hh, true)[0] * 60 + getnum(mm, true)[0]) * 60 + getnum(ss, true)[0];
          if (sign === "+") zoneOffset = off;
          else if (sign === "-") zoneOffset = -off;
          else throw BAD;
        }
      }
    } catch (err) {
      if (err !== BAD) throw err;
      // Go 1.19 reports the value as far as the failing element had consumed it.
      throw parseError(layout0, value0, ch.text, value);
    }
    if (range !== "") throw parseError(layout0, value0, ch.text, value, `: ${range} out of range`);
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    let yd = yday;
    if (isLeap(year)) {
      if (yd === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yd > 31 + 29) yd--;
    }
    if (yd < 1 || yd > 365) throw parseError(layout0, value0, "", value, ": day-of-year out of range");
    if (m === 0) {
      m = Math.floor((yd - 1) / 31) + 1;
      if (DAYS_BEFORE[m] < yd) m++;
      d = yd - DAYS_BEFORE[m - 1];
    }
    if (month >= 0 && month !== m)
      throw parseError(layout0, value0, "", value, ": day-of-year does not match month");
    month = m;
    if (day >= 0 && day !== d)
      throw parseError(layout0, value0, "", value, ": day-of-year does not match day");
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year))
    throw parseError(layout0, value0, "", value, ": day out of range");

  if (z) return makeDate(year, month, day, hour, min, sec, nsec, z);
  if (zoneOffset !== -1) {
    const t = makeDate(year, month, day, hour, min, sec, nsec, UTC);
    const utcSec = t.sec - zoneOffset;
    const here = local.lookup(utcSec);
    if (here.offset === zoneOffset && (zoneName === "" || here.abbr === zoneName))
      return { sec: utcSec, nsec, loc: local };
    return { sec: utcSec, nsec, loc: fixedZone(zoneName, zoneOffset) };
  }
  if (zoneName !== "") {
    const t = makeDate(year, month, day, hour, min, sec, nsec, UTC);
    // The local zone, when the abbreviation is one of its own around that time.
    for (const guess of [t.sec, t.sec - 86400 * 183]) {
      const here = local.lookup(guess);
      if (here.abbr === zoneName) {
        const utcSec = t.sec - here.offset;
        if (local.lookup(utcSec).abbr === zoneName) return { sec: utcSec, nsec, loc: local };
      }
    }
    let offset = 0;
    if (zoneName.length > 3 && zoneName.startsWith("GMT")) offset = Number(zoneName.slice(3)) * 3600;
    return { sec: t.sec, nsec, loc: fixedZone(zoneName, offset) };
  }
  return makeDate(year, month, day, hour, min, sec, nsec, loc);
}
