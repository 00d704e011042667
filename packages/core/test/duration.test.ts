import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DurationError,
  formatDuration,
  formatDurationNanos,
  parseDuration,
  parseDurationNanos,
} from "../src/index.js";
import goVectors from "./fixtures/go-durations.json" with { type: "json" };

describe("Go durations", () => {
  it("parses to milliseconds", () => {
    expect(parseDuration("1m30s")).toBe(90_000);
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("1.5h")).toBe(5_400_000);
    expect(parseDuration("-1s")).toBe(-1000);
    expect(parseDuration("0")).toBe(0);
    expect(parseDuration("500us")).toBe(0.5);
    expect(parseDuration("1µs")).toBe(0.001);
    expect(parseDuration("2h45m")).toBe(9_900_000);
  });

  it("formats milliseconds like Duration.String()", () => {
    expect(formatDuration(90_000)).toBe("1m30s");
    expect(formatDuration(5_400_000)).toBe("1h30m0s");
    expect(formatDuration(3_600_000)).toBe("1h0m0s");
    expect(formatDuration(500)).toBe("500ms");
    expect(formatDuration(1500)).toBe("1.5s");
    expect(formatDuration(-1000)).toBe("-1s");
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(0.5)).toBe("500µs");
    expect(formatDuration(0.000001)).toBe("1ns");
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
  });

  it("raises a typed error with Go's message on invalid input", () => {
    const cases: Array<[string, string]> = [
      ["x", 'time: invalid duration "x"'],
      ["", 'time: invalid duration ""'],
      ["1", 'time: missing unit in duration "1"'],
      ["1d", 'time: unknown unit "d" in duration "1d"'],
      ["1h-2m", 'time: unknown unit "h-" in duration "1h-2m"'],
      ["9223372036854775808ns", 'time: invalid duration "9223372036854775808ns"'],
    ];
    for (const [input, message] of cases) {
      try {
        parseDuration(input);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(DurationError);
        expect((err as DurationError).code).toBe("INVALID_DURATION");
        expect((err as DurationError).input).toBe(input);
        expect((err as Error).message).toBe(message);
      }
    }
  });

  it("parses exactly as Go's time.ParseDuration (recorded vectors)", () => {
    for (const c of goVectors.parse) {
      if (c.error !== undefined) {
        expect(() => parseDurationNanos(c.in), JSON.stringify(c.in)).toThrow(c.error);
      } else {
        expect(parseDurationNanos(c.in), JSON.stringify(c.in)).toBe(BigInt(c.nanos!));
      }
    }
    expect(goVectors.parse.length).toBeGreaterThan(250);
  });

  it("formats exactly as Go's Duration.String() (recorded vectors)", () => {
    for (const c of goVectors.format) expect(formatDurationNanos(BigInt(c.nanos)), c.nanos).toBe(c.out);
    expect(() => formatDurationNanos(1n << 63n)).toThrow(RangeError);
  });

  it("round-trips: format then parse gives the same nanoseconds", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), (n) => {
        expect(parseDurationNanos(formatDurationNanos(n))).toBe(n);
      }),
      { numRuns: 500 },
    );
  });
});
