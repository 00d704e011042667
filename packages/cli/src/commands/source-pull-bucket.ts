import { lazyCommand } from "../registry.js";

/** `gitops-kit source pull bucket`: what a Bucket source would produce, written to a directory. */
export const sourcePullBucket = lazyCommand(
  {
    name: "source pull bucket",
    summary: "Download an S3-compatible bucket as a Flux Bucket source would",
    usage: "BUCKET --endpoint HOST[:PORT] --out DIR [--prefix P] [options]",
    description: [
      "Lists the bucket (ListObjectsV2, every page), leaves out keys matched by the root .sourceignore",
      "object and --ignore, downloads the rest into DIR and prints the revision (sha256 of the key/ETag",
      "index, as Flux computes it) and the artifact digest. Requests are signed with SigV4 using",
      "$AWS_ACCESS_KEY_ID / $AWS_SECRET_ACCESS_KEY (and $AWS_SESSION_TOKEN); anonymous without them.",
      "",
      "Options:",
      "  --endpoint HOST   S3 endpoint, HOST[:PORT] (required)",
      "  --out DIR         where the files go (required)",
      "  --prefix P        spec.prefix;   --region R   spec.region (default us-east-1)",
      "  --ignore TEXT     spec.ignore;   --insecure   plain HTTP",
      "  --archive FILE    also write the artifact tar.gz",
      "  -o, --output FMT  text (default), yaml or json ({revision, digest, out, files})",
    ].join("\n"),
    examples: [
      "gitops-kit source pull bucket manifests --endpoint minio.example.com:9000 --prefix prod/ --out ./prod",
    ],
  },
  async () => (await import("./run/source-pull-bucket.js")).runSourcePullBucket,
);
