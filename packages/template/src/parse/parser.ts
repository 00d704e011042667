/**
 * Recursive-descent parser for Go templates. It follows Go's grammar and reports errors with Go's exact texts
 * (`template: NAME:LINE: unexpected "}}" in define clause`).
 */
import { quote, SyntaxError_, unquote, unquoteChar } from "../fmt/quote.js";
import { type Item, itemString, Lexer, Tok } from "./lexer.js";
import {
  type ArgNode,
  type BranchNode,
  type CommandNode,
  type ElseNode,
  type EndNode,
  isEmptyTree,
  type ListNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type TreeInfo,
  type VariableNode,
} from "./nodes.js";
import { parseGoFloat, parseGoInt, scanGoComplex } from "./numbers.js";

/** A parsed template body. */
export interface ParseTree extends TreeInfo {
  root: ListNode;
}

/** A parse error with Go's message. */
export class ParseFailure extends Error {}

/** Options for {@link parseTrees}. */
export interface ParseTreesOptions {
  /** Name of the top-level template. */
  name: string;
  text: string;
  leftDelim?: string;
  rightDelim?: string;
  /** Whether a function of this name exists (user functions and builtins). */
  hasFunction: (name: string) => boolean;
  /** Skip the "function not defined" check (Go's SkipFuncCheck mode). */
  skipFuncCheck?: boolean;
  /** Keep comments in the tree (Go's ParseComments mode). */
  parseComments?: boolean;
}

/**
 * Parse `text` into the top-level tree named `name` plus one tree per `{{define}}`/`{{block}}`. Throws
 * {@link ParseFailure} with Go's message.
 */
export function parseTrees(options: ParseTreesOptions): Map<string, ParseTree> {
  const treeSet = new Map<string, ParseTree>();
  const lexer = new Lexer(
    options.text,
    options.leftDelim || "{{",
    options.rightDelim || "}}",
    options.parseComments ?? false,
    !options.hasFunction("break"),
    !options.hasFunction("continue"),
  );
  const shared: Shared = {
    lexer,
    treeSet,
    text: options.text,
    hasFunction: options.hasFunction,
    checkFuncs: !options.skipFuncCheck,
  };
  const t = new TreeParser(options.name, options.name, shared);
  try {
    t.parse();
    t.add();
  } catch (err) {
    if (err instanceof RangeError) {
      throw new ParseFailure(`template: ${options.name}: template nested too deeply to parse`);
    }
    throw err;
  }
  return treeSet;
}

interface Shared {
  lexer: Lexer;
  treeSet: Map<string, ParseTree>;
  text: string;
  hasFunction: (name: string) => boolean;
  checkFuncs: boolean;
}

class TreeParser {
  readonly info: TreeInfo;
  root: ListNode | null = null;
  private token: Item[] = [];
  private peekCount = 0;
  private vars: string[] = ["$"];
  private actionLine = 0;
  private rangeDepth = 0;

  constructor(
    name: string,
    parseName: string,
    private readonly shared: Shared,
  ) {
    this.info = { name, parseName, text: shared.text };
    const empty: Item = { typ: Tok.EOF, pos: 0, val: "", line: 0 };
    this.token = [empty, empty, empty];
  }

  // --- token stream -------------------------------------------------------

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.shared.lexer.nextItem();
    return this.token[this.peekCount];
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.shared.lexer.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let token: Item;
    do token = this.next();
    while (token.typ === Tok.Space);
    return token;
  }

  private peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // --- errors ---------------------------------------------------------------

  errorf(msg: string): never {
    this.root = null;
    throw new ParseFailure(`template: ${this.info.parseName}:${this.token[0].line}: ${msg}`);
  }

  private expect(expected: Tok, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  private expectOneOf(a: Tok, b: Tok, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== a && token.typ !== b) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: Item, context: string): never {
    if (token.typ === Tok.Error) {
      let extra = "";
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.info.parseName}:${this.actionLine}`;
        if (token.val.endsWith(" action")) extra = extra.slice(" in action".length);
      }
      this.errorf(`${token.val}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  // --- trees ------------------------------------------------------------------

  add(): void {
    const existing = this.shared.treeSet.get(this.info.name);
    if (!existing || isEmptyTree(existing.root)) {
      this.shared.treeSet.set(this.info.name, { ...this.info, root: this.root! });
      return;
    }
    if (!isEmptyTree(this.root))
      this.errorf(`template: multiple definition of template ${quoteName(this.info.name)}`);
  }

  private sub(name: string): TreeParser {
    return new TreeParser(name, this.info.parseName, this.shared);
  }

  parse(): void {
    this.root = this.newList(this.peek().pos);
    while (this.peek().typ !== Tok.EOF) {
      if (this.peek().typ === Tok.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === Tok.Define) {
          const newT = this.sub("definition");
          newT.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") this.errorf(`unexpected ${nodeStringOfControl(n)}`);
      this.root.nodes.push(n);
    }
  }

  private parseDefinition(): void {
    const context = "define clause";
    const name = this.expectOneOf(Tok.String, Tok.RawString, context);
    this.info.name = this.unquoteOrFail(name.val);
    this.expect(Tok.RightDelim, context);
    const [list, end] = this.itemList();
    this.root = list;
    if (end.type !== "end") this.errorf(`unexpected ${nodeStringOfControl(end)} in ${context}`);
    this.add();
  }

  private unquoteOrFail(lit: string): string {
    try {
      return unquote(lit);
    } catch (err) {
      if (err instanceof SyntaxError_) this.errorf("invalid syntax");
      throw err;
    }
  }

  private itemList(): [ListNode, EndNode | ElseNode] {
    const list = this.newList(this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== Tok.EOF) {
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") return [list, n];
      list.nodes.push(n);
    }
    this.errorf("unexpected EOF");
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case Tok.Text:
        return { type: "text", pos: token.pos, tree: this.info, text: token.val };
      case Tok.LeftDelim: {
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case Tok.Comment:
        return { type: "comment", pos: token.pos, tree: this.info, text: token.val };
      default:
        this.unexpected(token, "input");
    }
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case Tok.Block:
        return this.blockControl();
      case Tok.Break:
        return this.breakControl(token.pos, token.line);
      case Tok.Continue:
        return this.continueControl(token.pos, token.line);
      case Tok.Else:
        return this.elseControl();
      case Tok.End:
        return this.endControl();
      case Tok.If:
        return this.branch("if", true);
      case Tok.Range:
        return this.branch("range", false);
      case Tok.Template:
        return this.templateControl();
      case Tok.With:
        return this.branch("with", false);
    }
    this.backup();
    const tok = this.peek();
    return {
      type: "action",
      pos: tok.pos,
      tree: this.info,
      line: tok.line,
      pipe: this.pipeline("command", Tok.RightDelim),
    };
  }

  private breakControl(pos: number, line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== Tok.RightDelim) this.unexpected(token, "{{break}}");
    if (this.rangeDepth === 0) this.errorf("{{break}} outside {{range}}");
    return { type: "break", pos, line, tree: this.info };
  }

  private continueControl(pos: number, line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== Tok.RightDelim) this.unexpected(token, "{{continue}}");
    if (this.rangeDepth === 0) this.errorf("{{continue}} outside {{range}}");
    return { type: "continue", pos, line, tree: this.info };
  }

  private pipeline(context: string, end: Tok): PipeNode {
    const token = this.peekNonSpace();
    const pipe: PipeNode = {
      type: "pipe",
      pos: token.pos,
      line: token.line,
      tree: this.info,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== Tok.Variable) break;
      this.next();
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === Tok.Assign || next.typ === Tok.Declare) {
        pipe.isAssign = next.typ === Tok.Assign;
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === Tok.Char && next.val === ",") {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === "range" && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === Tok.Variable || p === Tok.RightDelim || p === Tok.RightParen) continue;
          this.errorf("range can only initialize variables");
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === Tok.Space) {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const tok = this.nextNonSpace();
      switch (tok.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case Tok.Bool:
        case Tok.CharConstant:
        case Tok.Complex:
        case Tok.Dot:
        case Tok.Field:
        case Tok.Identifier:
        case Tok.Number:
        case Tok.Nil:
        case Tok.RawString:
        case Tok.String:
        case Tok.Variable:
        case Tok.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(tok, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const t = pipe.cmds[i].args[0].type;
      if (t === "bool" || t === "dot" || t === "nil" || t === "number" || t === "string") {
        this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private branch(kind: "if" | "range" | "with", allowElseIf: boolean): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(kind, Tok.RightDelim);
      if (kind === "range") this.rangeDepth++;
      let [list, next] = this.itemList();
      if (kind === "range") this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === "else") {
        if (allowElseIf && this.peek().typ === Tok.If) {
          // {{if a}}..{{else if b}}..{{end}} is {{if a}}..{{else}}{{if b}}..{{end}}{{end}}: one {{end}} ends both.
          this.next();
          elseList = this.newList(next.pos);
          elseList.nodes.push(this.branch("if", true));
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== "end") this.errorf(`expected end; found ${nodeStringOfControl(next)}`);
        }
      }
      return { type: kind, pos: pipe.pos, line: pipe.line, tree: this.info, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private endControl(): EndNode {
    return { type: "end", pos: this.expect(Tok.RightDelim, "end").pos, tree: this.info };
  }

  private elseControl(): ElseNode {
    const peek = this.peekNonSpace();
    if (peek.typ === Tok.If) return { type: "else", pos: peek.pos, line: peek.line, tree: this.info };
    const token = this.expect(Tok.RightDelim, "else");
    return { type: "else", pos: token.pos, line: token.line, tree: this.info };
  }

  private blockControl(): Node {
    const context = "block clause";
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, Tok.RightDelim);
    const block = this.sub(name);
    const [list, end] = block.itemList();
    block.root = list;
    if (end.type !== "end") this.errorf(`unexpected ${nodeStringOfControl(end)} in ${context}`);
    block.add();
    return { type: "template", pos: token.pos, line: token.line, tree: this.info, name, pipe };
  }

  private templateControl(): Node {
    const context = "template clause";
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== Tok.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, Tok.RightDelim);
    }
    return { type: "template", pos: token.pos, line: token.line, tree: this.info, name, pipe };
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.typ === Tok.String || token.typ === Tok.RawString) return this.unquoteOrFail(token.val);
    this.unexpected(token, context);
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: "command", pos: this.peekNonSpace().pos, tree: this.info, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === Tok.Space) continue;
      if (token.typ === Tok.RightDelim || token.typ === Tok.RightParen) this.backup();
      else if (token.typ !== Tok.Pipe) this.unexpected(token, "operand");
      break;
    }
    if (cmd.args.length === 0) this.errorf("empty command");
    return cmd;
  }

  private operand(): ArgNode | null {
    let node = this.term();
    if (node === null) return null;
    if (this.peek().typ === Tok.Field) {
      const pos = this.peek().pos;
      const fields: string[] = [];
      while (this.peek().typ === Tok.Field) fields.push(this.next().val.slice(1));
      switch (node.type) {
        case "field":
          node = { type: "field", pos, tree: this.info, ident: [...node.ident, ...fields] };
          break;
        case "variable":
          node = { type: "variable", pos, tree: this.info, ident: [...node.ident, ...fields] };
          break;
        case "bool":
        case "string":
        case "number":
        case "nil":
        case "dot":
          this.errorf(`unexpected . after term ${quoteName(nodeText(node))}`);
          break;
        default:
          node = { type: "chain", pos, tree: this.info, node, field: fields };
      }
    }
    return node;
  }

  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case Tok.Identifier:
        if (this.shared.checkFuncs && !this.shared.hasFunction(token.val)) {
          this.errorf(`function ${quoteName(token.val)} not defined`);
        }
        return { type: "identifier", pos: token.pos, tree: this.info, ident: token.val };
      case Tok.Dot:
        return { type: "dot", pos: token.pos, tree: this.info };
      case Tok.Nil:
        return { type: "nil", pos: token.pos, tree: this.info };
      case Tok.Variable:
        return this.useVar(token.pos, token.val);
      case Tok.Field:
        return { type: "field", pos: token.pos, tree: this.info, ident: token.val.slice(1).split(".") };
      case Tok.Bool:
        return { type: "bool", pos: token.pos, tree: this.info, value: token.val === "true" };
      case Tok.CharConstant:
      case Tok.Complex:
      case Tok.Number:
        return this.newNumber(token.pos, token.val, token.typ);
      case Tok.LeftParen:
        return this.pipeline("parenthesized pipeline", Tok.RightParen);
      case Tok.String:
      case Tok.RawString:
        return {
          type: "string",
          pos: token.pos,
          tree: this.info,
          quoted: token.val,
          text: this.unquoteOrFail(token.val),
        };
    }
    this.backup();
    return null;
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${quoteName(v.ident[0])}`);
    return v;
  }

  private newVariable(pos: number, ident: string): VariableNode {
    return { type: "variable", pos, tree: this.info, ident: ident.split(".") };
  }

  private newList(pos: number): ListNode {
    return { type: "list", pos, tree: this.info, nodes: [] };
  }

  private newNumber(pos: number, text: string, typ: Tok): NumberNode {
    const n: NumberNode = {
      type: "number",
      pos,
      tree: this.info,
      isInt: false,
      isUint: false,
      isFloat: false,
      isComplex: false,
      int64: 0n,
      uint64: 0n,
      float64: 0,
      complex: [0, 0],
      text,
    };
    if (typ === Tok.CharConstant) {
      let r: number;
      try {
        const res = unquoteChar(text, 1, 0x27);
        if (text.slice(res.next) !== "'") this.errorf(`malformed character constant: ${text}`);
        r = res.value;
      } catch (err) {
        if (err instanceof SyntaxError_) this.errorf("invalid syntax");
        throw err;
      }
      n.isInt = n.isUint = n.isFloat = true;
      n.int64 = n.uint64 = BigInt(r);
      n.float64 = r;
      return n;
    }
    if (typ === Tok.Complex) {
      const c = scanGoComplex(text);
      if (c.error !== undefined) this.errorf(c.error);
      n.isComplex = true;
      n.complex = c.value;
      simplifyComplex(n);
      return n;
    }
    if (text.endsWith("i")) {
      const f = parseGoFloat(text.slice(0, -1));
      if (f !== null) {
        n.isComplex = true;
        n.complex = [0, f];
        simplifyComplex(n);
        return n;
      }
    }
    const u = parseGoInt(text, true);
    if (u !== null) {
      n.isUint = true;
      n.uint64 = u;
    }
    const i = parseGoInt(text, false);
    if (i !== null) {
      n.isInt = true;
      n.int64 = i;
      if (i === 0n) {
        n.isUint = true;
        n.uint64 = u ?? 0n;
      }
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float64 = Number(n.int64);
    } else if (n.isUint) {
      n.isFloat = true;
      n.float64 = Number(n.uint64);
    } else {
      const f = parseGoFloat(text);
      if (f !== null) {
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${quoteName(text)}`);
        n.isFloat = true;
        n.float64 = f;
        if (Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63) {
          n.isInt = true;
          n.int64 = BigInt(f);
        }
        if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
          n.isUint = true;
          n.uint64 = BigInt(f);
        }
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) this.errorf(`illegal number syntax: ${quoteName(text)}`);
    return n;
  }
}

function simplifyComplex(n: NumberNode): void {
  const [re, im] = n.complex;
  n.isFloat = im === 0;
  if (n.isFloat) {
    n.float64 = re;
    n.isInt = Number.isInteger(re) && re >= -(2 ** 63) && re < 2 ** 63;
    if (n.isInt) n.int64 = BigInt(re);
    n.isUint = Number.isInteger(re) && re >= 0 && re < 2 ** 64;
    if (n.isUint) n.uint64 = BigInt(re);
  }
}

function quoteName(s: string): string {
  return quote(s);
}

function nodeText(n: ArgNode): string {
  switch (n.type) {
    case "bool":
      return n.value ? "true" : "false";
    case "string":
      return n.quoted;
    case "number":
      return n.text;
    case "nil":
      return "nil";
    default:
      return ".";
  }
}

function nodeStringOfControl(n: EndNode | ElseNode): string {
  return n.type === "end" ? "{{end}}" : "{{else}}";
}
