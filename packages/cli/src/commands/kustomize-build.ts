import { lazyCommand } from "../registry.js";

/** `gitops-kit kustomize build`: what `kubectl kustomize DIR` prints. */
export const kustomizeBuild = lazyCommand(
  {
    name: "kustomize build",
    summary: "Build a kustomization directory and print the result, as `kubectl kustomize` does",
    usage: "[DIR] [--load-restrictor LoadRestrictionsRootOnly|LoadRestrictionsNone] [-o yaml|json]",
    description: [
      "Builds the kustomization in DIR (default: the working directory) in-process and prints the objects",
      "exactly as `kubectl kustomize DIR` (Kustomize v5.5.0) prints them: legacy order, '---' between",
      "documents. Remote bases, Helm charts and exec plugins are not supported.",
      "",
      "Options:",
      "  --load-restrictor R   LoadRestrictionsRootOnly (default): files must be in or below DIR;",
      "                        LoadRestrictionsNone: files may come from anywhere",
      "  -o, --output FORMAT   yaml (default, as kubectl prints it) or json (one v1 List)",
    ].join("\n"),
    examples: [
      "gitops-kit kustomize build ./overlays/prod",
      "gitops-kit kustomize build ./overlays/prod --load-restrictor LoadRestrictionsNone",
    ],
  },
  async () => (await import("./run/kustomize-build.js")).runKustomizeBuild,
);
