import { lazyCommand } from "../registry.js";

/** `gitops-kit source pull oci`: what an OCIRepository would produce, written to a directory. */
export const sourcePullOci = lazyCommand(
  {
    name: "source pull oci",
    summary: "Pull an OCI artifact as a Flux OCIRepository would and write its files",
    usage: "URL --out DIR [--tag T | --semver RANGE | --digest D] [options]",
    description: [
      "Resolves the reference on the registry (default tag 'latest'), pulls the manifest, selects the layer",
      "and extracts it into DIR (operation extract; .sourceignore, --ignore and Flux's defaults shape the",
      "artifact) or writes the layer blob as DIR/<digest>.tgz (--layer-operation copy). Prints the revision",
      "(<tag>@sha256:<hex>) and the artifact digest.",
      "",
      "Options:",
      "  --out DIR                 where the files go (required)",
      "  --tag T, --semver RANGE [--semver-filter REGEXP], --digest sha256:...   spec.ref",
      "  --layer-media-type TYPE   layerSelector.mediaType;  --layer-operation extract|copy",
      "  --ignore TEXT             spec.ignore",
      "  --archive FILE            also write the artifact tar.gz",
      "  --username USER           the password is read from $GITOPS_KIT_OCI_PASSWORD",
      "  --docker-config FILE      credentials from a Docker config.json / .dockerconfigjson",
      "  --insecure                plain HTTP, for a registry on this machine only",
      "  -o, --output FORMAT       text (default), yaml or json ({revision, digest, out, entries or path})",
    ].join("\n"),
    examples: [
      "gitops-kit source pull oci oci://ghcr.io/stefanprodan/manifests/podinfo --semver '6.x' --out ./podinfo",
      "gitops-kit source pull oci oci://localhost:5000/app --tag v1 --insecure --out ./app",
    ],
  },
  async () => (await import("./run/source-pull-oci.js")).runSourcePullOci,
);
