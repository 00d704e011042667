import { EnvsubstError } from "./errors.js";
import { type Acceptor, anyRune, Escape, Mode, Scanner, Token } from "./scanner.js";
import { type Bytes, decodeUtf8 } from "./utf8.js";

/** Literal text. */
export interface TextNode {
  kind: "text";
  bytes: Bytes;
}

/**
 * A `${...}` expression: `name` is the variable, `op` the operator as written (`""` for a plain
 * reference, `:-`, `#`, `//`, `^^`, `:` ...) and `args` its operands, each literal text or a nested
 * expression.
 */
export interface ExprNode {
  kind: "expr";
  name: string;
  op: string;
  args: Node[];
}

export type Node = TextNode | ExprNode;

/** Deeper nesting than this is refused rather than risking the JavaScript stack. */
const MAX_DEPTH = 1000;

const code = (ch: string) => ch.codePointAt(0)!;
const COLON = code(":");
const HASH = code("#");
const PERCENT = code("%");
const SLASH = code("/");
const EQUALS = code("=");
const CLOSE = code("}");
const COMMA = code(",");
const CARET = code("^");

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}_]$/u;

// Acceptors; `at` is the byte length of the token so far, including the rune being tested.

const nameRune: Acceptor = (r) => LETTER_OR_DIGIT.test(String.fromCodePoint(r));
const firstColon: Acceptor = (r, at) => at === 1 && r === COLON;
const colons: Acceptor = (r) => r === COLON;
const firstHash: Acceptor = (r, at) => at === 1 && r === HASH;
const notClose: Acceptor = (r) => r !== CLOSE;
const notColonOrClose: Acceptor = (r) => r !== COLON && r !== CLOSE;
const slashes: Acceptor = (r) => r === SLASH;
const notSlash: Acceptor = (r) => r !== SLASH;
const firstEquals: Acceptor = (r, at) => at === 1 && r === EQUALS;
const trimOp =
  (ch: number): Acceptor =>
  (r, at) =>
    r === ch && at < 3;
const caseOp: Acceptor = (r, at) => (r === COMMA || r === CARET) && at < 3;
const defaultOp: Acceptor = (r, at) =>
  (at === 1 && r === COLON) || (at === 2 && "=-?+".includes(String.fromCodePoint(r)));
const replaceOp: Acceptor = (r, at) =>
  (at === 1 && r === SLASH) || (at === 2 && "/#%".includes(String.fromCodePoint(r)));

const fail = {
  bad: () => new EnvsubstError("ENVSUBST_SYNTAX", "bad substitution"),
  brace: () => new EnvsubstError("ENVSUBST_SYNTAX", "missing closing brace"),
  name: () => new EnvsubstError("ENVSUBST_SYNTAX", "unable to parse variable name"),
  operand: () => new EnvsubstError("ENVSUBST_SYNTAX", "unable to parse substitution within function"),
  defaultOp: () => new EnvsubstError("ENVSUBST_SYNTAX", "unable to parse default function"),
};

/** Parse a whole input into a list of text and expression nodes. Throws {@link EnvsubstError}. */
export function parseEnvsubst(input: Bytes): Node[] {
  return new Parser(input).document();
}

class Parser {
  readonly #s: Scanner;
  #depth = 0;

  constructor(input: Bytes) {
    this.#s = new Scanner(input);
  }

  /** Scan one token with the given acceptor and mode. */
  #scan(accept: Acceptor, mode: number): Token {
    this.#s.accept = accept;
    this.#s.mode = mode;
    return this.#s.scan();
  }

  #text(): TextNode {
    return { kind: "text", bytes: this.#s.text() };
  }

  /** Top level: text runs (with `$$` escapes) and expressions, up to the end of input. */
  document(): Node[] {
    const nodes: Node[] = [];
    for (;;) {
      this.#s.escapes = Escape.Dollar;
      const token = this.#scan(anyRune, Mode.Text | Mode.Open | Mode.Escapes);
      if (token === Token.End) return nodes;
      if (token === Token.Text) nodes.push(this.#text());
      else if (token === Token.Open) nodes.push(this.#expression());
      else throw fail.bad();
    }
  }

  /** After `${`: a variable name and an optional operator with operands, up to the closing brace. */
  #expression(): ExprNode {
    if (++this.#depth > MAX_DEPTH) {
      throw new EnvsubstError("ENVSUBST_TOO_DEEP", `expressions nested deeper than ${MAX_DEPTH} levels`);
    }
    try {
      // Inside an expression backslash escapes are recognised as well (where the mode allows escapes).
      this.#s.escapes = Escape.All;
      if (this.#s.peek() === HASH) return this.#length();
      if (this.#scan(nameRune, Mode.Text) !== Token.Text) throw fail.name();
      const name = decodeUtf8(this.#s.text());
      switch (this.#s.peek()) {
        case COLON:
          return this.#defaultOrSubstring(name);
        case EQUALS:
          return this.#withDefault(name);
        case COMMA:
        case CARET:
          return this.#caseChange(name);
        case SLASH:
          return this.#replace(name);
        case HASH:
          return this.#trim(name, trimOp(HASH));
        case PERCENT:
          return this.#trim(name, trimOp(PERCENT));
      }
      if (this.#scan(nameRune, Mode.Close) !== Token.Close) throw fail.brace();
      return { kind: "expr", name, op: "", args: [] };
    } finally {
      this.#depth--;
    }
  }

  /** One operand: a nested expression or a text run the acceptor allows. */
  #operand(accept: Acceptor, mode: number): Node {
    const token = this.#scan(accept, mode | Mode.Open);
    if (token === Token.Open) return this.#expression();
    if (token === Token.Text || token === Token.Close) return this.#text();
    throw fail.operand();
  }

  #closeBrace(): void {
    this.#s.mode = Mode.Close;
    if (this.#s.scan() !== Token.Close) throw fail.bad();
  }

  /** The operator token, or `error` when it is not there. */
  #operator(accept: Acceptor, error: () => EnvsubstError = fail.bad): string {
    if (this.#scan(accept, Mode.Text) !== Token.Text) throw error();
    return decodeUtf8(this.#s.text());
  }

  #defaultOrSubstring(name: string): ExprNode {
    // Look one rune past the `:`. Stepping back uses the width of the rune looked at, so when it is not
    // one byte wide (or is the end) the cursor does not land back on the `:`, as upstream.
    this.#s.read();
    const next = this.#s.peek();
    this.#s.unread();
    if (next === EQUALS || next === code("-") || next === code("?") || next === code("+")) {
      return this.#withDefault(name);
    }
    return this.#substring(name);
  }

  /** `${name:offset}` and `${name:offset:length}`. */
  #substring(name: string): ExprNode {
    const op = this.#operator(firstColon);
    const args = [this.#operand(notColonOrClose, Mode.Text)];
    const token = this.#scan(colons, Mode.Text | Mode.Close);
    if (token === Token.Close) return { kind: "expr", name, op, args };
    if (token !== Token.Text) throw fail.bad();
    args.push(this.#operand(notClose, Mode.Text));
    this.#closeBrace();
    return { kind: "expr", name, op, args };
  }

  /** `${name#glob}`, `${name##glob}`, `${name%glob}`, `${name%%glob}`. */
  #trim(name: string, accept: Acceptor): ExprNode {
    const op = this.#operator(accept);
    const args = [this.#operand(notClose, Mode.Text)];
    this.#closeBrace();
    return { kind: "expr", name, op, args };
  }

  /** `${name/old/new}`, `${name//old/new}`, `${name/#old/new}`, `${name/%old/new}`; `new` may be empty. */
  #replace(name: string): ExprNode {
    const op = this.#operator(replaceOp);
    const args = [this.#operand(notSlash, Mode.Text | Mode.Escapes)];
    if (this.#scan(slashes, Mode.Text) !== Token.Text) throw fail.bad();
    if (this.#s.peek() !== CLOSE) args.push(this.#operand(notClose, Mode.Text | Mode.Escapes));
    this.#closeBrace();
    return { kind: "expr", name, op, args };
  }

  /** `${name=word}`, `${name:=word}`, `${name:-word}`, `${name:?word}`, `${name:+word}`. */
  #withDefault(name: string): ExprNode {
    const accept = this.#s.peek() === EQUALS ? firstEquals : defaultOp;
    const op = this.#operator(accept, fail.defaultOp);
    const args: Node[] = [];
    while (this.#s.peek() !== CLOSE) args.push(this.#operand(notClose, Mode.Text));
    this.#closeBrace();
    return { kind: "expr", name, op, args };
  }

  /** `${name^}`, `${name^^}`, `${name,}`, `${name,,}`. */
  #caseChange(name: string): ExprNode {
    const op = this.#operator(caseOp);
    this.#closeBrace();
    return { kind: "expr", name, op, args: [] };
  }

  /** `${#name}`. */
  #length(): ExprNode {
    const op = this.#operator(firstHash);
    if (this.#scan(nameRune, Mode.Text) !== Token.Text) throw fail.bad();
    const name = decodeUtf8(this.#s.text());
    this.#closeBrace();
    return { kind: "expr", name, op, args: [] };
  }
}
