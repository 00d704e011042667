/**
 * Parse tree nodes, mirroring Go's text/template/parse node kinds, and their canonical string forms (used in
 * error messages: `executing "main" at <.x.y>`).
 */
import { quote } from "../fmt/quote.js";

/** The parse of one template: its name, the name of the template whose text it came from, and that text. */
export interface TreeInfo {
  /** Name of the template represented by the tree. */
  name: string;
  /** Name of the top-level template during parsing, for error messages. */
  parseName: string;
  /** The full source text the tree was parsed from (for line/column in error messages). */
  text: string;
}

interface Base {
  /** Offset in the source text (JS string index). */
  pos: number;
  tree: TreeInfo;
}

export interface ListNode extends Base {
  type: "list";
  nodes: Node[];
}
export interface TextNode extends Base {
  type: "text";
  text: string;
}
export interface CommentNode extends Base {
  type: "comment";
  text: string;
}
export interface ActionNode extends Base {
  type: "action";
  line: number;
  pipe: PipeNode;
}
export interface PipeNode extends Base {
  type: "pipe";
  line: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode extends Base {
  type: "command";
  args: ArgNode[];
}
export interface IdentifierNode extends Base {
  type: "identifier";
  ident: string;
}
export interface VariableNode extends Base {
  type: "variable";
  ident: string[];
}
export interface DotNode extends Base {
  type: "dot";
}
export interface NilNode extends Base {
  type: "nil";
}
export interface FieldNode extends Base {
  type: "field";
  ident: string[];
}
export interface ChainNode extends Base {
  type: "chain";
  node: ArgNode;
  field: string[];
}
export interface BoolNode extends Base {
  type: "bool";
  value: boolean;
}
export interface NumberNode extends Base {
  type: "number";
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
  /** Real and imaginary parts when `isComplex`. */
  complex: [number, number];
  text: string;
}
export interface StringNode extends Base {
  type: "string";
  quoted: string;
  text: string;
}
export interface BranchNode extends Base {
  type: "if" | "range" | "with";
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface TemplateNode extends Base {
  type: "template";
  line: number;
  name: string;
  pipe: PipeNode | null;
}
export interface BreakNode extends Base {
  type: "break";
  line: number;
}
export interface ContinueNode extends Base {
  type: "continue";
  line: number;
}
/** `{{end}}` and `{{else}}` only exist during parsing. */
export interface EndNode extends Base {
  type: "end";
}
export interface ElseNode extends Base {
  type: "else";
  line: number;
}

/** Nodes that can appear as command arguments. */
export type ArgNode =
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

/** Any node. */
export type Node =
  | ListNode
  | TextNode
  | CommentNode
  | ActionNode
  | CommandNode
  | ArgNode
  | BranchNode
  | TemplateNode
  | BreakNode
  | ContinueNode
  | EndNode
  | ElseNode;

/** The canonical text of a node, as Go's `Node.String()` prints it. */
export function nodeString(n: Node): string {
  switch (n.type) {
    case "list":
      return n.nodes.map(nodeString).join("");
    case "text":
      return n.text;
    case "comment":
      return `{{${n.text}}}`;
    case "action":
      return `{{${nodeString(n.pipe)}}}`;
    case "pipe": {
      let s = "";
      if (n.decl.length > 0) s = `${n.decl.map(nodeString).join(", ")} := `;
      return s + n.cmds.map(nodeString).join(" | ");
    }
    case "command":
      return n.args.map((a) => (a.type === "pipe" ? `(${nodeString(a)})` : nodeString(a))).join(" ");
    case "identifier":
      return n.ident;
    case "variable":
      return n.ident.join(".");
    case "dot":
      return ".";
    case "nil":
      return "nil";
    case "field":
      return n.ident.map((id) => `.${id}`).join("");
    case "chain": {
      const base = n.node.type === "pipe" ? `(${nodeString(n.node)})` : nodeString(n.node);
      return base + n.field.map((f) => `.${f}`).join("");
    }
    case "bool":
      return n.value ? "true" : "false";
    case "number":
      return n.text;
    case "string":
      return n.quoted;
    case "if":
    case "range":
    case "with": {
      let s = `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}`;
      if (n.elseList) s += `{{else}}${nodeString(n.elseList)}`;
      return `${s}{{end}}`;
    }
    case "template":
      return `{{template ${quote(n.name)}${n.pipe ? ` ${nodeString(n.pipe)}` : ""}}}`;
    case "break":
      return "{{break}}";
    case "continue":
      return "{{continue}}";
    case "end":
      return "{{end}}";
    case "else":
      return "{{else}}";
  }
}

const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** Whether the tree is empty of everything but space and comments (Go's IsEmptyTree). */
export function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.type) {
    case "comment":
      return true;
    case "list":
      return n.nodes.every(isEmptyTree);
    case "text":
      return GO_SPACE_ONLY.test(n.text);
    default:
      return false;
  }
}
