/**
 * Property tests: Sprig's parsers and string functions take arbitrary input without crashing or hanging;
 * templates only ever fail with TemplateError, and the Go-model helpers only with their own typed errors.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  base32Decode,
  base64Decode,
  CorruptInputError,
  createSprigFuncs,
  formatTime,
  parseTime,
  seededRandom,
  Template,
  TemplateError,
  TimeParseError,
  UTC,
  unmarshalGoJson,
} from "../src/index.js";
import { parseURL } from "../src/sprig/urls.js";

const funcs = createSprigFuncs({ random: seededRandom(1), now: () => new Date("2024-01-01T00:00:00Z") });

/** Render with the arguments as data; anything but a TemplateError is a bug. */
function renderSafely(text: string, data: unknown): void {
  const root = new Template("gotpl", { funcs, limits: { maxSteps: 100000 } });
  try {
    root.new("main").parse(text);
    root.executeTemplate({ name: "main", data });
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
  }
}

const STRING_FUNCS = [
  "trim",
  "upper",
  "lower",
  "title",
  "untitle",
  "nospace",
  "initials",
  "swapcase",
  "snakecase",
  "camelcase",
  "kebabcase",
  "quote",
  "squote",
  "b64enc",
  "b64dec",
  "b32enc",
  "b32dec",
  "sha1sum",
  "sha256sum",
  "sha512sum",
  "adler32sum",
  "base",
  "dir",
  "clean",
  "ext",
  "isAbs",
  "regexQuoteMeta",
  "toJson",
  "mustFromJson",
  "fromJson",
  "urlParse",
  "semver",
  "shuffle",
  "toString",
  "toStrings",
];
const STRING_INT_FUNCS = ["trunc", "abbrev", "repeat", "indent", "nindent", "wrap", "randAlpha"];
const TWO_STRING_FUNCS = [
  "trimAll",
  "trimPrefix",
  "trimSuffix",
  "contains",
  "hasPrefix",
  "splitList",
  "split",
  "regexMatch",
  "regexFind",
  "mustRegexFind",
  "semverCompare",
  "toDate",
  "mustToDate",
  "join",
  "dateModify",
];

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({
    unit: fc.constantFrom(
      "a",
      "{",
      "(",
      "[",
      "\\",
      "%",
      ":",
      "/",
      "0",
      "2006",
      "-07",
      ".",
      "\u00e9",
      "\ud800",
    ),
  }),
);

describe("Sprig functions never fail with anything but TemplateError", () => {
  it("one-string functions", () => {
    fc.assert(
      fc.property(fc.constantFrom(...STRING_FUNCS), anyText, (fn, s) => {
        renderSafely(`{{ ${fn} .s }}`, { s });
      }),
      { numRuns: 600 },
    );
  });

  it("int and string functions (sizes kept small)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STRING_INT_FUNCS),
        fc.integer({ min: -50, max: 50 }),
        anyText,
        (fn, n, s) => {
          renderSafely(`{{ ${fn} ${n} .s }}`, { s });
        },
      ),
      { numRuns: 400 },
    );
  });

  it("two-string functions", () => {
    fc.assert(
      fc.property(fc.constantFrom(...TWO_STRING_FUNCS), anyText, anyText, (fn, a, b) => {
        renderSafely(`{{ ${fn} .a .b }}`, { a, b });
      }),
      { numRuns: 600 },
    );
  });

  it("substr with any bounds", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10, max: 10 }),
        fc.integer({ min: -10, max: 10 }),
        anyText,
        (a, b, s) => {
          renderSafely(`{{ substr ${a} ${b} .s }}`, { s });
        },
      ),
    );
  });
});

describe("Go-model parsers fail only with their own errors", () => {
  it("time.Parse and Format", () => {
    fc.assert(
      fc.property(anyText, anyText, (layout, value) => {
        try {
          const t = parseTime(layout, value, UTC);
          expect(typeof formatTime(t, layout)).toBe("string");
        } catch (err) {
          if (!(err instanceof TimeParseError)) throw err;
        }
      }),
      { numRuns: 800 },
    );
  });

  it("JSON, base64, base32 and URLs", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const r = unmarshalGoJson(s);
        expect(r.error === undefined || typeof r.error === "string").toBe(true);
        const bytes = new TextEncoder().encode(s);
        for (const decode of [base64Decode, base32Decode]) {
          try {
            decode(bytes);
          } catch (err) {
            if (!(err instanceof CorruptInputError)) throw err;
          }
        }
        try {
          parseURL(s);
        } catch (err) {
          expect((err as Error).message).toMatch(/^parse "/);
        }
      }),
      { numRuns: 800 },
    );
  });
});
