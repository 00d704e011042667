/**
 * Sprig's date family with an injected clock and local zone, the time.Time values it returns, and Go's layout
 * formatting and parsing (answers for fixed inputs come from Go; see sprig-go-answers for the rest).
 */
import { ValidationError } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import {
  createSprigFuncs,
  fixedZone,
  formatTime,
  parseTime,
  Template,
  TemplateError,
  TimeParseError,
  timeString,
  UTC,
} from "../src/index.js";
import { ianaZone } from "../src/sprig/gotime.js";

const CLOCK = new Date("2024-03-05T10:20:30.123Z");

function render(text: string, options: { timeZone?: string; now?: () => Date } = {}): string {
  const funcs = createSprigFuncs({ now: options.now ?? (() => CLOCK), timeZone: options.timeZone });
  const root = new Template("gotpl", { funcs });
  root.new("main").parse(text);
  return root.executeTemplate({ name: "main", data: { n: 1700000000 } });
}

describe("injected clock", () => {
  it("now, date of a non-time value, ago and unixEpoch read the injected clock", () => {
    expect(render('{{ now | date "2006-01-02T15:04:05.000Z07:00" }}')).toBe("2024-03-05T10:20:30.123Z");
    // Sprig formats "now" for values that are not times (a float64 from data, a string).
    expect(render('{{ date "15:04" .n }}|{{ date "15:04" "x" }}')).toBe("10:20|10:20");
    expect(render("{{ now | unixEpoch }}")).toBe("1709634030");
    expect(render('{{ ago (toDate "2006-01-02" "2024-03-04") }}')).toBe("34h20m30s");
    expect(render('{{ durationRound (toDate "2006-01-02" "2024-01-01") }}')).toBe("2mo");
    const later = { now: () => new Date(CLOCK.getTime() + 1500) };
    expect(render("{{ ago (int64 1709634030) }}", later)).toBe("2s");
  });

  it("now is a time.Time with Go's methods and String() (monotonic reading included)", () => {
    expect(
      render(
        "{{ typeOf now }}|{{ kindOf now }}|{{ now.Year }}|{{ now.Month }}|{{ now.Weekday }}|{{ now.YearDay }}",
      ),
    ).toBe("time.Time|struct|2024|March|Tuesday|65");
    expect(render("{{ now }}")).toMatch(/^2024-03-05 10:20:30\.123 \+0000 UTC m=\+\d+\.\d{9}$/);
    expect(render('{{ (toDate "2006-01-02" "2024-03-05") }}')).toBe("2024-03-05 00:00:00 +0000 UTC");
    expect(
      render(
        '{{ (now.Add 3600000000000).Hour }}|{{ (now.AddDate 0 0 30).Format "Jan 2" }}|{{ now.UTC.Unix }}',
      ),
    ).toBe("11|Apr 4|1709634030");
    expect(
      render(
        '{{ (toDate "2006" "2024").Sub (toDate "2006" "2023") }}|{{ now.After (toDate "2006" "2024") }}',
      ),
    ).toBe("8760h0m0s|true");
    expect(render("{{ toJson now }}")).toBe('"2024-03-05T10:20:30.123Z"');
  });
});

describe("local zone option", () => {
  it("defaults to UTC, as the reference renders with time.Local = UTC", () => {
    expect(render(`{{ date "2006-01-02 15:04 MST" (int64 .n) }}`)).toBe("2023-11-14 22:13 UTC");
  });

  it("takes IANA names, fixed offsets and the host zone", () => {
    expect(render('{{ date "2006-01-02 15:04 MST -0700" 0 }}', { timeZone: "Europe/Paris" })).toBe(
      "1970-01-01 01:00 CET +0100",
    );
    expect(render('{{ date "15:04 MST" (int64 1690000000) }}', { timeZone: "Europe/Paris" })).toBe(
      "06:26 CEST",
    );
    expect(render('{{ date "15:04 MST Z07:00" 0 }}', { timeZone: "+05:30" })).toBe("05:30 +0530 +05:30");
    expect(render('{{ date "15:04 MST" 0 }}', { timeZone: "America/Los_Angeles" })).toBe("16:00 PST");
    expect(render('{{ now | date "2006" }}', { timeZone: "host" })).toBe("2024");
    // toDate reads wall clocks in the local zone; dateInZone's "Local" is that zone too.
    expect(
      render('{{ toDate "2006-01-02 15:04" "2024-07-01 12:00" | unixEpoch }}', { timeZone: "Europe/Paris" }),
    ).toBe("1719828000");
    expect(render('{{ dateInZone "15:04 MST" 0 "Local" }}', { timeZone: "Asia/Tokyo" })).toBe("09:00 JST");
  });

  it("unknown zones in dateInZone fall back to UTC, as Sprig does", () => {
    expect(render('{{ dateInZone "15:04 MST" 0 "Mars/Olympus" }}')).toBe("00:00 UTC");
    expect(render('{{ dateInZone "15:04 MST" 0 "asia/tokyo" }}')).toBe("00:00 UTC");
  });
});

describe("Go layouts", () => {
  const t = parseTime("2006-01-02T15:04:05.999999999Z07:00", "2024-02-29T23:04:05.012345678+05:30", UTC);

  it("formats every layout element", () => {
    expect(formatTime(t, "Mon Monday Jan January 1 01 2 02 _2 __2 002 06 2006 15 3 03 4 04 5 05 PM pm")).toBe(
      "Thu Thursday Feb February 2 02 29 29 29  60 060 24 2024 23 11 11 4 04 5 05 PM pm",
    );
    expect(formatTime(t, ".0 .000 .999 ,999999999 .9")).toBe(".0 .012 .012 ,012345678 ");
    expect(formatTime(t, "MST Z07:00 -0700 -07 Z0700 -07:00:00")).toBe(
      "+0530 +05:30 +0530 +05 +0530 +05:30:00",
    );
    expect(timeString(t)).toBe("2024-02-29 23:04:05.012345678 +0530 +0530");
    expect(formatTime({ sec: 0, nsec: 0, loc: fixedZone("ABC", -3600) }, "15 MST Z07")).toBe("23 ABC -01");
  });

  it("parses with Go's errors", () => {
    const err = (layout: string, value: string) => {
      try {
        parseTime(layout, value, UTC);
      } catch (e) {
        expect(e).toBeInstanceOf(TimeParseError);
        return (e as Error).message;
      }
      return "no error";
    };
    expect(err("2006-01-02", "2024-1-02")).toBe(
      'parsing time "2024-1-02" as "2006-01-02": cannot parse "1-02" as "01"',
    );
    expect(err("2006-01-02", "2024-02-30")).toBe('parsing time "2024-02-30": day out of range');
    expect(err("15:04", "25:00")).toBe('parsing time "25:00": hour out of range');
    expect(err("2006", "2024x")).toBe('parsing time "2024x": extra text: "x"');
    expect(err("Jan 2", "Foo 2")).toBe('parsing time "Foo 2" as "Jan 2": cannot parse "Foo 2" as "Jan"');
  });

  it("keeps a numeric zone as a fixed zone unless it is the local zone's offset", () => {
    const paris = ianaZone("Europe/Paris")!;
    const summer = parseTime("2006-01-02 15:04 -0700", "2024-07-01 12:00 +0200", paris, paris);
    expect(summer.loc).toBe(paris);
    expect(formatTime(summer, "15:04 MST")).toBe("12:00 CEST");
    const other = parseTime("2006-01-02 15:04 -0700", "2024-07-01 12:00 +0300", paris, paris);
    expect(formatTime(other, "15:04 MST -0700")).toBe("12:00 +0300 +0300");
  });

  it("mustToDate surfaces the parse error; toDate gives the zero time", () => {
    expect(render('{{ toDate "2006-01-02" "nope" }}')).toBe("0001-01-01 00:00:00 +0000 UTC");
    let message = "";
    try {
      render('{{ mustToDate "2006-01-02" "nope" }}');
    } catch (e) {
      if (e instanceof TemplateError) message = e.message;
    }
    expect(message).toContain(
      'error calling mustToDate: parsing time "nope" as "2006-01-02": cannot parse "nope" as "2006"',
    );
  });
});

describe("options", () => {
  it("an unknown time zone is a ValidationError when the functions are built", () => {
    expect(() => createSprigFuncs({ timeZone: "Mars/Olympus" })).toThrow(ValidationError);
    expect(() => createSprigFuncs({ timeZone: "Mars/Olympus" })).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});
