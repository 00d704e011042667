/**
 * The template engine step of a render (Helm's `engine.Render`): every template of the chart and its
 * enabled subcharts parsed into one set rooted at `gotpl` (deepest paths first, so a parent's `define`s win
 * over a subchart's), then each non-partial template executed with its chart's scope (`.Values`, `.Chart`,
 * `.Files`, `.Subcharts`, `.Release`, `.Capabilities`, `.Template`), missingkey=zero and `<no value>`
 * removed. Errors come out as Helm words them.
 */
import { type ClusterAdapter, errorMessage } from "@gitops-kit/core";
import {
  decodeGoBytes,
  type ExecLimits,
  type FuncMap,
  type ParseTree,
  sprigFuncs,
  Template,
  TemplateError,
  TemplateExecError,
  TemplateParseError,
} from "@gitops-kit/template";
import { type ChartNode, chartFullPath } from "../chart/node.js";
import type { ChartFile } from "../chart/types.js";
import { RenderError } from "../errors.js";
import { createHelmFuncs } from "../funcs/index.js";
import { valuesTable } from "../values/path.js";
import { isTable, type Values } from "../values/read.js";
import { chartValue, filesValue } from "./objects.js";

/** One template to render: its file, the data of its chart, and its chart's templates directory. */
interface Renderable {
  file: ChartFile;
  /** The chart scope (shared by the templates of one chart; `.Template` is set on it before each run). */
  vals: Record<string, unknown>;
  basePath: string;
}

/** The top-level render values: `.Values` (coalesced), `.Release`, `.Capabilities` (Go values). */
export interface RenderScope {
  Values: Values;
  Release: unknown;
  Capabilities: unknown;
}

/** Options of {@link renderTemplates}. */
export interface RenderTemplatesOptions {
  node: ChartNode;
  scope: RenderScope;
  /** Helm's `--strict` rendering (missingkey=error). */
  strict?: boolean;
  /** What `lookup` reads (synchronous reads required; see `LookupCache`). Without it `lookup` returns `{}`. */
  cluster?: ClusterAdapter;
  /** Execution limits per template (steps, depth, output size, time). */
  limits?: ExecLimits;
  /** Extra template functions, installed after Helm's. */
  funcs?: FuncMap;
}

const basename = (p: string) => p.slice(p.lastIndexOf("/") + 1);

/** Helm's funcs minus `mustToYaml`, which Helm v3 does not define. */
function helmFunctions(root: Template, options: RenderTemplatesOptions): FuncMap {
  const funcs: Record<string, FuncMap[string]> = {
    ...createHelmFuncs({
      template: root,
      strict: options.strict ?? false,
      cluster: options.cluster,
      errorMarkers: true,
      // Every file is parsed before any executes, so tpl's copy of the set stays valid.
      stableSet: true,
    }),
  };
  delete funcs.mustToYaml;
  return funcs;
}

function collect(
  node: ChartNode,
  out: Map<string, Renderable>,
  parentVals: Record<string, unknown>,
): Record<string, unknown> {
  const subcharts: Record<string, unknown> = {};
  const vals: Record<string, unknown> = {
    Chart: chartValue(node.metadata, node.parent === undefined),
    Files: filesValue(node.chart.files),
    Release: parentVals.Release,
    Capabilities: parentVals.Capabilities,
    Values: {},
    Subcharts: subcharts,
  };
  if (node.parent === undefined) vals.Values = parentVals.Values;
  else {
    const table = isTable(parentVals) ? valuesTable(parentVals, `Values.${node.metadata.name}`) : undefined;
    if (table) vals.Values = table;
  }
  for (const child of node.dependencies) subcharts[child.metadata.name] = collect(child, out, vals);
  const base = chartFullPath(node);
  const library = node.metadata.type.toLowerCase() === "library";
  for (const t of node.chart.templates) {
    // A library chart contributes only its partials (`_*.tpl`).
    if (library && !basename(t.name).startsWith("_")) continue;
    out.set(joinPath(base, t.name), {
      file: t,
      vals,
      basePath: joinPath(base, "templates"),
    });
  }
  return vals;
}

function joinPath(a: string, b: string): string {
  const parts: string[] = [];
  for (const seg of `${a}/${b}`.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else parts.push(seg);
  }
  return parts.join("/");
}

const slashes = (s: string) => s.split("/").length - 1;

/** Helm's parse/execute order: most `/` first, then reverse byte order. */
export function templateOrder(names: Iterable<string>): string[] {
  return [...names].sort((a, b) => {
    const d = slashes(b) - slashes(a);
    if (d !== 0) return d;
    return a < b ? 1 : a > b ? -1 : 0;
  });
}

/** `file:line[:col]` → its parts. */
function parseLocation(location: string): { template?: string; line?: number; column?: number } {
  const m = /^(.*?):(\d+)(?::(\d+))?$/.exec(location);
  if (!m) return { template: location };
  return { template: m[1], line: Number(m[2]), column: m[3] === undefined ? undefined : Number(m[3]) };
}

function parseError(filename: string, err: TemplateParseError): RenderError {
  const tokens = err.message.split(": ");
  if (tokens.length === 1) {
    return new RenderError(`parse error in (${filename}): ${err.message}`, {
      template: filename,
      cause: err,
    });
  }
  const location = tokens[1];
  return new RenderError(`parse error at (${location}): ${tokens[tokens.length - 1]}`, {
    ...parseLocation(location),
    cause: err,
  });
}

const HELM_ERR = /HELM_ERR_START([\s\S]*)HELM_ERR_END/;

function execError(filename: string, err: unknown): RenderError {
  if (!(err instanceof TemplateExecError)) {
    if (err instanceof TemplateError) return new RenderError(err.message, { template: filename, cause: err });
    const detail = errorMessage(err);
    return new RenderError(`rendering template failed: ${detail}`, { template: filename, cause: err });
  }
  const message = err.message;
  const first = message.indexOf(": ");
  const second = first < 0 ? -1 : message.indexOf(": ", first + 2);
  if (second < 0) {
    return new RenderError(`execution error in (${filename}): ${message}`, {
      template: filename,
      cause: err,
    });
  }
  const location = message.slice(first + 2, second);
  const m = HELM_ERR.exec(message.slice(second + 2));
  if (m) {
    return new RenderError(`execution error at (${location}): ${m[1]}`, {
      ...parseLocation(location),
      cause: err,
    });
  }
  return new RenderError(message, { ...parseLocation(location), cause: err });
}

/** The trees one template file defines, in the order parsing adds them to a set. */
type FileTrees = readonly (readonly [string, ParseTree])[];

const parsedTrees = new WeakMap<ChartFile, Map<string, FileTrees>>();

/** Parse a template file on its own (in a copy of an empty set with the same functions); list its trees. */
function parseFile(blank: Template, name: string, file: ChartFile): FileTrees {
  const scratch = blank.clone();
  try {
    scratch.new(name).parse(decodeGoBytes(file.data));
  } catch (err) {
    if (err instanceof TemplateParseError) throw parseError(name, err);
    throw err;
  }
  const trees: [string, ParseTree][] = [];
  for (const t of scratch.templates()) if (t.tree) trees.push([t.name, t.tree]);
  return trees;
}

/**
 * Render every template of the chart tree. Returns the output of each non-partial template, keyed by its
 * path (`chart/templates/x.yaml`, `chart/charts/sub/templates/y.yaml`), in Helm's execution order.
 * Throws {@link RenderError}.
 */
export function renderTemplates(options: RenderTemplatesOptions): Map<string, string> {
  const templates = new Map<string, Renderable>();
  collect(options.node, templates, options.scope as unknown as Record<string, unknown>);
  const root = new Template("gotpl", {
    missingKey: options.strict ? "error" : "zero",
    limits: options.limits,
  });
  root.funcs(sprigFuncs);
  root.funcs(helmFunctions(root, options));
  if (options.funcs) root.funcs(options.funcs);

  const order = templateOrder(templates.keys());
  // Parse trees depend only on the text, the template name and the function names: reuse them across
  // renders of the same loaded chart unless extra functions change the set.
  const cacheable = options.funcs === undefined;
  const blank = root.clone();
  for (const name of order) {
    const file = (templates.get(name) as Renderable).file;
    let trees = cacheable ? parsedTrees.get(file)?.get(name) : undefined;
    if (!trees) {
      trees = parseFile(blank, name, file);
      if (cacheable) {
        const byName = parsedTrees.get(file) ?? new Map<string, FileTrees>();
        parsedTrees.set(file, byName);
        byName.set(name, trees);
      }
    }
    for (const [treeName, tree] of trees) root.addParseTree(treeName, tree);
  }
  const rendered = new Map<string, string>();
  for (const name of order) {
    if (basename(name).startsWith("_")) continue;
    const r = templates.get(name) as Renderable;
    r.vals.Template = { Name: name, BasePath: r.basePath };
    let out: string;
    try {
      out = root.executeTemplate({ name, data: r.vals });
    } catch (err) {
      throw execError(name, err);
    }
    rendered.set(name, out.replaceAll("<no value>", ""));
  }
  return rendered;
}
