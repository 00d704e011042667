import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { nodeFs } from "@gitops-kit/core/node";
import { type BucketFetched, fetchBucket, type S3Credentials } from "@gitops-kit/source/node";
import { parseCommandArgs } from "../../args.js";
import { UsageError } from "../../errors.js";
import { outputFormat } from "../../output.js";
import { terminalProgress } from "../../progress.js";
import { printPullResult } from "../../pull-result.js";
import type { CommandRun } from "../../registry.js";

/** Runs `gitops-kit source pull bucket`. */
export const runSourcePullBucket: CommandRun = async (args, io) => {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      endpoint: { type: "string" },
      out: { type: "string" },
      prefix: { type: "string" },
      region: { type: "string" },
      ignore: { type: "string" },
      insecure: { type: "boolean" },
      archive: { type: "string" },
      output: { type: "string", short: "o" },
    },
    { min: 1, max: 1 },
  );
  if (!values.endpoint) throw new UsageError("--endpoint HOST[:PORT] is required");
  if (!values.out) throw new UsageError("--out DIR is required");
  const output = outputFormat(values.output, ["text", "yaml", "json"]);
  const key = process.env.AWS_ACCESS_KEY_ID;
  const secret = process.env.AWS_SECRET_ACCESS_KEY;
  const credentials: S3Credentials | undefined =
    key && secret
      ? {
          accessKeyId: key,
          secretAccessKey: secret,
          sessionToken: process.env.AWS_SESSION_TOKEN || undefined,
        }
      : undefined;
  const progress = terminalProgress(io);
  try {
    const result = (await fetchBucket({
      spec: {
        bucketName: positionals[0],
        endpoint: values.endpoint,
        ...(values.prefix ? { prefix: values.prefix } : {}),
        ...(values.region ? { region: values.region } : {}),
        ...(values.ignore !== undefined ? { ignore: values.ignore } : {}),
        ...(values.insecure ? { insecure: true } : {}),
      },
      fs: nodeFs(),
      dir: resolve(io.cwd, values.out),
      credentials,
      onProgress: progress.onProgress,
    })) as BucketFetched;
    progress.done();
    if (values.archive) writeFileSync(resolve(io.cwd, values.archive), result.artifact.tarGz);
    const summary = {
      revision: result.revision,
      digest: result.artifact.digest,
      out: values.out,
      files: result.files.length,
    };
    io.stdout(printPullResult(summary, output, `${summary.files} objects`));
    return 0;
  } finally {
    progress.done();
  }
};
