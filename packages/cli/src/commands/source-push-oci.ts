import { resolve } from "node:path";
import { nodeFs } from "@gitops-kit/core/node";
import { pushArtifact } from "@gitops-kit/source";
import { parseCommandArgs } from "../args.js";
import { UsageError } from "../errors.js";
import type { Command } from "../registry.js";

/** `gitops-kit source push oci`: `flux push artifact`. */
export const sourcePushOci: Command = {
  name: "source push oci",
  summary: "Push a directory or file to a registry as a Flux OCI artifact (flux push artifact)",
  usage: "PATH --url oci://REGISTRY/REPO:TAG [--source URL] [--revision REV] [options]",
  description: [
    "Archives PATH (a directory, or one file) into one tar+gzip layer with Flux's media types, adds the",
    "org.opencontainers.image.created/source/revision annotations, and pushes it. Prints the artifact's",
    "digest URL (REGISTRY/REPO@sha256:<hex>).",
    "",
    "  --source URL         org.opencontainers.image.source",
    "  --revision REV       org.opencontainers.image.revision (e.g. main@sha1:<hex>)",
    "  --annotation K=V     extra annotation (repeatable)",
    "  --created RFC3339    creation time (default: now)",
    "  --ignore-paths P     gitignore pattern to leave out (repeatable; default: VCS files and archives)",
    "  --username USER      the password is read from $GITOPS_KIT_OCI_PASSWORD",
    "  --insecure           plain HTTP, for a registry on this machine only",
  ].join("\n"),
  examples: [
    "gitops-kit source push oci ./deploy --url oci://ghcr.io/org/manifests/app:v1 --source https://github.com/org/app --revision main@sha1:0123abc",
  ],
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        url: { type: "string" },
        source: { type: "string" },
        revision: { type: "string" },
        annotation: { type: "string", multiple: true },
        created: { type: "string" },
        "ignore-paths": { type: "string", multiple: true },
        username: { type: "string" },
        insecure: { type: "boolean" },
      },
      { min: 1, max: 1 },
    );
    if (!values.url) throw new UsageError("--url oci://REGISTRY/REPO:TAG is required");
    const annotations: Record<string, string> = {};
    for (const pair of values.annotation ?? []) {
      const eq = pair.indexOf("=");
      if (eq <= 0) throw new UsageError(`--annotation must be KEY=VALUE, got '${pair}'`);
      annotations[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    const pushed = await pushArtifact({
      url: values.url,
      fs: nodeFs(),
      path: resolve(io.cwd, positionals[0]),
      source: values.source,
      revision: values.revision,
      annotations,
      created: values.created,
      ignorePaths: values["ignore-paths"],
      insecure: values.insecure,
      credentials:
        values.username !== undefined
          ? { username: values.username, password: process.env.GITOPS_KIT_OCI_PASSWORD ?? "" }
          : undefined,
    });
    io.stdout(`pushed: ${pushed.url}\n`);
    return 0;
  },
};
