/**
 * Test and benchmark inputs for Helm repositories: a generator of large, realistic index.yaml files
 * (the shape `helm repo index` writes for a repository like Bitnami's: go-yaml v2 block style,
 * literal blocks in annotations, dependencies, maintainers) and chart packages built with the tar
 * writer.
 */
import { gzipDeterministic } from "@gitops-kit/source";
import { tarOf } from "./helpers/tar.js";

/** Options of {@link generateHelmIndex}. */
export interface GenerateHelmIndexOptions {
  /** Stop adding versions once the text reaches this many bytes. */
  targetBytes: number;
  /** Versions per chart (default 150). */
  versionsPerChart?: number;
  /** Base URL in `urls` (default absolute `https://charts.example.com/`). */
  baseUrl?: string;
}

/**
 * A large index.yaml text. Chart `chart-<n>` has versions `<major>.<minor>.<patch>` plus a prerelease
 * every tenth version; the highest stable version of each chart is `<versionsPerChart - 1>`'s.
 */
export function generateHelmIndex(options: GenerateHelmIndexOptions): string {
  const perChart = options.versionsPerChart ?? 150;
  const base = options.baseUrl ?? "https://charts.example.com/";
  const parts: string[] = ["apiVersion: v1\nentries:\n"];
  let size = parts[0].length;
  for (let c = 0; size < options.targetBytes; c++) {
    const name = `chart-${c}`;
    const head = `  ${name}:\n`;
    parts.push(head);
    size += head.length;
    for (let v = perChart - 1; v >= 0 && size < options.targetBytes; v--) {
      const version = `${Math.floor(v / 50)}.${Math.floor(v / 10) % 5}.${v % 10}${v % 10 === 9 ? "-rc.1" : ""}`;
      const entry = chartEntry(name, version, v, base);
      parts.push(entry);
      size += entry.length;
    }
  }
  parts.push('generated: "2024-05-01T10:00:00.123456789Z"\n');
  return parts.join("");
}

function chartEntry(name: string, version: string, n: number, base: string): string {
  const hex = (n * 2654435761 + name.length).toString(16).padStart(8, "0").repeat(8).slice(0, 64);
  return `  - annotations:
      category: Infrastructure
      images: |
        - name: ${name}
          image: docker.io/bitnami/${name}:1.${n}.0-debian-12-r${n % 7}
        - name: os-shell
          image: docker.io/bitnami/os-shell:12-debian-12-r${n % 13}
      licenses: Apache-2.0
    apiVersion: v2
    appVersion: 1.${n}.0
    created: "2024-0${1 + (n % 9)}-1${n % 10}T08:${String(n % 60).padStart(2, "0")}:00.418313543Z"
    dependencies:
    - name: common
      repository: oci://registry-1.docker.io/bitnamicharts
      tags:
      - bitnami-common
      version: 2.x.x
    description: ${name} is an open source, fast and scalable piece of software used as a fixture; it
      has a description long enough to look like the real ones.
    digest: ${hex}
    home: https://bitnami.com
    icon: https://bitnami.com/assets/stacks/${name}/img/${name}-stack-220x234.png
    keywords:
    - ${name}
    - http
    - web
    maintainers:
    - name: Broadcom, Inc. All Rights Reserved.
      url: https://github.com/bitnami/charts
    name: ${name}
    sources:
    - https://github.com/bitnami/charts/tree/main/bitnami/${name}
    urls:
    - ${base}${name}-${version}.tgz
    version: ${version}
`;
}

/** A chart package (`<name>-<version>.tgz`) with a Chart.yaml and the given extra files. */
export function chartPackage(options: {
  name: string;
  version: string;
  files?: Record<string, string | Uint8Array>;
}): Uint8Array {
  const bytes = tarOf((tar) => {
    const add = (path: string, data: string | Uint8Array) =>
      tar.add(
        { name: `${options.name}/${path}`, type: "file", mode: 0o644 },
        typeof data === "string" ? new TextEncoder().encode(data) : data,
      );
    add("Chart.yaml", `apiVersion: v2\nname: ${options.name}\nversion: ${options.version}\n`);
    add("values.yaml", "replicaCount: 1\n");
    for (const [path, data] of Object.entries(options.files ?? {})) add(path, data);
  });
  return gzipDeterministic(bytes);
}
