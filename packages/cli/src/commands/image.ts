import { lazyCommand } from "../registry.js";

/** `gitops-kit image select`: the tag an ImagePolicy selects from a tag list or a registry repository. */
export const imageSelect = lazyCommand(
  {
    name: "image select",
    summary: "Select the latest image tag as a Flux ImagePolicy would",
    usage:
      "--policy FILE (--tags FILE | --repository REF [--insecure] [--exclude RE]...) [-o text|yaml|json]",
    description: [
      "Reads an ImagePolicy (image.toolkit.fluxcd.io/v1beta2 or v1, YAML or JSON) and picks the latest tag with",
      "its semver / alphabetical / numerical policy and filterTags, exactly as image-reflector-controller does.",
      "",
      "Options:",
      "  --policy FILE      the ImagePolicy ('-' reads standard input)",
      "  --tags FILE        tags as a JSON array or one per line ('-' reads standard input)",
      "  --repository REF   list the tags of an OCI repository instead (registry/repository, no tag)",
      "  --insecure         plain HTTP for a registry on this machine",
      "  --exclude RE       exclusion pattern (repeatable; default drops cosign '.sig' tags)",
      "  -o, --output FMT   text (the tag; default), yaml or json (latestRef and the Ready message)",
    ].join("\n"),
    examples: [
      "gitops-kit image select --policy policy.yaml --tags tags.txt",
      "gitops-kit image select --policy policy.yaml --repository 127.0.0.1:5000/team/app --insecure -o json",
    ],
  },
  async () => (await import("./run/image.js")).runImageSelect,
);

/** `gitops-kit image update`: the Setters strategy over a directory, optionally committed to its Git repository. */
export const imageUpdate = lazyCommand(
  {
    name: "image update",
    summary: "Update image references marked with $imagepolicy comments (Flux Setters strategy)",
    usage:
      "--path DIR --policies FILE [--commit [--repo DIR] [--message-template FILE] [--automation NS/NAME] [--author NAME <EMAIL>]] [--dry-run] [-o text|yaml|json]",
    description: [
      'Sets every scalar marked with # {"$imagepolicy": "<namespace>:<name>[:tag|:name|:digest]"} under DIR to',
      "the policy's status.latestRef. Only the marked scalars' bytes change. Policies are ImagePolicy objects",
      "(YAML stream) or a JSON list of {namespace, name, status: {latestRef: {name, tag, digest?}}}.",
      "",
      "Options:",
      "  --path DIR              the files to update (required)",
      "  --policies FILE         the policies with their latest refs (required; '-' reads standard input)",
      "  --commit                commit the changed files in the Git repository (no push)",
      "  --repo DIR              the repository root (default: --path)",
      "  --message-template FILE Go template for the commit message (Flux's data: .AutomationObject, .Changed, .Values)",
      "  --automation NS/NAME    the automation named in the message (default flux-system/cli)",
      "  --author 'NAME <EMAIL>' commit author (default 'gitops-kit <gitops-kit@localhost>')",
      "  --dry-run               print what would change without writing",
      "  -o, --output FORMAT     text (default: 'file: Kind/name: old -> new (setter)' lines), yaml or json",
      "                          ({changes: [...], message?, commit?})",
    ].join("\n"),
    examples: [
      "gitops-kit image update --path ./clusters/prod --policies policies.yaml",
      "gitops-kit image update --path . --policies policies.json --commit --message-template msg.tmpl",
    ],
  },
  async () => (await import("./run/image.js")).runImageUpdate,
);
