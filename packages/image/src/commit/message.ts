import { createSprigFuncs, type FuncMap, parseTemplate, TemplateError } from "@gitops-kit/template";
import { CommitTemplateError, ImageUpdateError } from "../errors.js";
import type { UpdateResult } from "../update/result.js";
import { commitTemplateData } from "./template-data.js";

/** Flux's commit message when `spec.git.commit.messageTemplate` is empty. */
export const DEFAULT_COMMIT_MESSAGE = "Update from image update automation";

// Sprig's hermetic map: nothing that reads the clock, randomness, the environment or the network.
const NON_HERMETIC = [
  "date",
  "date_in_zone",
  "date_modify",
  "now",
  "htmlDate",
  "htmlDateInZone",
  "dateInZone",
  "dateModify",
  "randAlphaNum",
  "randAlpha",
  "randAscii",
  "randNumeric",
  "randBytes",
  "uuidv4",
  "env",
  "expandenv",
  "getHostByName",
];

let hermetic: FuncMap | undefined;
function hermeticFuncs(): FuncMap {
  if (!hermetic) {
    const all: Record<string, FuncMap[string]> = { ...createSprigFuncs() };
    for (const name of NON_HERMETIC) delete all[name];
    hermetic = all;
  }
  return hermetic;
}

/** Options for {@link renderCommitMessage}. */
export interface RenderCommitMessageOptions {
  /** `spec.git.commit.messageTemplate`; empty or absent means {@link DEFAULT_COMMIT_MESSAGE}. */
  template?: string;
  automation: { namespace: string; name: string };
  result: UpdateResult;
  /** `spec.git.commit.messageTemplateValues`. */
  values?: Record<string, string>;
}

const REMOVED_UPDATED =
  "template uses removed '.Updated' field. Please use '.Changed' instead. See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template";
const REMOVED_IMAGE_RESULT =
  "template uses removed '.Changed.ImageResult' field. Please use '.Changed.FileChanges' or '.Changed.Objects' instead. See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template";

/**
 * The commit message Flux writes: the template rendered with Go text/template and Sprig's hermetic
 * functions over {@link commitTemplateData}. Throws {@link CommitTemplateError} with Flux's messages for
 * a parse error, an execution error, or a use of the removed `.Updated` / `.Changed.ImageResult`.
 */
export function renderCommitMessage(options: RenderCommitMessageOptions): string {
  const text = options.template ?? "";
  if (text === "") return DEFAULT_COMMIT_MESSAGE;
  let template: ReturnType<typeof parseTemplate>;
  try {
    template = parseTemplate({ name: "commit message", text, funcs: hermeticFuncs() });
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    throw new CommitTemplateError(`unable to create commit message template from spec: ${err.message}`, {
      cause: err,
    });
  }
  try {
    return template.execute({ data: commitTemplateData(options) });
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    if (/can't evaluate field Updated\b/.test(err.message))
      throw new CommitTemplateError(REMOVED_UPDATED, { cause: err });
    if (/can't evaluate field ImageResult\b/.test(err.message))
      throw new CommitTemplateError(REMOVED_IMAGE_RESULT, { cause: err });
    throw new CommitTemplateError(`failed to run template from spec: ${err.message}`, { cause: err });
  }
}

/**
 * The Ready message after a push: `pushed commit '<rev[:7]>' to branch '<branch>'`, then
 * ` and refspecs '<r1>', '<r2>'` and `\n<message>` when present. Throws {@link ImageUpdateError} for an
 * empty revision (nothing was pushed).
 */
export function pushSummary(options: {
  branch: string;
  revision: string;
  message?: string;
  refspecs?: readonly string[];
}): string {
  if (options.revision === "") throw new ImageUpdateError("push summary: empty revision, nothing was pushed");
  let summary = `pushed commit '${options.revision.slice(0, 7)}' to branch '${options.branch}'`;
  const refspecs = options.refspecs ?? [];
  if (refspecs.length > 0) summary += ` and refspecs ${refspecs.map((r) => `'${r}'`).join(", ")}`;
  if (options.message) summary += `\n${options.message}`;
  return summary;
}
