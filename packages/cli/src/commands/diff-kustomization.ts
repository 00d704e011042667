import { lazyCommand } from "../registry.js";

/** `gitops-kit diff kustomization`: what `flux diff kustomization` prints, against a state file or a cluster. */
export const diffKustomization = lazyCommand(
  {
    name: "diff kustomization",
    summary:
      "Show what applying a Flux Kustomization from local manifests would change, as `flux diff kustomization`",
    usage: "NAME --path DIR (--state FILE | [--kubeconfig FILE] [--context C]) [options]",
    description: [
      "Builds DIR as `build kustomization` does, for the Flux Kustomization NAME (read from the cluster, or",
      "from --kustomization-file), and compares every object with the live one: absent → created; else a",
      "server-side apply dry run as kustomize-controller gives the object as it would be, and a difference",
      "in labels, annotations or outside metadata and status → drifted, shown as a unified diff of the YAML",
      "(Secret values masked). With spec.prune, objects in the Kustomization's status.inventory that the",
      "build no longer has → deleted. Objects marked kustomize.toolkit.fluxcd.io/reconcile: disabled or",
      "ssa: ignore (and existing ones marked ssa: ifnotpresent) are skipped.",
      "substituteFrom ConfigMaps and Secrets are read from the cluster.",
      "",
      "Exit codes: 0 no change, 1 changes found (or a failure), 2 usage error.",
      "",
      "Options:",
      "  --path DIR                 the local manifests (replaces spec.path)",
      "  --state FILE               the live objects: a YAML stream (or List) as `kubectl get -o yaml` prints,",
      "                             or a MemoryClusterSnapshot, loaded into an in-memory cluster",
      "  --kubeconfig FILE          a real cluster (default: $KUBECONFIG, then ~/.kube/config)",
      "  --context C                the kubeconfig context (default: its current-context)",
      "  --kustomization-file FILE  the Flux Kustomization to build, instead of the cluster's",
      "  -n, --namespace NS         the Kustomization's namespace (default flux-system)",
      "  --ignore-paths P,...       .gitignore-style patterns of files to leave out (repeatable)",
      "  --strict-substitute        an unset ${var} without a default is an error",
      "  -r, --recursive            also diff the Flux Kustomizations of the build that exist in the cluster,",
      "                             each from its local source (reported '📁 Kustomization/ns/name changed')",
      "  --local-sources K/NS/N=DIR where a source lives locally, e.g. GitRepository/flux-system/fleet=./fleet",
      "                             (comma-separated or repeated)",
      "  -o, --output FORMAT        text (default: '► Kind/ns/name created|drifted|deleted' and diffs),",
      "                             yaml or json ({changes: [{action, subject, diff}]})",
    ].join("\n"),
    examples: [
      "gitops-kit diff kustomization apps --path ./apps --state cluster-state.yaml",
      "gitops-kit diff kustomization flux-system --path ./clusters/prod --state state.yaml -r --local-sources GitRepository/flux-system/fleet=.",
      "gitops-kit diff kustomization apps --path ./apps --kubeconfig ~/.kube/config --context prod -o json",
    ],
  },
  async () => (await import("./run/diff-kustomization.js")).runDiffKustomization,
);
