/**
 * Tokenizer for Go template text. It produces tokens on demand (the parser pulls them), so a lexical error is
 * only reported when the parser reaches it, in the same order as Go reports errors.
 */
import { isPrint, quote } from "../fmt/quote.js";
import { byteLength } from "../value/gostring.js";

export enum Tok {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // Keywords appear after all the rest.
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export interface Item {
  typ: Tok;
  /** Offset (JS string index) of the token in the input. */
  pos: number;
  val: string;
  /** Line number at the start of the token. */
  line: number;
}

const KEYWORDS: ReadonlyMap<string, Tok> = new Map([
  [".", Tok.Dot],
  ["block", Tok.Block],
  ["break", Tok.Break],
  ["continue", Tok.Continue],
  ["define", Tok.Define],
  ["else", Tok.Else],
  ["end", Tok.End],
  ["if", Tok.If],
  ["range", Tok.Range],
  ["nil", Tok.Nil],
  ["template", Tok.Template],
  ["with", Tok.With],
]);

/** Go's `%q` of a string, shortened like fmt's `%.10q` when long. */
function quoteShort(s: string, max?: number): string {
  return quote(max === undefined ? s : [...s].slice(0, max).join(""));
}

/** How Go prints a token in "unexpected X in Y" messages. */
export function itemString(it: Item): string {
  if (it.typ === Tok.EOF) return "EOF";
  if (it.typ === Tok.Error) return it.val;
  if (it.typ > Tok.Keyword) return `<${it.val}>`;
  if (byteLength(it.val) > 10) return `${quoteShort(it.val, 10)}...`;
  return quoteShort(it.val);
}

/** Go's `%#U` of a rune: `U+002D '-'`. */
export function formatRuneU(r: number): string {
  const hex = r.toString(16).toUpperCase().padStart(4, "0");
  return isPrint(r) ? `U+${hex} '${String.fromCodePoint(r)}'` : `U+${hex}`;
}

const EOF = -1;
const SPACE_CHARS = " \t\r\n";

function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;

function isAlphaNumeric(r: number): boolean {
  if (r === 0x5f) return true;
  if (r < 0x80) return (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  if (r === EOF) return false;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(r));
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && s.charCodeAt(at) === 0x2d && isSpace(s.charCodeAt(at + 1));
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && isSpace(s.charCodeAt(at)) && s.charCodeAt(at + 1) === 0x2d;
}

type StateFn = ((l: Lexer) => StateFn) | null;

/** Pull-based lexer; call {@link Lexer.nextItem} until it returns EOF or Error. */
export class Lexer {
  pos = 0;
  start = 0;
  atEOF = false;
  parenDepth = 0;
  line = 1;
  startLine = 1;
  private readonly queue: Item[] = [];
  private state: StateFn = lexText;

  constructor(
    readonly input: string,
    readonly leftDelim: string,
    readonly rightDelim: string,
    readonly emitComment: boolean,
    readonly breakOK: boolean,
    readonly continueOK: boolean,
  ) {}

  /** The next token. After EOF or an error token, keeps returning EOF. */
  nextItem(): Item {
    while (this.queue.length === 0) {
      if (this.state === null) return { typ: Tok.EOF, pos: this.pos, val: "", line: this.line };
      this.state = this.state(this);
    }
    return this.queue.shift()!;
  }

  next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.pos += r > 0xffff ? 2 : 1;
    if (r === 0x0a) this.line++;
    return r;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  backup(): void {
    if (!this.atEOF && this.pos > 0) {
      const c = this.input.charCodeAt(this.pos - 1);
      const w =
        c >= 0xdc00 && c <= 0xdfff && this.pos >= 2 && isHigh(this.input.charCodeAt(this.pos - 2)) ? 2 : 1;
      this.pos -= w;
      if (c === 0x0a) this.line--;
    }
  }

  emit(t: Tok): void {
    this.queue.push({
      typ: t,
      pos: this.start,
      val: this.input.slice(this.start, this.pos),
      line: this.startLine,
    });
    this.start = this.pos;
    this.startLine = this.line;
  }

  ignore(): void {
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && valid.includes(String.fromCodePoint(r))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || !valid.includes(String.fromCodePoint(r))) break;
    }
    this.backup();
  }

  errorf(msg: string): StateFn {
    this.queue.push({ typ: Tok.Error, pos: this.start, val: msg, line: this.startLine });
    return null;
  }

  atRightDelim(): { delim: boolean; trimSpaces: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(this.rightDelim, this.pos + 2)) {
      return { delim: true, trimSpaces: true };
    }
    if (this.input.startsWith(this.rightDelim, this.pos)) return { delim: true, trimSpaces: false };
    return { delim: false, trimSpaces: false };
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
        return true;
    }
    return this.input.startsWith(this.rightDelim, this.pos);
  }

  scanNumber(): boolean {
    this.accept("+-");
    let digits = "0123456789_";
    if (this.accept("0")) {
      if (this.accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (this.accept("oO")) digits = "01234567_";
      else if (this.accept("bB")) digits = "01_";
    }
    this.acceptRun(digits);
    if (this.accept(".")) this.acceptRun(digits);
    if (digits.length === 11 && this.accept("eE")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    if (digits.length === 23 && this.accept("pP")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    this.accept("i");
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 0x0a) n++;
  return n;
}

function rightTrimLength(s: string, from: number, to: number): number {
  let i = to;
  while (i > from && SPACE_CHARS.includes(s[i - 1])) i--;
  return to - i;
}

function leftTrimLength(s: string, from: number): number {
  let i = from;
  while (i < s.length && SPACE_CHARS.includes(s[i])) i++;
  return i - from;
}

function lexText(l: Lexer): StateFn {
  const x = l.input.indexOf(l.leftDelim, l.pos);
  if (x >= 0) {
    const ldn = l.leftDelim.length;
    l.pos = x;
    let trimLength = 0;
    if (hasLeftTrimMarker(l.input, l.pos + ldn)) trimLength = rightTrimLength(l.input, l.start, l.pos);
    l.pos -= trimLength;
    if (l.pos > l.start) {
      l.line += countNewlines(l.input, l.start, l.pos);
      l.emit(Tok.Text);
    }
    l.pos += trimLength;
    l.ignore();
    return lexLeftDelim;
  }
  l.pos = l.input.length;
  if (l.pos > l.start) {
    l.line += countNewlines(l.input, l.start, l.pos);
    l.emit(Tok.Text);
  }
  l.emit(Tok.EOF);
  return null;
}

function lexLeftDelim(l: Lexer): StateFn {
  l.pos += l.leftDelim.length;
  const trimSpace = hasLeftTrimMarker(l.input, l.pos);
  const afterMarker = trimSpace ? 2 : 0;
  if (l.input.startsWith("/*", l.pos + afterMarker)) {
    l.pos += afterMarker;
    l.ignore();
    return lexComment;
  }
  l.emit(Tok.LeftDelim);
  l.pos += afterMarker;
  l.ignore();
  l.parenDepth = 0;
  return lexInsideAction;
}

function lexComment(l: Lexer): StateFn {
  l.pos += 2;
  const i = l.input.indexOf("*/", l.pos);
  if (i < 0) return l.errorf("unclosed comment");
  l.pos = i + 2;
  const { delim, trimSpaces } = l.atRightDelim();
  if (!delim) return l.errorf("comment ends before closing delimiter");
  if (l.emitComment) l.emit(Tok.Comment);
  if (trimSpaces) l.pos += 2;
  l.pos += l.rightDelim.length;
  if (trimSpaces) l.pos += leftTrimLength(l.input, l.pos);
  l.ignore();
  return lexText;
}

function lexRightDelim(l: Lexer): StateFn {
  const trimSpace = hasRightTrimMarker(l.input, l.pos);
  if (trimSpace) {
    l.pos += 2;
    l.ignore();
  }
  l.pos += l.rightDelim.length;
  l.emit(Tok.RightDelim);
  if (trimSpace) {
    l.pos += leftTrimLength(l.input, l.pos);
    l.ignore();
  }
  return lexText;
}

function lexInsideAction(l: Lexer): StateFn {
  const { delim } = l.atRightDelim();
  if (delim) {
    if (l.parenDepth === 0) return lexRightDelim;
    return l.errorf("unclosed left paren");
  }
  const r = l.next();
  if (r === EOF) return l.errorf("unclosed action");
  if (isSpace(r)) {
    l.backup();
    return lexSpace;
  }
  switch (r) {
    case 0x3d: // =
      l.emit(Tok.Assign);
      return lexInsideAction;
    case 0x3a: // :
      if (l.next() !== 0x3d) return l.errorf("expected :=");
      l.emit(Tok.Declare);
      return lexInsideAction;
    case 0x7c: // |
      l.emit(Tok.Pipe);
      return lexInsideAction;
    case 0x22: // "
      return lexQuote;
    case 0x60: // `
      return lexRawQuote;
    case 0x24: // $
      return lexVariable;
    case 0x27: // '
      return lexChar;
    case 0x2e: // .
      if (l.pos < l.input.length) {
        const c = l.input.charCodeAt(l.pos);
        if (c < 0x30 || c > 0x39) return lexField;
      }
      l.backup();
      return lexNumber;
    case 0x28: // (
      l.emit(Tok.LeftParen);
      l.parenDepth++;
      return lexInsideAction;
    case 0x29: // )
      l.emit(Tok.RightParen);
      l.parenDepth--;
      if (l.parenDepth < 0) return l.errorf(`unexpected right paren ${formatRuneU(r)}`);
      return lexInsideAction;
  }
  if (r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
    l.backup();
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    return lexIdentifier;
  }
  if (r < 0x80 && isPrint(r)) {
    l.emit(Tok.Char);
    return lexInsideAction;
  }
  return l.errorf(`unrecognized character in action: ${formatRuneU(r)}`);
}

function lexSpace(l: Lexer): StateFn {
  let numSpaces = 0;
  while (isSpace(l.peek())) {
    l.next();
    numSpaces++;
  }
  if (hasRightTrimMarker(l.input, l.pos - 1) && l.input.startsWith(l.rightDelim, l.pos - 1 + 2)) {
    l.backup();
    if (numSpaces === 1) return lexRightDelim;
  }
  l.emit(Tok.Space);
  return lexInsideAction;
}

function lexIdentifier(l: Lexer): StateFn {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup();
    const word = l.input.slice(l.start, l.pos);
    if (!l.atTerminator()) return l.errorf(`bad character ${formatRuneU(r)}`);
    const key = KEYWORDS.get(word);
    if (key !== undefined && key > Tok.Keyword) {
      if ((key === Tok.Break && !l.breakOK) || (key === Tok.Continue && !l.continueOK))
        l.emit(Tok.Identifier);
      else l.emit(key);
    } else if (word[0] === ".") {
      l.emit(Tok.Field);
    } else if (word === "true" || word === "false") {
      l.emit(Tok.Bool);
    } else {
      l.emit(Tok.Identifier);
    }
    return lexInsideAction;
  }
}

function lexField(l: Lexer): StateFn {
  return lexFieldOrVariable(l, Tok.Field);
}

function lexVariable(l: Lexer): StateFn {
  if (l.atTerminator()) {
    l.emit(Tok.Variable);
    return lexInsideAction;
  }
  return lexFieldOrVariable(l, Tok.Variable);
}

function lexFieldOrVariable(l: Lexer, typ: Tok): StateFn {
  if (l.atTerminator()) {
    l.emit(typ === Tok.Variable ? Tok.Variable : Tok.Dot);
    return lexInsideAction;
  }
  let r: number;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${formatRuneU(r)}`);
  l.emit(typ);
  return lexInsideAction;
}

function lexChar(l: Lexer): StateFn {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
      return l.errorf("unterminated character constant");
    }
    if (r === EOF || r === 0x0a) return l.errorf("unterminated character constant");
    if (r === 0x27) break;
  }
  l.emit(Tok.CharConstant);
  return lexInsideAction;
}

function lexNumber(l: Lexer): StateFn {
  if (!l.scanNumber()) return l.errorf(`bad number syntax: ${quoteShort(l.input.slice(l.start, l.pos))}`);
  const sign = l.peek();
  if (sign === 0x2b || sign === 0x2d) {
    if (!l.scanNumber() || l.input[l.pos - 1] !== "i") {
      return l.errorf(`bad number syntax: ${quoteShort(l.input.slice(l.start, l.pos))}`);
    }
    l.emit(Tok.Complex);
  } else {
    l.emit(Tok.Number);
  }
  return lexInsideAction;
}

function lexQuote(l: Lexer): StateFn {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
      return l.errorf("unterminated quoted string");
    }
    if (r === EOF || r === 0x0a) return l.errorf("unterminated quoted string");
    if (r === 0x22) break;
  }
  l.emit(Tok.String);
  return lexInsideAction;
}

function lexRawQuote(l: Lexer): StateFn {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf("unterminated raw quoted string");
    if (r === 0x60) break;
  }
  l.emit(Tok.RawString);
  return lexInsideAction;
}
