import { type Bytes, decodeRuneWith } from "./utf8.js";

/**
 * The tokenizer of the substitution language. Its observable behaviour is defined by the reference
 * implementation's scanner, quirks included, so it keeps the same model: a byte buffer with a cursor,
 * a one-rune "last width" used to step back, and escapes that delete the escaping character from the
 * buffer itself. The buffer is held as a gap buffer (bytes before the cursor in a growable array, bytes
 * after it as the untouched input plus a small stack of bytes stepped back over), so those deletions
 * cost O(1).
 */

/** Rune value standing for end of input. A NUL byte reads the same, and so also ends a token. */
export const END = 0;

/** Token kinds. */
export const Token = { Illegal: 0, End: 1, Text: 2, Open: 3, Close: 4 } as const;
export type Token = (typeof Token)[keyof typeof Token];

/** Bits: which tokens a scan may produce, and whether escape pairs are recognised in text. */
export const Mode = { Text: 1, Open: 2, Close: 4, Escapes: 8 } as const;

/**
 * Bits: which escape pairs are active when {@link Mode.Escapes} is on. `Dollar`: `$$` stands for `$`;
 * `Backslash`: a backslash before `\` or `/` is dropped.
 */
export const Escape = { Dollar: 1, Backslash: 2, All: 3 } as const;

/** Decides whether a rune continues a text token; `offset` is the token's byte length including it. */
export type Acceptor = (rune: number, offset: number) => boolean;

/** The acceptor that takes every rune; the scanner moves through runs of plain ASCII in bulk under it. */
export const anyRune: Acceptor = () => true;

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

export class Scanner {
  /** Bytes before the cursor, in order: `#before[0..#pos)`. */
  #before = new Uint8Array(256);
  #pos = 0;
  /** The input; bytes after the cursor are `#pushedBack` (last = next) followed by `#input[#next..]`. */
  readonly #input: Bytes;
  #next = 0;
  /** Bytes stepped back over, reversed: the next byte is last. */
  readonly #pushedBack: number[] = [];
  /** Width of the last rune read (0 after reading past the end); stepping back moves by this much. */
  #width = 0;
  /** Cursor position when the current token started. */
  #start = 0;
  mode: number = Mode.Text;
  escapes: number = Escape.Dollar;
  accept: Acceptor = anyRune;

  constructor(input: Bytes) {
    this.#input = input;
  }

  #push(byte: number): void {
    if (this.#pos === this.#before.length) {
      const grown = new Uint8Array(this.#before.length * 2);
      grown.set(this.#before);
      this.#before = grown;
    }
    this.#before[this.#pos++] = byte;
  }

  /** The byte `k` places after the cursor, or undefined past the end. */
  #byteAhead(k: number): number | undefined {
    const pushed = this.#pushedBack.length;
    if (k < pushed) return this.#pushedBack[pushed - 1 - k];
    const at = this.#next + k - pushed;
    return at < this.#input.length ? this.#input[at] : undefined;
  }

  /** Move one byte from after the cursor to before it. */
  #advance(): number | undefined {
    const byte = this.#pushedBack.length > 0 ? this.#pushedBack.pop() : this.#input[this.#next++];
    if (byte !== undefined) this.#push(byte);
    return byte;
  }

  /** Read the next rune and move past it; {@link END} (width 0) at the end of input. */
  read(): number {
    const first = this.#byteAhead(0);
    if (first !== undefined && first < 0x80) {
      this.#width = 1;
      this.#advance();
      return first;
    }
    const [rune, width] = decodeRuneWith((k) => this.#byteAhead(k));
    this.#width = width;
    if (width === 0) return END;
    for (let k = 0; k < width; k++) this.#advance();
    return rune;
  }

  /** Step back by the width of the last rune read (which may not be the rune just behind the cursor). */
  unread(): void {
    for (let k = 0; k < this.#width && this.#pos > 0; k++) this.#pushedBack.push(this.#before[--this.#pos]);
  }

  /** The next rune, without moving (but it does set the width {@link unread} steps back by). */
  peek(): number {
    const rune = this.read();
    this.unread();
    return rune;
  }

  /** Drop the byte just behind the cursor from the buffer; the cursor keeps its index, so it moves on by one. */
  #dropBehind(): void {
    this.#pos--;
    this.#advance();
  }

  /** Text of the token scanned last. */
  text(): Bytes {
    return this.#before.slice(this.#start, this.#pos);
  }

  /** Scan one token under the current mode and acceptor. */
  scan(): Token {
    this.#start = this.#pos;
    const rune = this.read();
    if (rune === END) return Token.End;
    if (this.#isOpen(rune)) return Token.Open;
    if (this.#isClose(rune)) return Token.Close;
    if (this.#scanText(rune)) return Token.Text;
    return Token.Illegal;
  }

  /** `${` when the mode allows it; on a lone `$` the following rune is stepped back over. */
  #isOpen(rune: number): boolean {
    if (!(this.mode & Mode.Open) || rune !== DOLLAR) return false;
    if (this.read() === OPEN_BRACE) return true;
    this.unread();
    return false;
  }

  #isClose(rune: number): boolean {
    return (this.mode & Mode.Close) !== 0 && rune === CLOSE_BRACE;
  }

  /** Whether `rune` starts an active escape pair (looks at the next rune). */
  #isEscape(rune: number): boolean {
    if (!(this.mode & Mode.Escapes)) return false;
    if (rune === DOLLAR && this.escapes & Escape.Dollar && this.peek() === DOLLAR) return true;
    if (rune === BACKSLASH && this.escapes & Escape.Backslash) {
      const next = this.peek();
      return next === SLASH || next === BACKSLASH;
    }
    return false;
  }

  #scanText(first: number): boolean {
    if (!(this.mode & Mode.Text)) return false;
    if (this.#isEscape(first)) this.#dropBehind();
    else if (!this.accept(first, this.#pos - this.#start)) return false;
    for (;;) {
      if (this.accept === anyRune) this.#skipPlainAscii();
      const rune = this.read();
      if (rune === END) {
        this.unread();
        return true;
      }
      if (this.#isOpen(rune)) {
        // Leave `${` for the next token.
        this.unread();
        this.unread();
        return true;
      }
      if (this.#isEscape(rune)) {
        this.#dropBehind();
        continue;
      }
      if (!this.accept(rune, this.#pos - this.#start)) {
        this.unread();
        return true;
      }
    }
  }

  /**
   * Under {@link anyRune}, consume a run of ASCII bytes that cannot start an expression, an escape or
   * the end (anything but `$`, `\` and NUL) in one go; reading them one by one would give the same
   * result. Leaves the last-rune width at 1, as reading the last of them would.
   */
  #skipPlainAscii(): void {
    if (this.#pushedBack.length > 0) return;
    const input = this.#input;
    const from = this.#next;
    let end = from;
    while (end < input.length) {
      const b = input[end];
      if (b >= 0x80 || b === DOLLAR || b === BACKSLASH || b === 0) break;
      end++;
    }
    if (end === from) return;
    while (this.#pos + (end - from) > this.#before.length) {
      const grown = new Uint8Array(this.#before.length * 2);
      grown.set(this.#before);
      this.#before = grown;
    }
    this.#before.set(input.subarray(from, end), this.#pos);
    this.#pos += end - from;
    this.#next = end;
    this.#width = 1;
  }
}
