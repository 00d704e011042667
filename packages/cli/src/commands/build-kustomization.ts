import { lazyCommand } from "../registry.js";

/** `gitops-kit build kustomization`: what `flux build kustomization --dry-run` prints, with no cluster. */
export const buildKustomizationCommand = lazyCommand(
  {
    name: "build kustomization",
    summary: "Build a Flux Kustomization from local manifests and print it, as `flux build kustomization`",
    usage:
      "[NAME] --path DIR [--kustomization-file FILE] [--substitute K=V]... [--substitute-from FILE]... [options]",
    description: [
      "Builds the manifests in DIR as kustomize-controller would for the Flux Kustomization NAME and prints",
      "them as `flux build kustomization NAME --path DIR --dry-run` does: a kustomization.yaml is generated",
      "when DIR has none; the Kustomization's targetNamespace, namePrefix/nameSuffix, patches, images and",
      "components are laid over it; postBuild substitution runs; every object gets the",
      "kustomize.toolkit.fluxcd.io/name and /namespace labels and spec.commonMetadata; SOPS-encrypted",
      "Secret values are masked; each object is followed by '---'. Nothing is contacted: spec.path is",
      "ignored in favour of DIR, and substituteFrom references are skipped unless --substitute-from",
      "supplies them.",
      "",
      "Options:",
      "  --path DIR                 the manifests to build (in place of spec.path; required)",
      "  --kustomization-file FILE  the Flux Kustomization (YAML, may hold several documents): the one named",
      "                             NAME in --namespace (or with no namespace); without NAME, the only one",
      "  --substitute K=V           a postBuild variable, over spec.postBuild.substitute (repeatable)",
      "  --substitute-from FILE     ConfigMaps and Secrets (YAML) read by spec.postBuild.substituteFrom; those",
      "                             not referenced there are appended to it in order (repeatable)",
      "  --strict-substitute        an unset ${var} without a default is an error (default off, as flux)",
      "  --ignore-paths P,...       .gitignore-style patterns of files to leave out (repeatable)",
      "  -n, --namespace NS         the Kustomization's namespace (default flux-system)",
      "  --dry-run                  accepted for compatibility; the build never contacts a cluster",
      "  -r, --recursive            also build the Flux Kustomizations found in the output, from local sources",
      "  --local-sources K/NS/N=DIR where a source lives locally, e.g. GitRepository/flux-system/fleet=./fleet",
      "                             (comma-separated or repeated); nested builds read no --substitute(-from)",
      "  -o, --output FORMAT        yaml (default: each object followed by '---', as flux) or json (a v1 List)",
      "",
      "Without --kustomization-file the Kustomization is NAME (default: the base name of DIR) with an",
      "empty spec. SOPS decryption is not attempted (flux prints masked values too).",
    ].join("\n"),
    examples: [
      "gitops-kit build kustomization apps --path ./apps --kustomization-file ./clusters/dev/apps.yaml",
      "gitops-kit build kustomization --path ./apps --substitute cluster_env=dev --substitute-from vars.yaml",
    ],
  },
  async () => (await import("./run/build-kustomization.js")).runBuildKustomization,
);
