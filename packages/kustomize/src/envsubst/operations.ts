import { EnvsubstError } from "./errors.js";
import { globMatch } from "./glob.js";
import {
  type Bytes,
  concatBytes,
  decodeRune,
  decodeUtf8,
  encodeRune,
  endsWithBytes,
  indexOfBytes,
  runes,
  startsWithBytes,
  utf8,
} from "./utf8.js";

/** An operator applied to a variable's value and its evaluated operands; all in bytes. */
export type Operation = (value: Bytes, args: Bytes[]) => Bytes;

const EMPTY = new Uint8Array(0);

/** Operators that supply their own value when the variable is unset, so strict mode lets them through. */
const DEFAULTING = new Set(["-", "+", "=", "?", ":-", ":+", ":=", ":?"]);

export function isDefaulting(op: string): boolean {
  return DEFAULTING.has(op);
}

/** The value, or the operands joined when the value is empty (every `=`/`-`/`?`/`+` form acts like this). */
const orDefault: Operation = (value, args) =>
  value.length === 0 && args.length > 0 ? concatBytes(args) : value;

const length: Operation = (value) => utf8(String(value.length));

// Simple (one-to-one) case mappings whose full mapping, which JavaScript applies, is several characters.
const SIMPLE_LOWER: Record<number, number> = { 304: 0x69 };
const SIMPLE_UPPER: Record<number, number> = { 8115: 0x1fbc, 8131: 0x1fcc, 8179: 0x1ffc };

/** Go's `unicode.ToUpper` / `ToLower`: a rune maps to one rune, or stays itself. */
function mapRune(cp: number, upper: boolean): number {
  const table = upper ? SIMPLE_UPPER : SIMPLE_LOWER;
  if (table[cp] !== undefined) return table[cp];
  // Greek letters with ypogegrammeni map to their title-case forms.
  if (
    upper &&
    ((cp >= 0x1f80 && cp <= 0x1f87) || (cp >= 0x1f90 && cp <= 0x1f97) || (cp >= 0x1fa0 && cp <= 0x1fa7))
  ) {
    return cp + 8;
  }
  const ch = String.fromCodePoint(cp);
  const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
  const first = mapped.codePointAt(0)!;
  return String.fromCodePoint(first).length === mapped.length ? first : cp;
}

function mapAll(value: Bytes, upper: boolean): Bytes {
  return utf8(
    runes(value)
      .map((cp) => String.fromCodePoint(mapRune(cp, upper)))
      .join(""),
  );
}

function mapFirst(value: Bytes, upper: boolean): Bytes {
  if (value.length === 0) return value;
  const [cp, width] = decodeRune(value, 0);
  return concatBytes([encodeRune(mapRune(cp, upper)), value.subarray(width)]);
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Go's `strconv.Atoi` on a 64-bit platform: an optional sign and decimal digits within int64. */
function atoi(text: Bytes): bigint | undefined {
  const s = decodeUtf8(text);
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

function panic(message: string): never {
  throw new EnvsubstError("ENVSUBST_RUNTIME", `runtime error: ${message}`);
}

/**
 * `${v:pos}` / `${v:pos:len}` over bytes, bash-like: an unparsable number leaves the value whole, a
 * negative `pos` counts from the end, a range past the end is cut short. A negative `len` is an error
 * (the reference crashes on the slice).
 */
const substring: Operation = (value, args) => {
  const size = BigInt(value.length);
  let pos = atoi(args[0]);
  if (pos === undefined) return value;
  if (pos < 0n) {
    pos += size;
    if (pos < 0n) pos = 0n;
  }
  if (args.length === 1) return pos < size ? value.subarray(Number(pos)) : EMPTY;
  const len = atoi(args[1]);
  if (len === undefined) return value;
  const end = BigInt.asIntN(64, pos + len);
  if (end >= size) return pos < size ? value.subarray(Number(pos)) : EMPTY;
  if (end < 0n) panic(`slice bounds out of range [:${end}]`);
  if (pos > end) panic(`slice bounds out of range [${pos}:${end}]`);
  return value.subarray(Number(pos), Number(end));
};

/** Go's `strings.Replace(s, old, new, n)` on bytes; an empty `old` inserts `new` around every rune. */
function replaceBytes(s: Bytes, old: Bytes, replacement: Bytes, n: number): Bytes {
  const at: number[] = [];
  if (old.length === 0) {
    // Insertion points: the start and after every rune.
    at.push(0);
    for (let i = 0; i < s.length; ) {
      i += decodeRune(s, i)[1];
      at.push(i);
    }
  } else {
    for (let i = indexOfBytes(s, old); i >= 0; i = indexOfBytes(s, old, i + old.length)) at.push(i);
  }
  const count = n < 0 ? at.length : Math.min(n, at.length);
  if (count === 0) return s;
  const parts: Bytes[] = [];
  let copied = 0;
  for (let k = 0; k < count; k++) {
    parts.push(s.subarray(copied, at[k]), replacement);
    copied = at[k] + old.length;
  }
  parts.push(s.subarray(copied));
  return concatBytes(parts);
}

const replaceFirst: Operation = (value, args) =>
  args.length === 0 ? value : replaceBytes(value, args[0], args[1] ?? EMPTY, 1);

const replaceEvery: Operation = (value, args) =>
  args.length === 0 ? value : replaceBytes(value, args[0], args[1] ?? EMPTY, -1);

const replacePrefix: Operation = (value, args) =>
  args.length === 2 && startsWithBytes(value, args[0]) ? replaceBytes(value, args[0], args[1], 1) : value;

const replaceSuffix: Operation = (value, args) =>
  args.length === 2 && endsWithBytes(value, args[0])
    ? concatBytes([value.subarray(0, value.length - args[0].length), args[1]])
    : value;

/** Remove the shortest non-empty prefix matching the glob (the value itself when the glob is malformed). */
function trimShortestPrefix(value: Bytes, glob: Bytes): Bytes {
  let shortest = 0;
  for (let end = value.length; end > 0; end--) {
    const m = globMatch(glob, value.subarray(0, end));
    if (m === "bad") return value;
    if (m) shortest = end;
  }
  return value.subarray(shortest);
}

/** Remove the longest non-empty prefix matching the glob. */
function trimLongestPrefix(value: Bytes, glob: Bytes): Bytes {
  for (let end = value.length; end > 0; end--) {
    const m = globMatch(glob, value.subarray(0, end));
    if (m === "bad") return value;
    if (m) return value.subarray(end);
  }
  return value;
}

/** Reverse by runes (invalid bytes become U+FFFD, as a Go `[]rune` conversion does). */
function reverseRunes(bytes: Bytes): Bytes {
  return utf8(
    runes(bytes)
      .reverse()
      .map((cp) => String.fromCodePoint(cp))
      .join(""),
  );
}

/** Suffix trims run the prefix trims on the rune-reversed value and rune-reversed glob. */
const onReversed =
  (trim: (value: Bytes, glob: Bytes) => Bytes): Operation =>
  (value, args) =>
    args.length === 0 ? value : reverseRunes(trim(reverseRunes(value), reverseRunes(args[0])));

const onPrefix =
  (trim: (value: Bytes, glob: Bytes) => Bytes): Operation =>
  (value, args) =>
    args.length === 0 ? value : trim(value, args[0]);

const OPERATIONS: Record<string, Operation> = {
  ",": (v) => mapFirst(v, false),
  ",,": (v) => mapAll(v, false),
  "^": (v) => mapFirst(v, true),
  "^^": (v) => mapAll(v, true),
  "#": (v, args) => (args.length === 0 ? length(v, args) : onPrefix(trimShortestPrefix)(v, args)),
  "##": onPrefix(trimLongestPrefix),
  "%": onReversed(trimShortestPrefix),
  "%%": onReversed(trimLongestPrefix),
  ":": substring,
  "/#": replacePrefix,
  "/%": replaceSuffix,
  "/": replaceFirst,
  "//": replaceEvery,
};

/** The operation for an operator as written; anything unknown (including no operator) is the default rule. */
export function operationFor(op: string): Operation {
  return Object.hasOwn(OPERATIONS, op) ? OPERATIONS[op] : orDefault;
}
