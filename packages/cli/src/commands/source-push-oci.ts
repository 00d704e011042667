import { lazyCommand } from "../registry.js";

/** `gitops-kit source push oci`: `flux push artifact`. */
export const sourcePushOci = lazyCommand(
  {
    name: "source push oci",
    summary: "Push a directory or file to a registry as a Flux OCI artifact (flux push artifact)",
    usage: "PATH --url oci://REGISTRY/REPO:TAG [--source URL] [--revision REV] [options]",
    description: [
      "Archives PATH (a directory, or one file) into one tar+gzip layer with Flux's media types, adds the",
      "org.opencontainers.image.created/source/revision annotations, and pushes it. Prints the artifact's",
      "digest URL (REGISTRY/REPO@sha256:<hex>).",
      "",
      "Options:",
      "  --url URL            oci://REGISTRY/REPO:TAG to push to (required)",
      "  --source URL         org.opencontainers.image.source",
      "  --revision REV       org.opencontainers.image.revision (e.g. main@sha1:<hex>)",
      "  --annotation K=V     extra annotation (repeatable)",
      "  --created RFC3339    creation time (default: now)",
      "  --ignore-paths P     gitignore pattern to leave out (repeatable; default: VCS files and archives)",
      "  --username USER      the password is read from $GITOPS_KIT_OCI_PASSWORD",
      "  --insecure           plain HTTP, for a registry on this machine only",
      "  -o, --output FORMAT  text (default), yaml or json ({url, digest, tag})",
    ].join("\n"),
    examples: [
      "gitops-kit source push oci ./deploy --url oci://ghcr.io/org/manifests/app:v1 --source https://github.com/org/app --revision main@sha1:0123abc",
    ],
  },
  async () => (await import("./run/source-push-oci.js")).runSourcePushOci,
);
