/**
 * Sprig's date functions over Go `time.Time` values (`now`, `date`, `dateInZone`, `toDate`, `dateModify`,
 * `duration`, `durationRound`, `ago`, `htmlDate`, `unixEpoch`...). The clock and what Go calls `time.Local`
 * come from the options.
 */
import { formatDurationNanos, parseDurationNanos, ValidationError } from "@gitops-kit/core";
import { defineFunc, type FuncDef, type FuncMap } from "../funcs/types.js";
import { encodeGoString } from "../value/gostring.js";
import { type GoType, namedType, SLICE_BYTE, structType, T } from "../value/types.js";
import { GoInt, GoPointer, makeInt, withType } from "../value/values.js";
import { HIDDEN_STATE } from "./defaults.js";
import {
  addDuration,
  clockOf,
  formatTime,
  type GoTime,
  inLocation,
  loadLocation,
  locationFromOption,
  makeDate,
  monthName,
  parseTime,
  subTimes,
  timeFromDate,
  timeString,
  UTC,
  unixTime,
  weekdayName,
  ZERO_TIME,
} from "./gotime.js";
import { parseGoInt } from "./strconv.js";

const SECOND = 1_000_000_000n;
const MAX_INT64 = (1n << 63n) - 1n;

/** `time.Duration`: an int64 count of nanoseconds that prints as `1h2m3s`. */
export const DURATION_TYPE: GoType = namedType({
  name: "time.Duration",
  kind: "int64",
  methods: {
    String: { params: [], result: T.string, fn: (d: GoInt) => formatDurationNanos(d.value) },
    Nanoseconds: { params: [], result: T.int64, fn: (d: GoInt) => d.value },
    Milliseconds: { params: [], result: T.int64, fn: (d: GoInt) => d.value / 1_000_000n },
    Microseconds: { params: [], result: T.int64, fn: (d: GoInt) => d.value / 1_000n },
    Seconds: {
      params: [],
      result: T.float64,
      fn: (d: GoInt) => Number(d.value / SECOND) + Number(d.value % SECOND) / 1e9,
    },
    Minutes: {
      params: [],
      result: T.float64,
      fn: (d: GoInt) => Number(d.value / 60n / SECOND) + Number(d.value % (60n * SECOND)) / 6e10,
    },
    Hours: {
      params: [],
      result: T.float64,
      fn: (d: GoInt) => Number(d.value / 3600n / SECOND) + Number(d.value % (3600n * SECOND)) / 3.6e12,
    },
  },
});

const MONTH_TYPE: GoType = namedType({
  name: "time.Month",
  kind: "int",
  methods: { String: { params: [], result: T.string, fn: (m: GoInt) => monthName(Number(m.value)) } },
});

const WEEKDAY_TYPE: GoType = namedType({
  name: "time.Weekday",
  kind: "int",
  methods: { String: { params: [], result: T.string, fn: (d: GoInt) => weekdayName(Number(d.value)) } },
});

interface TimeValue {
  [HIDDEN_STATE]: GoTime;
}

/** The `GoTime` behind a `time.Time` (or `*time.Time`) template value, if it is one. */
export function goTimeOf(v: unknown): GoTime | undefined {
  const target = v instanceof GoPointer ? v.target : v;
  if (typeof target !== "object" || target === null) return undefined;
  const state = (target as Partial<TimeValue>)[HIDDEN_STATE];
  return state && typeof state === "object" && "sec" in state && "loc" in state ? state : undefined;
}

function state(v: unknown): GoTime {
  return goTimeOf(v) ?? ZERO_TIME;
}

type Def = { -readonly [K in keyof FuncDef]: FuncDef[K] } & { params: GoType[] };

function buildTimeType(): GoType {
  const self: Def[] = [];
  const selfParams: Def[] = [];
  const int = (pick: (t: GoTime) => number, type: GoType = T.int): Def => ({
    params: [],
    result: type,
    fn: (r: unknown) => makeInt(type, pick(state(r))),
  });
  const toTime = (fn: (t: GoTime, ...args: never[]) => GoTime, params: GoType[] = []): Def => {
    const d: Def = {
      params,
      result: T.any,
      fn: (r: unknown, ...a: never[]) => timeValue(fn(state(r), ...a)),
    };
    self.push(d);
    return d;
  };
  const compare = (fn: (a: GoTime, b: GoTime) => boolean): Def => {
    const d: Def = {
      params: [T.any],
      result: T.bool,
      fn: (r: unknown, o: unknown) => fn(state(r), state(o)),
    };
    selfParams.push(d);
    return d;
  };
  const instant = (t: GoTime) => BigInt(t.sec) * SECOND + BigInt(t.nsec);
  const sub: Def = {
    params: [T.any],
    result: DURATION_TYPE,
    fn: (r: unknown, o: unknown) => makeInt(DURATION_TYPE, subTimes(state(r), state(o))),
  };
  selfParams.push(sub);
  const methods: Record<string, Def> = {
    String: { params: [], result: T.string, fn: (r: unknown) => timeString(state(r)) },
    Format: {
      params: [T.string],
      result: T.string,
      fn: (r: unknown, layout: string) => formatTime(state(r), layout),
    },
    Unix: { params: [], result: T.int64, fn: (r: unknown) => BigInt(state(r).sec) },
    UnixMilli: {
      params: [],
      result: T.int64,
      fn: (r: unknown) => BigInt.asIntN(64, instant(state(r)) / 1_000_000n),
    },
    UnixMicro: {
      params: [],
      result: T.int64,
      fn: (r: unknown) => BigInt.asIntN(64, instant(state(r)) / 1_000n),
    },
    UnixNano: { params: [], result: T.int64, fn: (r: unknown) => BigInt.asIntN(64, instant(state(r))) },
    Year: int((t) => clockOf(t).year),
    Month: int((t) => clockOf(t).month, MONTH_TYPE),
    Day: int((t) => clockOf(t).day),
    Hour: int((t) => clockOf(t).hour),
    Minute: int((t) => clockOf(t).minute),
    Second: int((t) => clockOf(t).second),
    Nanosecond: int((t) => t.nsec),
    YearDay: int((t) => clockOf(t).yday),
    Weekday: int((t) => clockOf(t).weekday, WEEKDAY_TYPE),
    IsZero: {
      params: [],
      result: T.bool,
      fn: (r: unknown) => state(r).sec === ZERO_TIME.sec && state(r).nsec === 0,
    },
    UTC: toTime((t) => inLocation(t, UTC)),
    Before: compare((a, b) => instant(a) < instant(b)),
    After: compare((a, b) => instant(a) > instant(b)),
    Equal: compare((a, b) => instant(a) === instant(b)),
    Sub: sub,
    Add: toTime((t, d: bigint) => addDuration(t, d), [DURATION_TYPE]),
    AddDate: toTime(
      (t, y: number, m: number, d: number) => {
        const c = clockOf(t);
        return makeDate(c.year + y, c.month + m, c.day + d, c.hour, c.minute, c.second, c.nsec, t.loc);
      },
      [T.int, T.int, T.int],
    ),
    MarshalJSON: {
      params: [],
      result: SLICE_BYTE,
      returnsError: true,
      fn: (r: unknown) => {
        const t = state(r);
        const year = clockOf(t).year;
        if (year < 0 || year > 9999) throw new Error("Time.MarshalJSON: year outside of range [0,9999]");
        return encodeGoString(`"${formatTime(t, "2006-01-02T15:04:05.999999999Z07:00")}"`);
      },
    },
    MarshalText: {
      params: [],
      result: SLICE_BYTE,
      returnsError: true,
      fn: (r: unknown) => encodeGoString(formatTime(state(r), "2006-01-02T15:04:05.999999999Z07:00")),
    },
  };
  const type = structType({ name: "time.Time", fields: [], methods });
  for (const d of self) d.result = type;
  for (const d of selfParams) d.params = [type];
  return type;
}

/** Go's `time.Time` type. */
export const TIME_TYPE: GoType = buildTimeType();

/** A `time.Time` template value. */
export function timeValue(t: GoTime): object {
  const o = {} as TimeValue;
  Object.defineProperty(o, HIDDEN_STATE, { value: t, enumerable: false });
  return withType(o, TIME_TYPE);
}

/** The Unix second of Sprig's integer date arguments (`int`, `int64`, `int32`), if the value is one. */
function unixSeconds(v: unknown, kinds: readonly string[]): number | undefined {
  if (v instanceof GoInt && kinds.includes(v.type.name)) return Number(v.value);
  return undefined;
}

/** Options of the date family. */
export interface DateFuncsOptions {
  now: () => Date;
  /** Go's `time.Local` for these functions (see `SprigOptions.timeZone`). */
  timeZone: string;
}

/** Go's `Duration.Round(m)`: halves away from zero, saturating. */
function roundDuration(d: bigint, m: bigint): bigint {
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (r + r < m) return d + r;
    const d1 = d - m + r;
    return d1 < d ? d1 : -MAX_INT64 - 1n;
  }
  if (r + r < m) return d - r;
  const d1 = d + m - r;
  return d1 > d ? d1 : MAX_INT64;
}

/** The date family. */
export function dateFuncs({ now, timeZone }: DateFuncsOptions): FuncMap {
  const local = locationFromOption(timeZone);
  if (!local) {
    throw new ValidationError(
      `Sprig timeZone option: unknown time zone ${JSON.stringify(timeZone)} (use "UTC", "host", "+05:30" or an IANA name)`,
    );
  }
  const created = Date.now();
  const current = (): GoTime => timeFromDate(now(), local);
  /** `time.Now()` for `now`: with the system clock it carries a monotonic reading, as Go's does. */
  const nowValue = (): GoTime => {
    const d = now();
    return timeFromDate(d, local, BigInt(Math.max(0, d.getTime() - created)) * 1_000_000n + 1n);
  };
  const timeArg = (v: unknown, kinds: readonly string[]): GoTime => {
    const t = goTimeOf(v);
    if (t) return t;
    const s = unixSeconds(v, kinds);
    return s !== undefined ? unixTime(s, local) : current();
  };
  const dateInZone = (layout: string, date: unknown, zone: string): string => {
    const t = timeArg(date, ["int64", "int", "int32"]);
    const loc = loadLocation(zone, local) ?? UTC;
    return formatTime(inLocation(t, loc), layout);
  };
  const since = (t: GoTime): bigint => subTimes(current(), t);
  const dateModify = (strict: boolean) =>
    defineFunc({
      params: [T.string, TIME_TYPE],
      result: TIME_TYPE,
      returnsError: strict,
      fn: (fmt: string, date: unknown) => {
        const t = state(date);
        let d: bigint;
        try {
          d = parseDurationNanos(fmt);
        } catch (err) {
          if (strict) throw err;
          return date;
        }
        return timeValue(addDuration(t, d));
      },
    });
  const toDate = (strict: boolean) =>
    defineFunc({
      params: [T.string, T.string],
      result: TIME_TYPE,
      returnsError: strict,
      fn: (layout, value) => {
        try {
          return timeValue(parseTime(layout, value, local, local));
        } catch (err) {
          if (strict) throw err;
          return timeValue(ZERO_TIME);
        }
      },
    });
  const dateInZoneDef = defineFunc({ params: [T.string, T.any, T.string], result: T.string, fn: dateInZone });
  const dateModifyDef = dateModify(false);
  const mustDateModifyDef = dateModify(true);
  return {
    now: defineFunc({ params: [], result: TIME_TYPE, fn: () => timeValue(nowValue()) }),
    date: defineFunc({
      params: [T.string, T.any],
      result: T.string,
      fn: (layout, date) => dateInZone(layout, date, "Local"),
    }),
    dateInZone: dateInZoneDef,
    date_in_zone: dateInZoneDef,
    dateModify: dateModifyDef,
    date_modify: dateModifyDef,
    mustDateModify: mustDateModifyDef,
    must_date_modify: mustDateModifyDef,
    htmlDate: defineFunc({
      params: [T.any],
      result: T.string,
      fn: (date) => dateInZone("2006-01-02", date, "Local"),
    }),
    htmlDateInZone: defineFunc({
      params: [T.any, T.string],
      result: T.string,
      fn: (date, zone) => dateInZone("2006-01-02", date, zone),
    }),
    toDate: toDate(false),
    mustToDate: toDate(true),
    unixEpoch: defineFunc({
      params: [TIME_TYPE],
      result: T.string,
      fn: (date: unknown) => String(state(date).sec),
    }),
    ago: defineFunc({
      params: [T.any],
      result: T.string,
      fn: (date) => formatDurationNanos(roundDuration(since(timeArg(date, ["int64", "int"])), SECOND)),
    }),
    duration: defineFunc({
      params: [T.any],
      result: T.string,
      fn: (sec) => {
        let n = 0n;
        if (typeof sec === "string") n = parseGoInt(sec, 10, 64).value;
        else if (sec instanceof GoInt && sec.type === T.int64) n = sec.value;
        return formatDurationNanos(BigInt.asIntN(64, n * SECOND));
      },
    }),
    durationRound: defineFunc({
      params: [T.any],
      result: T.string,
      fn: (v) => {
        let d = 0n;
        if (typeof v === "string") {
          try {
            d = parseDurationNanos(v);
          } catch {
            d = 0n;
          }
        } else if (v instanceof GoInt && v.type === T.int64) d = v.value;
        else if (goTimeOf(v) && !(v instanceof GoPointer)) d = since(state(v));
        let u = BigInt.asUintN(64, d);
        if (d < 0n) u = BigInt.asUintN(64, -u);
        const hour = 3600n * SECOND;
        const units: [bigint, string][] = [
          [hour * 24n * 365n, "y"],
          [hour * 24n * 30n, "mo"],
          [hour * 24n, "d"],
          [hour, "h"],
          [60n * SECOND, "m"],
          [SECOND, "s"],
        ];
        for (const [size, suffix] of units) if (u > size) return `${u / size}${suffix}`;
        return "0s";
      },
    }),
  };
}
