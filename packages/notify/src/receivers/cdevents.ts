/**
 * A structural check of CDEvents (https://cdevents.dev) for the cdevents receiver: the body must be a
 * JSON CDEvent with a context (`id`, `source`, `type` of the form `dev.cdevents.<subject>.<predicate>.<version>`,
 * RFC 3339 `timestamp`, `version`) and a subject with an `id`. Flux validates with the CDEvents SDK's
 * JSON schemas; this check covers the required envelope, not every per-type content field.
 *
 * @module
 */

import { goUnmarshal } from "../go-json.js";

const TYPE = /^dev\.cdevents\.[a-z][a-z0-9]*\.[a-z][a-z0-9]*\.\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** Throw an Error naming the first problem unless `body` is a well-formed CDEvent. */
export function validateCDEvent(body: string): void {
  const event = goUnmarshal(body, { kind: "any" });
  if (typeof event !== "object" || event === null || Array.isArray(event))
    throw new Error("the CDEvent is not a JSON object");
  const { context, subject } = event as { context?: unknown; subject?: unknown };
  if (typeof context !== "object" || context === null) throw new Error("context is required");
  const c = context as Record<string, unknown>;
  if (typeof c.type !== "string" || !TYPE.test(c.type))
    throw new Error(`invalid CDEvent type ${JSON.stringify(c.type ?? "")}`);
  for (const field of ["id", "source", "version"]) {
    if (typeof c[field] !== "string" || c[field] === "") throw new Error(`context.${field} is required`);
  }
  if (typeof c.timestamp !== "string" || !RFC3339.test(c.timestamp))
    throw new Error("context.timestamp must be an RFC 3339 time");
  if (typeof subject !== "object" || subject === null) throw new Error("subject is required");
  const s = subject as Record<string, unknown>;
  if (typeof s.id !== "string" || s.id === "") throw new Error("subject.id is required");
}
