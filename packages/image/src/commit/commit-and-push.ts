import type { GitAdapter, GitAuth, GitIdentity } from "@gitops-kit/core";
import { ImageUpdateError } from "../errors.js";
import { hasChanges, type UpdateResult } from "../update/result.js";
import { pushSummary, renderCommitMessage } from "./message.js";

/** `spec.git` of an ImageUpdateAutomation, as far as committing and pushing goes. */
export interface AutomationGitSpec {
  commit: {
    author: { name: string; email: string };
    /** Go template; empty means Flux's default message. */
    messageTemplate?: string;
    messageTemplateValues?: Record<string, string>;
  };
  push?: {
    /** Branch to push to (default: the checked-out branch). */
    branch?: string;
    /** An extra refspec pushed after the branch, `<src>:<dst>` (`HEAD` as src means the commit). */
    refspec?: string;
  };
}

/** Options for {@link commitAndPush}. */
export interface CommitAndPushOptions {
  git: GitAdapter;
  /** The working tree the update ran in. */
  dir: string;
  /** The branch checked out in `dir`. */
  branch: string;
  automation: { namespace: string; name: string };
  spec: AutomationGitSpec;
  /** What the update changed; nothing is committed when it is empty. */
  result: UpdateResult;
  auth?: GitAuth;
  /** Commit time (default: the adapter's clock). */
  date?: Date;
}

/** What {@link commitAndPush} did. */
export type CommitAndPushResult =
  | { committed: false; reason: "no changes" | "nothing to commit" }
  | {
      committed: true;
      /** The new commit id. */
      revision: string;
      message: string;
      /** The branch pushed to. */
      pushedBranch: string;
      refspecs: string[];
      /** Flux's Ready message: `pushed commit '<rev>' to branch '<branch>'...`. */
      summary: string;
    };

/**
 * Commit the working tree's changes with the rendered message and push them, as Flux's image
 * automation does: nothing happens when the result has no change; the message template is rendered
 * before anything is written, so a template error (`CommitTemplateError`) leaves no commit; the
 * commit goes on the checked-out branch and is pushed to `push.branch` (default: the same branch),
 * then to `push.refspec` when set.
 */
export async function commitAndPush(options: CommitAndPushOptions): Promise<CommitAndPushResult> {
  if (!hasChanges(options.result)) return { committed: false, reason: "no changes" };
  const { git, dir, spec } = options;
  const message = renderCommitMessage({
    template: spec.commit.messageTemplate,
    automation: options.automation,
    result: options.result,
    values: spec.commit.messageTemplateValues,
  });
  const author: GitIdentity = { ...spec.commit.author, ...(options.date ? { date: options.date } : {}) };
  const revision = await git.commit({ dir, message, author });
  if (revision === undefined) return { committed: false, reason: "nothing to commit" };

  const pushedBranch = spec.push?.branch || options.branch;
  await git.push({ dir, ref: options.branch, remoteRef: pushedBranch, auth: options.auth });
  const refspecs: string[] = [];
  if (spec.push?.refspec) {
    const [src, dst, extra] = spec.push.refspec.replace(/^\+/, "").split(":");
    if (!src || !dst || extra !== undefined)
      throw new ImageUpdateError(
        `spec.git.push.refspec ${JSON.stringify(spec.push.refspec)}: expected <src>:<dst>`,
      );
    const ref = src === "HEAD" ? options.branch : src.replace(/^refs\/heads\//, "");
    await git.push({
      dir,
      ref,
      remoteRef: dst,
      auth: options.auth,
      force: spec.push.refspec.startsWith("+"),
    });
    refspecs.push(spec.push.refspec);
  }
  return {
    committed: true,
    revision,
    message,
    pushedBranch,
    refspecs,
    summary: pushSummary({ branch: pushedBranch, revision, message, refspecs }),
  };
}
