/**
 * The Flux `GitRepository` API (`source.toolkit.fluxcd.io/v1`), decoded with zod as the API server and
 * source-controller see it: the CRD's patterns and enums, defaults (`timeout: 60s`, `verify.mode: HEAD`,
 * provider `generic`), and the controller's reading of `spec.ref` (commit, then name, tag, semver,
 * branch; `master` when nothing is set).
 *
 * @module
 */
import { ValidationError } from "@gitops-kit/core";
import { z } from "zod";
import { goDuration, INTERVAL_PATTERN, localRef, TIMEOUT_PATTERN } from "../spec-fields.js";

/** The API group of Flux sources. */
export const SOURCE_GROUP = "source.toolkit.fluxcd.io";
/** The served API version of GitRepository. */
export const GIT_REPOSITORY_API_VERSION = `${SOURCE_GROUP}/v1`;
/** The branch checked out when `spec.ref` names nothing. */
export const DEFAULT_GIT_BRANCH = "master";

/** `spec.ref`. */
export const GitRepositoryRefSchema = z.object({
  branch: z.string().optional(),
  tag: z.string().optional(),
  semver: z.string().optional(),
  name: z.string().optional(),
  commit: z.string().optional(),
});

/** One `spec.include` entry. */
export const GitRepositoryIncludeSchema = z.object({
  repository: localRef,
  fromPath: z.string().optional(),
  toPath: z.string().optional(),
});

/** `spec` of a GitRepository, with Flux's defaults applied. */
export const GitRepositorySpecSchema = z
  .object({
    url: z.string().regex(/^(http|https|ssh):\/\/.*$/, "should match '^(http|https|ssh)://.*$'"),
    secretRef: localRef.optional(),
    provider: z.enum(["generic", "aws", "azure", "github"]).optional(),
    serviceAccountName: z.string().optional(),
    /** Required by the CRD; not needed to fetch, so optional here. */
    interval: goDuration(INTERVAL_PATTERN).optional(),
    timeout: goDuration(TIMEOUT_PATTERN).default("60s"),
    ref: GitRepositoryRefSchema.optional(),
    verify: z
      .object({
        mode: z.enum(["head", "HEAD", "Tag", "TagAndHEAD"]).default("HEAD"),
        secretRef: localRef,
      })
      .optional(),
    proxySecretRef: localRef.optional(),
    ignore: z.string().optional(),
    suspend: z.boolean().optional(),
    recurseSubmodules: z.boolean().optional(),
    include: z.array(GitRepositoryIncludeSchema).optional(),
    sparseCheckout: z.array(z.string()).optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.serviceAccountName && spec.provider !== "azure" && spec.provider !== "aws") {
      ctx.addIssue({
        code: "custom",
        path: ["serviceAccountName"],
        message: "serviceAccountName can only be set when provider is 'azure' or 'aws'",
      });
    }
  });

/** A GitRepository spec as written (defaults not yet applied). */
export type GitRepositorySpecInput = z.input<typeof GitRepositorySpecSchema>;
/** A validated GitRepository spec with defaults. */
export type GitRepositorySpec = z.output<typeof GitRepositorySpecSchema>;
export type GitRepositoryRef = z.output<typeof GitRepositoryRefSchema>;
export type GitRepositoryInclude = z.output<typeof GitRepositoryIncludeSchema>;

/** A whole GitRepository object. */
export interface GitRepository {
  apiVersion: string;
  kind: "GitRepository";
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  spec: GitRepositorySpec;
}

/** A spec that failed validation; `field` is the offending path (e.g. `spec.ref.semver`). */
export class GitRepositorySpecError extends ValidationError {
  readonly field: string | undefined;

  constructor(message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.field = options.field;
  }
}

function fail(prefix: string, error: z.ZodError, root: string): never {
  const issue = error.issues[0];
  const field = [root, ...issue.path.map(String)].filter((s) => s !== "").join(".");
  throw new GitRepositorySpecError(`${prefix}${field ? `${field}: ` : ""}${issue.message}`, {
    field: field || undefined,
    cause: error,
  });
}

/** Validate a GitRepository `spec` and apply Flux's defaults. Errors name the field. */
export function parseGitRepositorySpec(spec: unknown): GitRepositorySpec {
  const result = GitRepositorySpecSchema.safeParse(spec);
  if (!result.success) fail("GitRepository: ", result.error, "spec");
  return result.data;
}

/** Validate a whole GitRepository object (`source.toolkit.fluxcd.io/v1`). */
export function parseGitRepository(object: unknown): GitRepository {
  const o = object as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown }; spec?: unknown };
  const name = typeof o?.metadata?.name === "string" ? o.metadata.name : "";
  const prefix = `GitRepository${name ? ` '${name}'` : ""}: `;
  if (o?.kind !== "GitRepository") throw new GitRepositorySpecError(`${prefix}kind must be GitRepository`);
  if (o.apiVersion !== GIT_REPOSITORY_API_VERSION) {
    throw new GitRepositorySpecError(
      `${prefix}apiVersion '${String(o.apiVersion)}' is not supported (want ${GIT_REPOSITORY_API_VERSION})`,
      { field: "apiVersion" },
    );
  }
  if (name === "")
    throw new GitRepositorySpecError(`${prefix}metadata.name is required`, { field: "metadata.name" });
  const result = GitRepositorySpecSchema.safeParse(o.spec);
  if (!result.success) fail(prefix, result.error, "spec");
  if (result.data.interval === undefined) {
    throw new GitRepositorySpecError(`${prefix}spec.interval: Required value`, { field: "spec.interval" });
  }
  return { ...(object as GitRepository), spec: result.data };
}

/** How `spec.ref` is checked out, in the controller's order of precedence. */
export type GitCheckoutStrategy =
  | { kind: "commit"; commit: string; branch?: string; name?: string }
  | { kind: "name"; name: string }
  | { kind: "tag"; tag: string }
  | { kind: "semver"; range: string }
  | { kind: "branch"; branch: string };

/** Read `spec.ref` as source-controller does: commit, name, tag, semver, then branch (default `master`). */
export function checkoutStrategy(ref: GitRepositoryRef | undefined): GitCheckoutStrategy {
  if (ref?.commit) {
    return {
      kind: "commit",
      commit: ref.commit,
      ...(ref.branch ? { branch: ref.branch } : {}),
      ...(ref.name ? { name: ref.name } : {}),
    };
  }
  if (ref?.name) return { kind: "name", name: ref.name };
  if (ref?.tag) return { kind: "tag", tag: ref.tag };
  if (ref?.semver) return { kind: "semver", range: ref.semver };
  return { kind: "branch", branch: ref?.branch || DEFAULT_GIT_BRANCH };
}

/** A phrase naming the reference, for messages (`branch 'main'`, `semver '>=1.0'`). */
export function describeStrategy(s: GitCheckoutStrategy): string {
  switch (s.kind) {
    case "commit":
      return `commit '${s.commit}'`;
    case "name":
      return `ref '${s.name}'`;
    case "tag":
      return `tag '${s.tag}'`;
    case "semver":
      return `semver '${s.range}'`;
    case "branch":
      return `branch '${s.branch}'`;
  }
}
