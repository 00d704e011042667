import {
  ConflictError,
  type FieldConflict,
  type GitOpsError,
  type ObjectRef,
  ResourceNotFoundError,
  redact,
  ValidationError,
} from "@gitops-kit/core";
import { ClusterAuthError, ClusterRequestError } from "./errors.js";
import type { KubeResponse } from "./transport.js";

/** The parts of a `metav1.Status` this package reads. */
interface StatusBody {
  kind?: unknown;
  message?: unknown;
  reason?: unknown;
  details?: { causes?: unknown; name?: unknown; group?: unknown; kind?: unknown };
}

/** What the failing request was about, for the error. */
export interface ErrorContext {
  /** `GET /api/v1/namespaces/x/configmaps/y`, for messages of the errors that name the request. */
  request: string;
  /** The object concerned (used by {@link ResourceNotFoundError}). */
  ref: ObjectRef;
}

/**
 * The typed error for an API server answer that is not a success: 404 → ResourceNotFoundError,
 * 409 → ConflictError (field conflicts from the Status causes), 400/422 → ValidationError,
 * 401/403 → ClusterAuthError, anything else → ClusterRequestError. The server's own message is kept
 * (it already names the object, e.g. `deployments.apps "web" not found`), with credentials masked.
 */
export function errorFromResponse(res: KubeResponse, ctx: ErrorContext): GitOpsError {
  const status = isStatus(res.body) ? res.body : undefined;
  const serverMessage =
    typeof status?.message === "string" && status.message !== ""
      ? status.message
      : res.text.trim() !== "" && res.body === undefined
        ? res.text.trim().slice(0, 200)
        : `HTTP ${res.status}`;
  const message = redact(serverMessage, res.secrets);
  const request = redact(ctx.request, res.secrets);
  const reason = typeof status?.reason === "string" ? status.reason : undefined;
  switch (res.status) {
    case 404:
      return new ResourceNotFoundError(missingRef(status, ctx.ref), message);
    case 409:
      return new ConflictError(message, fieldConflicts(status, res.secrets));
    case 400:
    case 422:
      return new ValidationError(message);
    case 401:
      return new ClusterAuthError(401, `${request}: unauthorized (401): ${message}`);
    case 403:
      return new ClusterAuthError(403, `${request}: forbidden (403): ${message}`);
    default:
      return new ClusterRequestError(res.status, `${request}: HTTP ${res.status}: ${message}`, reason);
  }
}

/**
 * A write into a namespace that does not exist fails with 404 `namespaces "x" not found`; the
 * Status details name the namespace (resource `namespaces`), which is then what was not found.
 */
function missingRef(status: StatusBody | undefined, ref: ObjectRef): ObjectRef {
  const d = status?.details;
  if (d?.kind === "namespaces" && (d.group ?? "") === "" && typeof d.name === "string" && d.name !== "") {
    if (!(ref.kind === "Namespace" && ref.apiVersion === "v1"))
      return { apiVersion: "v1", kind: "Namespace", name: d.name };
  }
  return ref;
}

function isStatus(body: unknown): body is StatusBody {
  return typeof body === "object" && body !== null && (body as StatusBody).kind === "Status";
}

/**
 * Server-side apply conflicts arrive as causes of type `FieldManagerConflict`, each with the field
 * (`.spec.replicas`) and a message `conflict with "manager" using apps/v1`.
 */
function fieldConflicts(status: StatusBody | undefined, secrets: string[]): FieldConflict[] {
  const causes = status?.details?.causes;
  if (!Array.isArray(causes)) return [];
  const out: FieldConflict[] = [];
  for (const cause of causes) {
    if (typeof cause !== "object" || cause === null) continue;
    const { type, message, field } = cause as { type?: unknown; message?: unknown; field?: unknown };
    if (type !== "FieldManagerConflict" || typeof field !== "string") continue;
    out.push({ manager: redact(managerOf(typeof message === "string" ? message : ""), secrets), field });
  }
  return out;
}

function managerOf(message: string): string {
  const quoted = /conflict with "((?:[^"\\]|\\.)*)"/.exec(message);
  if (quoted) {
    try {
      return JSON.parse(`"${quoted[1]}"`) as string;
    } catch {
      return quoted[1];
    }
  }
  return message.replace(/^conflict with /, "");
}
