/**
 * Go's fmt package over the engine's value model: {@link sprint}, {@link sprintln}, {@link sprintf} with Go's
 * verbs, flags, width/precision (including `*` and `[n]` argument indexes) and error forms (`%!d(string=x)`,
 * `%!s(MISSING)`, `%!(EXTRA int=2)`, `%!(BADWIDTH)`...). Values with a `String` or `Error` method (see
 * `GoType.methods`) print through it, as fmt.Stringer / error do in Go.
 */
import { byteLength, compareGoStrings, encodeGoString, runeCount } from "../value/gostring.js";
import type { GoType } from "../value/types.js";
import { T } from "../value/types.js";
import {
  GoComplex,
  GoFloat,
  GoFunc,
  GoInt,
  GoMap,
  GoNil,
  GoPointer,
  goTypeName,
  isPlainObject,
  typeOf,
} from "../value/values.js";
import { formatFloat, formatFloatShortest } from "./floatfmt.js";
import { sortedMapEntries } from "./mapsort.js";
import { canBackquote, isPrint, quote, quoteRune, quoteToASCII } from "./quote.js";

export { compareGoStrings };

const MAX_DEPTH = 2000;

/** Thrown when a value is nested too deeply to print (e.g. a map that contains itself). */
export class FormatDepthError extends Error {
  constructor() {
    super(`fmt: value nested more than ${MAX_DEPTH} levels deep`);
  }
}

interface Flags {
  widPresent: boolean;
  precPresent: boolean;
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  prec: number;
}

function clearFlags(f: Flags): void {
  f.widPresent = false;
  f.precPresent = false;
  f.minus = false;
  f.plus = false;
  f.sharp = false;
  f.space = false;
  f.zero = false;
  f.plusV = false;
  f.sharpV = false;
  f.wid = 0;
  f.prec = 0;
}

const LDIGITS = "0123456789abcdefx";
const UDIGITS = "0123456789ABCDEFX";
const U64 = (1n << 64n) - 1n;

function sortedKeys(m: object): string[] {
  return Object.keys(m).sort(compareGoStrings);
}

function stringMethod(v: unknown, name: "String" | "Error"): ((recv: unknown) => unknown) | undefined {
  const t = typeOf(v);
  const m = t?.methods?.get(name);
  if (m?.params.length !== 0 || m.result !== T.string) return undefined;
  return m.fn as (recv: unknown) => unknown;
}

class Printer {
  buf = "";
  f: Flags = {
    widPresent: false,
    precPresent: false,
    minus: false,
    plus: false,
    sharp: false,
    space: false,
    zero: false,
    plusV: false,
    sharpV: false,
    wid: 0,
    prec: 0,
  };
  erroring = false;
  reordered = false;
  goodArgNum = true;
  panicking = false;

  writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.f.zero ? "0" : " ").repeat(n);
  }

  pad(s: string): void {
    const f = this.f;
    if (!f.widPresent || f.wid === 0) {
      this.buf += s;
      return;
    }
    const width = f.wid - runeCount(s);
    if (!f.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  fmtBoolean(v: boolean): void {
    this.pad(v ? "true" : "false");
  }

  fmtUnicode(u: bigint): void {
    const f = this.f;
    let prec = 4;
    if (f.precPresent && f.prec > 4) prec = f.prec;
    let hex = u.toString(16).toUpperCase();
    if (hex.length < prec) hex = "0".repeat(prec - hex.length) + hex;
    let s = `U+${hex}`;
    if (f.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += ` '${String.fromCodePoint(Number(u))}'`;
    const oldZero = f.zero;
    f.zero = false;
    this.pad(s);
    f.zero = oldZero;
  }

  /** `u` is the 64-bit two's complement pattern; `signed` says how to read it. */
  fmtInteger(u0: bigint, base: number, signed: boolean, verb: string, digits: string): void {
    const f = this.f;
    let u = u0 & U64;
    const negative = signed && BigInt.asIntN(64, u) < 0n;
    if (negative) u = -BigInt.asIntN(64, u);
    let prec = 0;
    if (f.precPresent) {
      prec = f.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = f.zero;
        f.zero = false;
        this.writePadding(f.wid);
        f.zero = oldZero;
        return;
      }
    } else if (f.zero && f.widPresent) {
      prec = f.wid;
      if (negative || f.plus || f.space) prec--;
    }
    let s = u.toString(base);
    if (digits === UDIGITS) s = s.toUpperCase();
    if (s.length < prec) s = "0".repeat(prec - s.length) + s;
    if (f.sharp) {
      if (base === 2) s = `0b${s}`;
      else if (base === 8) {
        if (s[0] !== "0") s = `0${s}`;
      } else if (base === 16) s = `0${digits[16]}${s}`;
    }
    if (verb === "O") s = `0o${s}`;
    if (negative) s = `-${s}`;
    else if (f.plus) s = `+${s}`;
    else if (f.space) s = ` ${s}`;
    const oldZero = f.zero;
    f.zero = false;
    this.pad(s);
    f.zero = oldZero;
  }

  truncateString(s: string): string {
    const f = this.f;
    if (f.precPresent) {
      let n = f.prec;
      for (let i = 0; i < s.length; i++) {
        n--;
        if (n < 0) return s.slice(0, i);
        const c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
          const c2 = s.charCodeAt(i + 1);
          if (c2 >= 0xdc00 && c2 <= 0xdfff) i++;
        }
      }
    }
    return s;
  }

  fmtS(s: string): void {
    this.pad(this.truncateString(s));
  }

  fmtSbx(bytes: Uint8Array, digits: string): void {
    const f = this.f;
    let length = bytes.length;
    if (f.precPresent && f.prec < length) length = f.prec;
    let width = 2 * length;
    if (width > 0) {
      if (f.space) {
        if (f.sharp) width *= 2;
        width += length - 1;
      } else if (f.sharp) width += 2;
    } else {
      if (f.widPresent) this.writePadding(f.wid);
      return;
    }
    if (f.widPresent && f.wid > width && !f.minus) this.writePadding(f.wid - width);
    let out = "";
    if (f.sharp) out += `0${digits[16]}`;
    for (let i = 0; i < length; i++) {
      if (f.space && i > 0) {
        out += " ";
        if (f.sharp) out += `0${digits[16]}`;
      }
      const c = bytes[i];
      out += digits[c >> 4] + digits[c & 0xf];
    }
    this.buf += out;
    if (f.widPresent && f.wid > width && f.minus) this.writePadding(f.wid - width);
  }

  fmtQ(s0: string): void {
    const s = this.truncateString(s0);
    if (this.f.sharp && canBackquote(s)) {
      this.pad(`\`${s}\``);
      return;
    }
    this.pad(this.f.plus ? quoteToASCII(s) : quote(s));
  }

  fmtC(c: bigint): void {
    const r = c > 0x10ffffn ? 0xfffd : Number(c);
    this.pad(r >= 0xd800 && r <= 0xdfff ? "\ufffd" : String.fromCodePoint(r));
  }

  fmtQc(c: bigint): void {
    const r = c > 0x10ffffn ? 0xfffd : Number(c);
    this.pad(quoteRune(r, this.f.plus));
  }

  fmtFloatRaw(v: number, size: 32 | 64, verb: string, prec0: number): void {
    const f = this.f;
    const prec = f.precPresent ? f.prec : prec0;
    let num = formatFloat(v, verb, prec, size);
    if (num[0] === "-" || num[0] === "+") {
      // keep sign
    } else num = `+${num}`;
    if (f.space && num[0] === "+" && !f.plus) num = ` ${num.slice(1)}`;
    if (num[1] === "I" || num[1] === "N") {
      const oldZero = f.zero;
      f.zero = false;
      if (num[1] === "N" && !f.space && !f.plus) num = num.slice(1);
      this.pad(num);
      f.zero = oldZero;
      return;
    }
    if (f.sharp && verb !== "b") {
      let digits = 0;
      if (verb === "v" || verb === "g" || verb === "G" || verb === "x") {
        digits = prec;
        if (digits === -1) digits = 6;
      }
      let tail = "";
      let hasDecimalPoint = false;
      let sawNonzeroDigit = false;
      let body = num;
      for (let i = 1; i < body.length; i++) {
        const ch = body[i];
        if (ch === ".") {
          hasDecimalPoint = true;
        } else if (ch === "p" || ch === "P") {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else if ((ch === "e" || ch === "E") && verb !== "x" && verb !== "X") {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else {
          if (ch !== "0") sawNonzeroDigit = true;
          if (sawNonzeroDigit) digits--;
        }
      }
      if (!hasDecimalPoint) {
        if (body.length === 2 && body[1] === "0") digits--;
        body += ".";
      }
      while (digits > 0) {
        body += "0";
        digits--;
      }
      num = body + tail;
    }
    if (f.plus || num[0] !== "+") {
      if (f.zero && f.widPresent && f.wid > num.length) {
        this.buf += num[0];
        this.writePadding(f.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  badVerb(verb: string, arg: unknown, hasArg: boolean): void {
    this.erroring = true;
    this.buf += `%!${verb}(`;
    if (hasArg && arg !== undefined && arg !== null) {
      this.buf += `${goTypeName(arg)}=`;
      this.printArg(arg, "v", 0);
    } else {
      this.buf += "<nil>";
    }
    this.buf += ")";
    this.erroring = false;
  }

  fmtBool(v: boolean, verb: string): void {
    if (verb === "t" || verb === "v") this.fmtBoolean(v);
    else this.badVerb(verb, v, true);
  }

  fmt0x64(v: bigint, leading0x: boolean): void {
    const sharp = this.f.sharp;
    this.f.sharp = leading0x;
    this.fmtInteger(v, 16, false, "v", LDIGITS);
    this.f.sharp = sharp;
  }

  fmtIntegerVerb(arg: GoInt, verb: string): void {
    const signed = !isUnsigned(arg.type);
    const v = BigInt.asUintN(64, arg.value);
    switch (verb) {
      case "v":
        if (this.f.sharpV && !signed) this.fmt0x64(v, true);
        else this.fmtInteger(v, 10, signed, verb, LDIGITS);
        return;
      case "d":
        this.fmtInteger(v, 10, signed, verb, LDIGITS);
        return;
      case "b":
        this.fmtInteger(v, 2, signed, verb, LDIGITS);
        return;
      case "o":
      case "O":
        this.fmtInteger(v, 8, signed, verb, LDIGITS);
        return;
      case "x":
        this.fmtInteger(v, 16, signed, verb, LDIGITS);
        return;
      case "X":
        this.fmtInteger(v, 16, signed, verb, UDIGITS);
        return;
      case "c":
        this.fmtC(v);
        return;
      case "q":
        this.fmtQc(v);
        return;
      case "U":
        this.fmtUnicode(v);
        return;
      default:
        this.badVerb(verb, arg, true);
    }
  }

  fmtFloatVerb(v: number, size: 32 | 64, verb: string, arg: unknown): void {
    switch (verb) {
      case "v":
        this.fmtFloatRaw(v, size, "g", -1);
        return;
      case "b":
      case "g":
      case "G":
      case "x":
      case "X":
        this.fmtFloatRaw(v, size, verb, -1);
        return;
      case "f":
      case "e":
      case "E":
        this.fmtFloatRaw(v, size, verb, 6);
        return;
      case "F":
        this.fmtFloatRaw(v, size, "f", 6);
        return;
      default:
        this.badVerb(verb, arg, true);
    }
  }

  fmtComplex(v: GoComplex, verb: string): void {
    const size = v.type.kind === "complex64" ? 32 : 64;
    switch (verb) {
      case "v":
      case "b":
      case "g":
      case "G":
      case "x":
      case "X":
      case "f":
      case "F":
      case "e":
      case "E": {
        const oldPlus = this.f.plus;
        this.buf += "(";
        this.fmtFloatVerb(v.re, size, verb, v);
        this.f.plus = true;
        this.fmtFloatVerb(v.im, size, verb, v);
        this.buf += "i)";
        this.f.plus = oldPlus;
        return;
      }
      default:
        this.badVerb(verb, v, true);
    }
  }

  fmtString(v: string, verb: string, arg: unknown): void {
    switch (verb) {
      case "v":
        if (this.f.sharpV) this.fmtQ(v);
        else this.fmtS(v);
        return;
      case "s":
        this.fmtS(v);
        return;
      case "x":
        this.fmtSbx(encodeGoString(v), LDIGITS);
        return;
      case "X":
        this.fmtSbx(encodeGoString(v), UDIGITS);
        return;
      case "q":
        this.fmtQ(v);
        return;
      default:
        this.badVerb(verb, arg, true);
    }
  }

  fmtBytes(v: Uint8Array, verb: string, typeString: string): void {
    switch (verb) {
      case "v":
      case "d":
        if (this.f.sharpV) {
          this.buf += `${typeString}{`;
          v.forEach((c, i) => {
            if (i > 0) this.buf += ", ";
            this.fmt0x64(BigInt(c), true);
          });
          this.buf += "}";
        } else {
          this.buf += "[";
          v.forEach((c, i) => {
            if (i > 0) this.buf += " ";
            this.fmtInteger(BigInt(c), 10, false, verb, LDIGITS);
          });
          this.buf += "]";
        }
        return;
      case "s":
        this.fmtS(bytesToGoString(v));
        return;
      case "x":
        this.fmtSbx(v, LDIGITS);
        return;
      case "X":
        this.fmtSbx(v, UDIGITS);
        return;
      case "q":
        this.fmtQ(bytesToGoString(v));
        return;
      default: {
        // Other verbs print element by element, like any slice.
        const items = Array.from(v, (b) => new GoInt(T.uint8, BigInt(b)));
        this.printSlice(items, typeString, verb, 1);
      }
    }
  }

  fmtPointer(value: unknown, verb: string): void {
    // Addresses are not observable here: nil pointers print as Go does, others as an opaque non-zero address.
    const isNil = value instanceof GoNil;
    const u = isNil ? 0n : 0xc000010000n;
    switch (verb) {
      case "v":
        if (this.f.sharpV) {
          this.buf += `(${goTypeName(value)})(`;
          if (u === 0n) this.buf += "nil";
          else this.fmt0x64(u, true);
          this.buf += ")";
        } else if (u === 0n) this.pad("<nil>");
        else this.fmt0x64(u, !this.f.sharp);
        return;
      case "p":
        this.fmt0x64(u, !this.f.sharp);
        return;
      case "b":
      case "o":
      case "d":
      case "x":
      case "X":
        this.fmtIntegerVerb(new GoInt(T.uintptr, u), verb);
        return;
      default:
        this.badVerb(verb, value, true);
    }
  }

  handleMethods(arg: unknown, verb: string): boolean {
    if (this.erroring) return false;
    if (this.f.sharpV) return false;
    if (verb !== "v" && verb !== "s" && verb !== "x" && verb !== "X" && verb !== "q") return false;
    const method = stringMethod(arg, "Error") ?? stringMethod(arg, "String");
    if (!method) return false;
    let s: unknown;
    try {
      s = method(arg);
    } catch (err) {
      if (this.panicking) throw err;
      const old = { ...this.f };
      clearFlags(this.f);
      const name = stringMethod(arg, "Error") ? "Error" : "String";
      this.buf += `%!${verb}(PANIC=${name} method: `;
      this.panicking = true;
      this.printArg(err instanceof Error ? err.message : err, "v", 0);
      this.panicking = false;
      this.buf += ")";
      this.f = old;
      return true;
    }
    this.fmtString(String(s), verb, arg);
    return true;
  }

  printArg(arg: unknown, verb: string, depth: number): void {
    if (arg === null || arg === undefined) {
      if (verb === "T" || verb === "v") this.pad("<nil>");
      else this.badVerb(verb, arg, false);
      return;
    }
    if (verb === "T") {
      this.fmtS(goTypeName(arg));
      return;
    }
    if (verb === "p") {
      this.fmtPointerArg(arg);
      return;
    }
    switch (typeof arg) {
      case "boolean":
        this.fmtBool(arg, verb);
        return;
      case "number":
        this.fmtFloatVerb(arg, 64, verb, arg);
        return;
      case "string":
        this.fmtString(arg, verb, arg);
        return;
      case "bigint":
        this.fmtIntegerVerb(new GoInt(T.int64, BigInt.asIntN(64, arg)), verb);
        return;
    }
    if (arg instanceof GoInt) {
      if (!arg.type.methods || !this.handleMethods(arg, verb)) this.fmtIntegerVerb(arg, verb);
      return;
    }
    if (arg instanceof GoFloat) {
      this.fmtFloatVerb(arg.value, 32, verb, arg);
      return;
    }
    if (arg instanceof GoComplex) {
      this.fmtComplex(arg, verb);
      return;
    }
    if (arg instanceof Uint8Array) {
      this.fmtBytes(arg, verb, "[]byte");
      return;
    }
    if (!this.handleMethods(arg, verb)) this.printValue(arg, verb, depth);
  }

  fmtPointerArg(arg: unknown): void {
    const t = typeOf(arg);
    switch (t?.kind) {
      case "map":
      case "slice":
      case "ptr":
      case "func":
        this.fmtPointer(arg, "p");
        return;
      default:
        this.badVerb("p", arg, true);
    }
  }

  printSlice(items: ArrayLike<unknown>, typeName: string, verb: string, depth: number): void {
    if (this.f.sharpV) {
      this.buf += `${typeName}{`;
      for (let i = 0; i < items.length; i++) {
        if (i > 0) this.buf += ", ";
        this.printElem(items[i], verb, depth + 1);
      }
      this.buf += "}";
    } else {
      this.buf += "[";
      for (let i = 0; i < items.length; i++) {
        if (i > 0) this.buf += " ";
        this.printElem(items[i], verb, depth + 1);
      }
      this.buf += "]";
    }
  }

  /** Print a container element; `null` in an interface slot prints as `<nil>` whatever the verb. */
  printElem(v: unknown, verb: string, depth: number): void {
    if (v === null || v === undefined) {
      if (this.f.sharpV) this.buf += "interface {}(nil)";
      else this.buf += "<nil>";
      return;
    }
    this.printValue(v, verb, depth);
  }

  printValue(value: unknown, verb: string, depth: number): void {
    if (depth > MAX_DEPTH) throw new FormatDepthError();
    if (depth > 0 && value !== undefined && value !== null && typeof value === "object") {
      if (this.handleMethods(value, verb)) return;
    }
    if (value === undefined) {
      if (depth === 0) this.buf += "<invalid reflect.Value>";
      else if (verb === "v") this.buf += "<nil>";
      else this.badVerb(verb, undefined, false);
      return;
    }
    if (value === null) {
      this.printElem(value, verb, depth);
      return;
    }
    switch (typeof value) {
      case "boolean":
        this.fmtBool(value, verb);
        return;
      case "number":
        this.fmtFloatVerb(value, 64, verb, value);
        return;
      case "string":
        this.fmtString(value, verb, value);
        return;
      case "bigint":
        this.fmtIntegerVerb(new GoInt(T.int64, BigInt.asIntN(64, value)), verb);
        return;
    }
    if (value instanceof GoInt) {
      this.fmtIntegerVerb(value, verb);
      return;
    }
    if (value instanceof GoFloat) {
      this.fmtFloatVerb(value.value, 32, verb, value);
      return;
    }
    if (value instanceof GoComplex) {
      this.fmtComplex(value, verb);
      return;
    }
    if (value instanceof Uint8Array) {
      this.fmtBytes(value, verb, "[]uint8");
      return;
    }
    if (value instanceof GoNil || value instanceof GoFunc) {
      this.fmtPointer(value, verb);
      return;
    }
    const t = typeOf(value);
    if (Array.isArray(value)) {
      const elem = t?.elem;
      if ((verb === "s" || verb === "q" || verb === "x" || verb === "X") && elem?.kind === "uint8") {
        const bytes = Uint8Array.from(value, (b) => Number((b as GoInt).value));
        this.fmtBytes(bytes, verb, t?.name ?? "[]uint8");
        return;
      }
      this.printSlice(value, t?.name ?? "[]interface {}", verb, depth);
      return;
    }
    if (t?.kind === "struct") {
      this.printStruct(value as Record<string, unknown>, t, verb, depth);
      return;
    }
    if (value instanceof GoPointer) {
      const k = typeOf(value.target)?.kind;
      if (depth === 0 && (k === "struct" || k === "map" || k === "slice" || k === "array")) {
        this.buf += "&";
        this.printValue(value.target, verb, depth + 1);
        return;
      }
      this.fmtPointer(value, verb);
      return;
    }
    if (value instanceof GoMap) {
      this.printGoMap(value, verb, depth);
      return;
    }
    if (isPlainObject(value) || t?.kind === "map") {
      this.printMap(value as Record<string, unknown>, t?.name ?? "map[string]interface {}", verb, depth);
      return;
    }
    this.buf += `?${t?.name ?? "unknown"}?`;
  }

  printMap(m: Record<string, unknown>, typeName: string, verb: string, depth: number): void {
    if (this.f.sharpV) this.buf += `${typeName}{`;
    else this.buf += "map[";
    const keys = sortedKeys(m);
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) this.buf += this.f.sharpV ? ", " : " ";
      this.printValue(keys[i], verb, depth + 1);
      this.buf += ":";
      this.printElem(m[keys[i]], verb, depth + 1);
    }
    this.buf += this.f.sharpV ? "}" : "]";
  }

  printGoMap(m: GoMap, verb: string, depth: number): void {
    if (this.f.sharpV) this.buf += `${m.type.name}{`;
    else this.buf += "map[";
    const sorted = sortedMapEntries(m);
    const keys = sorted[0];
    const values = sorted[1];
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) this.buf += this.f.sharpV ? ", " : " ";
      this.printElem(keys[i], verb, depth + 1);
      this.buf += ":";
      this.printElem(values[i], verb, depth + 1);
    }
    this.buf += this.f.sharpV ? "}" : "]";
  }

  printStruct(v: Record<string, unknown>, t: GoType, verb: string, depth: number): void {
    if (this.f.sharpV) this.buf += t.name;
    this.buf += "{";
    const fields = t.fields ?? [];
    fields.forEach((field, i) => {
      if (i > 0) this.buf += this.f.sharpV ? ", " : " ";
      if (this.f.plusV || this.f.sharpV) this.buf += `${field.name}:`;
      const fv = v[field.name];
      if ((fv === null || fv === undefined) && field.type.kind === "interface") {
        this.buf += this.f.sharpV ? `${field.type.name}(nil)` : "<nil>";
      } else this.printValue(fv, verb, depth + 1);
    });
    this.buf += "}";
  }

  doPrintf(format: string, args: readonly unknown[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    this.reordered = false;
    const f = this.f;
    let i = 0;
    formatLoop: while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format.charCodeAt(i) !== 37) i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      clearFlags(f);
      simple: for (; i < end; i++) {
        const c = format[i];
        switch (c) {
          case "#":
            f.sharp = true;
            break;
          case "0":
            f.zero = !f.minus;
            break;
          case "+":
            f.plus = true;
            break;
          case "-":
            f.minus = true;
            f.zero = false;
            break;
          case " ":
            f.space = true;
            break;
          default:
            if (c >= "a" && c <= "z" && argNum < args.length) {
              if (c === "v") {
                f.sharpV = f.sharp;
                f.sharp = false;
                f.plusV = f.plus;
                f.plus = false;
              }
              this.printArg(args[argNum], c, 0);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simple;
        }
      }
      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
      if (i < end && format[i] === "*") {
        i++;
        [f.wid, f.widPresent, argNum] = intFromArg(args, argNum);
        if (!f.widPresent) this.buf += "%!(BADWIDTH)";
        if (f.wid < 0) {
          f.wid = -f.wid;
          f.minus = true;
          f.zero = false;
        }
        afterIndex = false;
      } else {
        [f.wid, f.widPresent, i] = parsenum(format, i, end);
        if (afterIndex && f.widPresent) this.goodArgNum = false;
      }
      if (i + 1 < end && format[i] === ".") {
        i++;
        if (afterIndex) this.goodArgNum = false;
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
        if (i < end && format[i] === "*") {
          i++;
          [f.prec, f.precPresent, argNum] = intFromArg(args, argNum);
          if (f.prec < 0) {
            f.prec = 0;
            f.precPresent = false;
          }
          if (!f.precPresent) this.buf += "%!(BADPREC)";
          afterIndex = false;
        } else {
          [f.prec, f.precPresent, i] = parsenum(format, i, end);
          if (!f.precPresent) {
            f.prec = 0;
            f.precPresent = true;
          }
        }
      }
      if (!afterIndex) [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
      if (i >= end) {
        this.buf += "%!(NOVERB)";
        break;
      }
      const cp = format.codePointAt(i) ?? 0;
      const verb = String.fromCodePoint(cp);
      i += verb.length;
      if (verb === "%") {
        this.buf += "%";
      } else if (!this.goodArgNum) {
        this.buf += `%!${verb}(BADINDEX)`;
      } else if (argNum >= args.length) {
        this.buf += `%!${verb}(MISSING)`;
      } else {
        if (verb === "v") {
          f.sharpV = f.sharp;
          f.sharp = false;
          f.plusV = f.plus;
          f.plus = false;
        }
        this.printArg(args[argNum], verb, 0);
        argNum++;
      }
    }
    if (!this.reordered && argNum < args.length) {
      clearFlags(f);
      this.buf += "%!(EXTRA ";
      for (let k = argNum; k < args.length; k++) {
        if (k > argNum) this.buf += ", ";
        const arg = args[k];
        if (arg === null || arg === undefined) this.buf += "<nil>";
        else {
          this.buf += `${goTypeName(arg)}=`;
          this.printArg(arg, "v", 0);
        }
      }
      this.buf += ")";
    }
  }

  argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (format.length <= i || format[i] !== "[") return [argNum, i, false];
    this.reordered = true;
    const [index, wid, ok] = parseArgNumber(format.slice(i));
    if (ok && index >= 0 && index < numArgs) return [index, i + wid, true];
    this.goodArgNum = false;
    return [argNum, i + wid, ok];
  }
}

function isUnsigned(t: GoType): boolean {
  switch (t.kind) {
    case "uint":
    case "uint8":
    case "uint16":
    case "uint32":
    case "uint64":
    case "uintptr":
      return true;
    default:
      return false;
  }
}

function bytesToGoString(b: Uint8Array): string {
  let s = "";
  try {
    s = new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    for (const c of b) s += c < 0x80 ? String.fromCharCode(c) : String.fromCharCode(0xdc00 + c);
  }
  return s;
}

function tooLarge(x: number): boolean {
  return x > 1e6 || x < -1e6;
}

function parsenum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++) {
    if (tooLarge(num)) return [0, false, end];
    num = num * 10 + (s.charCodeAt(i) - 48);
    isnum = true;
  }
  return [num, isnum, i];
}

function parseArgNumber(format: string): [number, number, boolean] {
  if (format.length < 3) return [0, 1, false];
  for (let i = 1; i < format.length; i++) {
    if (format[i] === "]") {
      const [width, ok, newi] = parsenum(format, 1, i);
      if (!ok || newi !== i) return [0, i + 1, false];
      return [width - 1, i + 1, true];
    }
  }
  return [0, 1, false];
}

function intFromArg(args: readonly unknown[], argNum: number): [number, boolean, number] {
  let num = 0;
  let isInt = false;
  let next = argNum;
  if (argNum < args.length) {
    const a = args[argNum];
    if (a instanceof GoInt) {
      const v = a.value;
      if (v >= -(1n << 63n) && v < 1n << 63n) {
        num = Number(v);
        isInt = true;
      }
    }
    next = argNum + 1;
    if (tooLarge(num)) {
      num = 0;
      isInt = false;
    }
  }
  return [num, isInt, next];
}

/** Go's `fmt.Sprintf(format, args...)`. */
export function sprintf(format: string, ...args: unknown[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}

/** Go's `fmt.Sprint(args...)`: spaces between operands when neither is a string. */
export function sprint(...args: unknown[]): string {
  if (args.length === 1) return formatValue(args[0]);
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = arg !== null && arg !== undefined && typeOf(arg)?.kind === "string";
    if (i > 0 && !isString && !prevString) p.buf += " ";
    p.printArg(arg, "v", 0);
    prevString = isString;
  });
  return p.buf;
}

/** Go's `fmt.Sprintln(args...)`: operands separated by spaces, newline appended. */
export function sprintln(...args: unknown[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.buf += " ";
    p.printArg(arg, "v", 0);
  });
  return `${p.buf}\n`;
}

/** `fmt.Sprint(v)` of one value, with fast paths for strings and numbers. */
export function formatValue(v: unknown): string {
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return formatFloatShortest(v);
    case "boolean":
      return v ? "true" : "false";
  }
  if (v === null || v === undefined) return "<nil>";
  if (v instanceof GoInt && !v.type.methods) return v.value.toString();
  const p = new Printer();
  p.printArg(v, "v", 0);
  return p.buf;
}

/** The byte length of what `formatValue` would print (used for output limits). */
export function formattedByteLength(s: string): number {
  return byteLength(s);
}
