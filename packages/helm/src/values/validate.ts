/**
 * Helm's `ValidateAgainstSchema`: the coalesced values of a chart, and the section of every enabled
 * subchart, checked against each chart's values.schema.json; all failures reported in one message.
 */
import { sprintf } from "@gitops-kit/template";
import type { ChartNode } from "../chart/node.js";
import { SchemaError, SchemaValidationError, type SchemaViolation } from "../errors.js";
import { isTable, type Values } from "./read.js";
import { formatSchemaErrors, type SchemaErrorNode, ValuesSchema } from "./schema.js";

// Compiled schemas, by the schema bytes of a loaded chart (charts are immutable once loaded).
const compiled = new WeakMap<Uint8Array, ValuesSchema>();

function schemaOf(bytes: Uint8Array, chart: string): ValuesSchema {
  let s = compiled.get(bytes);
  if (!s) {
    try {
      s = ValuesSchema.parse(new TextDecoder().decode(bytes));
    } catch (err) {
      if (err instanceof SchemaError) throw new SchemaError(`${chart}: ${err.message}`, { cause: err });
      throw err;
    }
    compiled.set(bytes, s);
  }
  return s;
}

function flatten(chart: string, nodes: readonly SchemaErrorNode[], out: SchemaViolation[]): void {
  for (const n of nodes) {
    if (!(n.kind === "ref" && n.causes.length === 1)) {
      out.push({
        chart,
        path: n.at.map((t) => `/${t.replaceAll("~", "~0").replaceAll("/", "~1")}`).join(""),
        reason: n.message,
      });
    }
    flatten(chart, n.causes, out);
  }
}

function collect(node: ChartNode, values: Values, text: string[], violations: SchemaViolation[]): void {
  const name = node.metadata.name;
  if (node.chart.schema) {
    const errors = schemaOf(node.chart.schema, name).validate(values);
    if (errors) {
      text.push(`${name}:\n${formatSchemaErrors(errors)}\n`);
      flatten(name, errors, violations);
    }
  }
  for (const sub of node.dependencies) {
    const subName = sub.metadata.name;
    if (!Object.hasOwn(values, subName) || values[subName] === null) continue;
    const raw = values[subName];
    if (!isTable(raw)) {
      const reason = `invalid type for values: expected object (map), got ${sprintf("%T", raw)}`;
      text.push(`${subName}:\n${reason}\n`);
      violations.push({ chart: subName, path: "", reason });
      continue;
    }
    collect(sub, raw, text, violations);
  }
}

/**
 * Validate coalesced values against the schemas of the chart tree. Throws {@link SchemaValidationError}
 * with Helm's message (`values don't meet the specifications of the schema(s) in the following chart(s):`),
 * or {@link SchemaError} for a schema that cannot be used.
 */
export function validateValues(node: ChartNode, values: Values): void {
  const text: string[] = [];
  const violations: SchemaViolation[] = [];
  collect(node, values, text, violations);
  if (text.length > 0) {
    throw new SchemaValidationError(
      `values don't meet the specifications of the schema(s) in the following chart(s):\n${text.join("")}`,
      violations,
    );
  }
}
