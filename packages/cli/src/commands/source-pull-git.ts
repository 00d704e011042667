import { lazyCommand } from "../registry.js";

/** `gitops-kit source pull git`: what a GitRepository would produce, written to a directory. */
export const sourcePullGit = lazyCommand(
  {
    name: "source pull git",
    summary: "Fetch a Git repository as a Flux GitRepository would and write its artifact",
    usage:
      "URL --out DIR [--ref REF | --branch B | --tag T | --tag-semver RANGE | --ref-name NAME | --commit SHA] [options]",
    description: [
      "Clones URL shallowly (isomorphic-git for HTTP(S), the git binary for SSH), applies .sourceignore,",
      "--ignore and Flux's default ignore patterns, and extracts the artifact's files into DIR. Prints the",
      "revision (Flux format, e.g. main@sha1:<hex>) and the artifact digest.",
      "",
      "Options:",
      "  --out DIR               where the artifact's files go (required)",
      "  --ref REF               refs/... is a ref name, 40 hex characters a commit, anything else a branch",
      "  --branch, --tag, --tag-semver, --ref-name, --commit   as spec.ref (default branch: master)",
      "  --ignore TEXT           spec.ignore (gitignore lines)",
      "  --archive FILE          also write the artifact tar.gz",
      "  --username USER         HTTP basic auth user; the password is read from $GITOPS_KIT_GIT_PASSWORD",
      "                          (a bearer token from $GITOPS_KIT_GIT_TOKEN)",
      "  --private-key-file F    SSH private key;  --known-hosts-file F   SSH known_hosts",
      "  -o, --output FORMAT     text (default), yaml or json ({revision, digest, out, entries})",
    ].join("\n"),
    examples: [
      "gitops-kit source pull git https://github.com/stefanprodan/podinfo --tag-semver '6.x' --out ./podinfo",
      "gitops-kit source pull git https://example.com/org/app.git --ref main --out ./app --archive app.tar.gz",
    ],
  },
  async () => (await import("./run/source-pull-git.js")).runSourcePullGit,
);
