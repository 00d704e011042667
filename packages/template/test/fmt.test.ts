import { describe, expect, it } from "vitest";
import {
  encodeGoString,
  formatFloat,
  formatValue,
  GoComplex,
  goInt,
  goInt64,
  makeInt,
  renderTemplate,
  sprint,
  sprintf,
  sprintln,
  T,
  typedSlice,
} from "../src/index.js";

const DATA = JSON.parse(
  '{"str": "hello", "num": 42, "float": 3.14159, "neg": -7.5, "list": [1, "a", null, 2.5], "map": {"b": 2, "a": "x", "c": null}, "nested": {"a": [1, {"b": true}]}, "nil": null, "uni": "h\\u00e9llo \\u65e5\\u672c\\t\\u2028", "bytes": "a\\u00ff"}',
);

/** [template, Go 1.19 output] pairs: printf verbs, flags and values, answered by the Go oracle. */
const ORACLE: [string, string][] = [
  ['{{ printf "%-8.3e|" "" }}', "%!e(string=        )|"],
  ['{{ printf "%05d" 1.5 }}', "%!d(float64=001.5)"],
  ['{{ printf "%#e" "`x`" }}', "%!e(string=`x`)"],
  ['{{ printf "%.1s" 255 }}', "%!s(int=255)"],
  ['{{ printf "%#x" -9223372036854775808 }}', "-0x8000000000000000"],
  ['{{ printf "%# x" .map }}', "map[0x61:0x78 0x62: 0x1.0000p+01 0x63:<nil>]"],
  ["{{ printf \"%x\" 'x' }}", "78"],
  ['{{ printf "%#U" "a\\tb" }}', "%!U(string=a\tb)"],
  ['{{ printf "%b" .uni }}', "%!b(string=héllo 日本\t )"],
  ['{{ printf "%5v" 9223372036854775807 }}', "9223372036854775807"],
  ['{{ printf "%#x" .neg }}', "-0x1.e000p+02"],
  ['{{ printf "%F" 123456.789 }}', "123456.789000"],
  ['{{ printf "%.3x" -7 }}', "-007"],
  ['{{ printf "%.2f" 0x1F }}', "%!f(int=31)"],
  ['{{ printf "%.10g" true }}', "%!g(bool=true)"],
  ['{{ printf "%g" -9223372036854775808 }}', "%!g(int=-9223372036854775808)"],
  ['{{ printf "%E" 1e6 }}', "1.000000E+06"],
  ['{{ printf "%+.1e" 0x1F }}', "%!e(int=+31)"],
  ['{{ printf "%.0f" .nested }}', "map[%!f(string=):[1 map[%!f(string=):%!f(bool=true)]]]"],
  ['{{ printf "%O" true }}', "%!O(bool=true)"],
  ['{{ printf "%#x" 9223372036854775807 }}', "0x7fffffffffffffff"],
  ['{{ printf "%.10g" .nil }}', "%!g(<nil>)"],
  ['{{ printf "%5v" 0.0 }}', "    0"],
  ['{{ printf "%#g" 123456.789 }}', "123456.789"],
  ['{{ printf "%.3x" (len .list) }}', "004"],
  ['{{ printf "%+.3g" (len .list) }}', "%!g(int=+004)"],
  ['{{ printf "%#q" 9223372036854775807 }}', "'�'"],
  ['{{ printf "%-08d|" .missing }}', "%!d(<nil>)|"],
  ['{{ printf "%-5v|" .uni }}', "héllo 日本\t |"],
  ['{{ printf "%d" "\\u2028" }}', "%!d(string= )"],
  ['{{ printf "%-08d|" 255 }}', "255     |"],
  ['{{ printf "%-08d|" 123456.789 }}', "%!d(float64=123456.789)|"],
  ['{{ printf "%.2f" 255 }}', "%!f(int=255)"],
  ['{{ printf "%e" .nil }}', "%!e(<nil>)"],
  ['{{ printf "%s" -0.0 }}', "%!s(float64=-0)"],
  ['{{ printf "%#.0f" 6.02214076e23 }}', "602214075999999987023872."],
  ['{{ printf "%#g" -0.0 }}', "-0.00000"],
  ['{{ printf "%v" .nested }}', "map[a:[1 map[b:true]]]"],
  ["{{ printf \"%#g\" '日' }}", "%!g(int=26085)"],
  ['{{ printf "%g" .missing }}', "%!g(<nil>)"],
  ['{{ printf "%5v" 0x1p-2 }}', " 0.25"],
  ['{{ printf "%#x" .nil }}', "%!x(<nil>)"],
  ['{{ printf "%+q" 0.125 }}', "%!q(float64=+0.125)"],
  ["{{ printf \"%.0e\" 'x' }}", "%!e(int=120)"],
  ['{{ printf "%q" .uni }}', '"héllo 日本\\t\\u2028"'],
  ['{{ printf "%G" .missing }}', "%!G(<nil>)"],
  ['{{ printf "%E" 1e21 }}', "1.000000E+21"],
  ['{{ printf "%E" "\\x00" }}', "%!E(string=\u0000)"],
  ["{{ printf \"%5v\" 'x' }}", "  120"],
  [
    '{{ printf "%8.3f|" .nested }}',
    "map[%!f(string=       a):[   1.000 map[%!f(string=       b):%!f(bool=    true)]]]|",
  ],
  ['{{ printf "%-08d|" 9223372036854775807 }}', "9223372036854775807|"],
  ['{{ printf "%.0f" .nil }}', "%!f(<nil>)"],
  ['{{ printf "%.2f" 9223372036854775807 }}', "%!f(int=9223372036854775807)"],
  ['{{ printf "%#e" 1i }}', "(0.000000e+00+1.000000e+00i)"],
  ['{{ printf "%% x" 1e-7 }}', "% x%!(EXTRA float64=1e-07)"],
  ['{{ printf "%.1s" .float }}', "%!s(float64=3)"],
  ['{{ printf "%G" .map }}', "map[%!G(string=a):%!G(string=x) %!G(string=b):2 %!G(string=c):<nil>]"],
  ['{{ printf "%05d" true }}', "%!d(bool=0true)"],
  ['{{ printf "%.0e" 0x1p-2 }}', "2e-01"],
  ['{{ printf "%G" .str }}', "%!G(string=hello)"],
  ['{{ printf "%U" nil }}', "%!U(<nil>)"],
  ['{{ printf "%05d" "a\\tb" }}', "%!d(string=00a\tb)"],
  ['{{ printf "%#U" -1.0e-300 }}', "%!U(float64=-1.00000e-300)"],
  ['{{ printf "%.3x" 1e6 }}', "0x1.e84p+19"],
  ['{{ printf "%# x" 0.125 }}', " 0x1.0000p-03"],
  ['{{ printf "%#o" 1e6 }}', "%!o(float64=1.00000e+06)"],
  ['{{ printf "%b" 0x1F }}', "11111"],
  ['{{ printf "%-8.3e|" .missing }}', "%!e(<nil>)|"],
  ['{{ printf "%-08d|" -1.0e-300 }}', "%!d(float64=-1e-300 )|"],
  ['{{ printf "%.3x" .list }}', "[0x1.000p+00 61 <nil> 0x1.400p+01]"],
  ['{{ printf "%8.3f|" .float }}', "   3.142|"],
  ['{{ printf "%#v" "日本" }}', '"日本"'],
  ['{{ printf "%#v" nil }}', "<nil>"],
  ['{{ printf "%.3x" 6.02214076e23 }}', "0x1.fe2p+78"],
  ['{{ printf "%O" 1i }}', "%!O(complex128=(0+1i))"],
  ['{{ printf "%8.3f|" -9223372036854775808 }}', "%!f(int=-9223372036854775808)|"],
  ["{{ printf \"%#e\" '日' }}", "%!e(int=26085)"],
  ['{{ printf "%.0e" .neg }}', "-8e+00"],
  ['{{ printf "%#o" 2.5 }}', "%!o(float64=2.50000)"],
  ['{{ printf "%#e" "héllo" }}', "%!e(string=héllo)"],
  ['{{ printf "%.2f" 1.5 }}', "1.50"],
  ['{{ printf "%d" .float }}', "%!d(float64=3.14159)"],
  ['{{ printf "%#.0f" -7 }}', "%!f(int=-7)"],
  ['{{ printf "%+.1e" -9223372036854775808 }}', "%!e(int=-9223372036854775808)"],
  ['{{ printf "%G" .nil }}', "%!G(<nil>)"],
  ['{{ printf "% d" .missing }}', "%!d(<nil>)"],
  ['{{ printf "%.0f" 0x1p-2 }}', "0"],
  ['{{ printf "%.0f" "héllo" }}', "%!f(string=)"],
  ['{{ printf "%-8.3e|" "日本" }}', "%!e(string=日本      )|"],
  ['{{ printf "%d" (index .str 1) }}', "101"],
  ['{{ printf "%10q|" .float }}', "%!q(float64=   3.14159)|"],
  ['{{ printf "%#b" .missing }}', "%!b(<nil>)"],
  ['{{ printf "%#.3g" nil }}', "%!g(<nil>)"],
  [
    '{{ printf "%b" -9223372036854775808 }}',
    "-1000000000000000000000000000000000000000000000000000000000000000",
  ],
  ["{{ printf \"%s\" 'x' }}", "%!s(int=120)"],
  ['{{ printf "% d" 0.000012345 }}', "%!d(float64= 1.2345e-05)"],
  ['{{ printf "%#e" .str }}', "%!e(string=hello)"],
  ['{{ printf "%#g" 9223372036854775807 }}', "%!g(int=9223372036854775807)"],
  ['{{ printf "%#.3g" 9223372036854775807 }}', "%!g(int=9223372036854775807)"],
  ['{{ printf "%#x" 0x1p-2 }}', "0x1.0000p-02"],
  ['{{ printf "%.3x" .missing }}', "%!x(<nil>)"],
  ['{{ printf "%.0f" false }}', "%!f(bool=false)"],
  ['{{ printf "%+.3g" 6.02214076e23 }}', "+6.02e+23"],
  ['{{ printf "%f" "`x`" }}', "%!f(string=`x`)"],
  ['{{ printf "%G" "日本" }}', "%!G(string=日本)"],
  ['{{ printf "%+q" 42 }}', "'*'"],
  ['{{ printf "%+v" .str }}', "hello"],
  ['{{ printf "%#e" "日本" }}', "%!e(string=日本)"],
  ['{{ printf "%08.3f" 2.5 }}', "0002.500"],
  ['{{ printf "%t" 1i }}', "%!t(complex128=(0+1i))"],
  ["{{ printf \"%+.1e\" '日' }}", "%!e(int=+26085)"],
  ['{{ printf "%+d" .float }}', "%!d(float64=+3.14159)"],
  ['{{ printf "% d" 9223372036854775807 }}', " 9223372036854775807"],
  ['{{ printf "%8.3f|" 123456.789 }}', "123456.789|"],
  ['{{ printf "%.0f" 6.02214076e23 }}', "602214075999999987023872"],
  ['{{ printf "%.0f" 0.0 }}', "0"],
  ['{{ printf "%x " 1e6 }}', "0x1.e848p+19 "],
  ['{{ printf "%o" "\\u2028" }}', "%!o(string= )"],
  ['{{ printf "%.1s" "`x`" }}', "`"],
  ['{{ printf "%q" 0x1F }}', "'\\x1f'"],
  ['{{ printf "%% x" 2.5 }}', "% x%!(EXTRA float64=2.5)"],
  ['{{ printf "%T" nil }}', "<nil>"],
  ['{{ printf "% d" "\\u2028" }}', "%!d(string= )"],
  [
    '{{ printf "%10q|" .nested }}',
    'map[       "a":[%!q(float64=         1) map[       "b":%!q(bool=      true)]]]|',
  ],
  ['{{ printf "%d" 6.02214076e23 }}', "%!d(float64=6.02214076e+23)"],
  ['{{ printf "%U" -0.0 }}', "%!U(float64=-0)"],
  ['{{ printf "%.1s" true }}', "%!s(bool=true)"],
  [
    '{{ printf "%#U" .nested }}',
    "map[%!U(string=a):[%!U(float64=1.00000) map[%!U(string=b):%!U(bool=true)]]]",
  ],
  ['{{ printf "%q" 6.02214076e23 }}', "%!q(float64=6.02214076e+23)"],
  ['{{ printf "%b" "a\\tb" }}', "%!b(string=a\tb)"],
  ['{{ printf "%#v|" "\\x00" }}', '"\\x00"|'],
  ['{{ printf "%#o" 3.0 }}', "%!o(float64=3.00000)"],
  ['{{ printf "%+d" 1.5 }}', "%!d(float64=+1.5)"],
  ['{{ printf "%F" 0x1F }}', "%!F(int=31)"],
  ['{{ printf "%c" 0.125 }}', "%!c(float64=0.125)"],
  ['{{ printf "% d" 1.5 }}', "%!d(float64= 1.5)"],
  ['{{ printf "%#.3g" 3.0 }}', "3.00"],
  ['{{ printf "%#q" 3.0 }}', "%!q(float64=3.00000)"],
  ['{{ printf "%.20f" 0 }}', "%!f(int=00000000000000000000)"],
  ['{{ printf "%x " .num }}', "0x1.5p+05 "],
  ['{{ printf "%#q" .uni }}', "`héllo 日本\t `"],
  ['{{ printf "%.0e" 0.125 }}', "1e-01"],
  ['{{ printf "%#g" 100000.0 }}', "100000."],
  ['{{ printf "%U" 6.02214076e23 }}', "%!U(float64=6.02214076e+23)"],
  ['{{ printf "%g" 0 }}', "%!g(int=0)"],
  ['{{ printf "%#v" 1.5 }}', "1.5"],
  [
    '{{ printf "%8.3f|" .map }}',
    "map[%!f(string=       a):%!f(string=       x) %!f(string=       b):   2.000 %!f(string=       c):<nil>]|",
  ],
  ['{{ printf "%v" "\\x00" }}', "\u0000"],
  ['{{ printf "%E" 1i }}', "(0.000000E+00+1.000000E+00i)"],
  ['{{ printf "%#e" .nil }}', "%!e(<nil>)"],
  ['{{ printf "%o" "" }}', "%!o(string=)"],
  ['{{ printf "%.2f" 0.0 }}', "0.00"],
  ['{{ printf "%s" .list }}', "[%!s(float64=1) a <nil> %!s(float64=2.5)]"],
  ['{{ printf "%.3x" 1i }}', "(0x0.000p+00+0x1.000p+00i)"],
  ['{{ printf "%s" 9223372036854775807 }}', "%!s(int=9223372036854775807)"],
  ['{{ printf "%# x" nil }}', "%!x(<nil>)"],
  ['{{ printf "%.0f %.0f %.0f %.1f %.2e %.0e" 0.5 1.5 2.5 0.25 1.125 2.5 }}', "0 2 2 0.2 1.12e+00 2e+00"],
  ['{{ printf "%d %s" 1 }}', "1 %!s(MISSING)"],
  ['{{ printf "%[2]d %[1]d" 1 2 }}', "2 1"],
  ['{{ printf "%[3]d" 1 2 }}', "%!d(BADINDEX)"],
  ['{{ printf "%*d|%-*d|" 4 1 4 2 }}', "   1|2   |"],
  ['{{ printf "%*d" 1.5 3 }}', "%!(BADWIDTH)3"],
  ['{{ printf "%.*f" -1 3.0 }}', "%!(BADPREC)3.000000"],
  ['{{ printf "%" }}', "%!(NOVERB)"],
  ['{{ printf "%!" }}', "%!!(MISSING)"],
  ['{{ printf "%z" 1 }}', "%!z(int=1)"],
  ['{{ printf "%d" 1 2 nil "s" }}', "1%!(EXTRA int=2, <nil>, string=s)"],
  ['{{ printf "%v %v %v %v" 1e20 1e21 123456789.0 0.000001 }}', "1e+20 1e+21 1.23456789e+08 1e-06"],
  ['{{ printf "%g %G %e %E" 1e-5 1e-5 1e100 1e-100 }}', "1e-05 1E-05 1.000000e+100 1.000000E-100"],
  ['{{ printf "%x %X %o %O %b" -255 255 8 8 5 }}', "-ff FF 10 0o10 101"],
  ['{{ printf "%#x %#o %#b %#X" 255 8 5 255 }}', "0xff 010 0b101 0XFF"],
  ['{{ printf "%08.3f|%-8.3f|%+.2f|% .2f" -3.14159 3.14159 1.0 1.0 }}', "-003.142|3.142   |+1.00| 1.00"],
  ['{{ printf "%q %+q %#q %q" "héllo\\n" "héllo" "a`b" "\\x00" }}', '"héllo\\n" "h\\u00e9llo" "a`b" "\\x00"'],
  ['{{ printf "%c %c %U %#U %q" 65 26085 26085 26085 26085 }}', "A 日 U+65E5 U+65E5 '日' '日'"],
  ['{{ printf "%5t|%-7t|" true false }}', " true|false  |"],
  ['{{ printf "%x % x %# x %X" "hi" "hi" "hi" "hi" }}', "6869 68 69 0x68 0x69 6869"],
  ['{{ printf "%6.2s|%-6.2s|" "héllo" "héllo" }}', "    hé|hé    |"],
  ['{{ printf "%v" (index .str 0) }}', "104"],
];

describe("printf matches Go's fmt", () => {
  it.each(ORACLE)("%s", (text, want) => {
    expect(renderTemplate({ text, data: DATA })).toBe(want);
  });
});

describe("fmt API", () => {
  it("Sprint spaces operands when neither is a string", () => {
    expect(sprint(goInt(1), goInt(2), "a", goInt(3), null, 1.5)).toBe("1 2a3 <nil> 1.5");
    expect(sprintln("a", goInt(1))).toBe("a 1\n");
  });
  it("formats every verb for typed integers", () => {
    expect(
      sprintf(
        "%d %x %o %b %c %q %U %v",
        goInt(65),
        goInt(255),
        goInt(8),
        goInt(5),
        goInt(65),
        goInt(65),
        goInt(65),
        makeInt(T.uint8, 300),
      ),
    ).toBe("65 ff 10 101 A 'A' U+0041 44");
    expect(sprintf("%#v %T", makeInt(T.uint16, 7), goInt64(1))).toBe("0x7 int64");
  });
  it("reports argument errors like Go", () => {
    expect(sprintf("%d %s", goInt(1))).toBe("1 %!s(MISSING)");
    expect(sprintf("%d", goInt(1), "x", null)).toBe("1%!(EXTRA string=x, <nil>)");
    expect(sprintf("%[5]d", goInt(1))).toBe("%!d(BADINDEX)");
    expect(sprintf("%*d", "x", goInt(1))).toBe("%!(BADWIDTH)1");
    expect(sprintf("%d", "x")).toBe("%!d(string=x)");
    expect(sprintf("%!")).toBe("%!!(MISSING)");
    expect(sprintf("%")).toBe("%!(NOVERB)");
  });
  it("prints complex numbers and typed slices", () => {
    expect(formatValue(new GoComplex(T.complex128, 1.5, -2))).toBe("(1.5-2i)");
    expect(
      sprintf(
        "%v %q %#v",
        typedSlice(T.string, ["a", "b"]),
        typedSlice(T.string, ["a"]),
        typedSlice(T.string, []),
      ),
    ).toBe('[a b] ["a"] []string{}');
    expect(
      sprintf("%s %x %v", new Uint8Array([104, 105]), new Uint8Array([104, 105]), new Uint8Array([1, 2])),
    ).toBe("hi 6869 [1 2]");
  });
});

describe("invalid UTF-8", () => {
  it("keeps raw bytes through printf (oracle: %q and %x of \\xff, bytes of %s)", () => {
    expect(renderTemplate({ text: '{{ printf "%q %x" "a\\xffb" "\\xff" }}' })).toBe('"a\\xffb" ff');
    const out = renderTemplate({ text: '{{ printf "%s" "\\xff" }}' });
    expect(Array.from(encodeGoString(out))).toEqual([0xff]);
  });
});

describe("strconv.FormatFloat", () => {
  const cases: [number, string, number, string][] = [
    [1e6, "g", -1, "1e+06"],
    [123456, "g", -1, "123456"],
    [0.1 + 0.2, "g", -1, "0.30000000000000004"],
    [2.5, "f", 0, "2"],
    [3.5, "f", 0, "4"],
    [1.005, "f", 2, "1.00"],
    [0.125, "e", 1, "1.2e-01"],
    [1e21, "f", -1, "1000000000000000000000"],
    [5e-324, "g", -1, "5e-324"],
    [1.7976931348623157e308, "e", 3, "1.798e+308"],
    [-0, "g", -1, "-0"],
    [Number.NaN, "g", -1, "NaN"],
    [Number.NEGATIVE_INFINITY, "f", 2, "-Inf"],
    [3, "x", -1, "0x1.8p+01"],
    [1, "b", -1, "4503599627370496p-52"],
    [100, "g", 2, "1e+02"],
    [0.00001234, "g", 3, "1.23e-05"],
  ];
  it.each(cases)("%d %s %d -> %s", (x, fmt, prec, want) => {
    expect(formatFloat(x, fmt, prec, 64)).toBe(want);
  });
  it("formats float32 with its own shortest digits", () => {
    expect(formatFloat(Math.fround(0.1), "g", -1, 32)).toBe("0.1");
    expect(formatFloat(Math.fround(0.1), "g", -1, 64)).toBe("0.10000000149011612");
  });
});
