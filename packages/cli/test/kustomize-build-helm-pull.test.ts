import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { helmChartRenderer } from "@gitops-kit/helm";
import { HelmChartNotPulledError } from "@gitops-kit/kustomize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartPackage } from "../../source/test/helm-fixtures.js";
import { type StaticHttpServer, startStaticHttpServer } from "../../source/test/servers/static-http.js";
import { kustomizeBuild } from "../src/commands/run/kustomize-build.js";
import { main } from "../src/index.js";
import { captureIO, writeTree } from "./helpers.js";

const TEMPLATE =
  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-{{ .Chart.Name }}\ndata:\n  version: {{ .Chart.Version | quote }}\n";

let work: string;
let repo: StaticHttpServer;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "gitops-kit-kbuild-pull-"));
  const pkg = (version: string) =>
    chartPackage({ name: "web", version, files: { "templates/cm.yaml": TEMPLATE } });
  repo = await startStaticHttpServer({
    files: {
      "/index.yaml":
        "apiVersion: v1\nentries:\n" +
        "  web:\n  - name: web\n    urls: [web-1.2.0.tgz]\n    version: 1.2.0\n" +
        "  - name: web\n    urls: [web-1.1.0.tgz]\n    version: 1.1.0\n" +
        "  gone:\n  - name: gone\n    urls: [gone-1.0.0.tgz]\n    version: 1.0.0\n",
      "/web-1.2.0.tgz": pkg("1.2.0"),
      "/web-1.1.0.tgz": pkg("1.1.0"),
    },
  });
}, 60_000);

afterAll(async () => {
  await repo?.close();
  rmSync(work, { recursive: true, force: true });
});

async function run(args: string[], terminal = false) {
  const io = captureIO("", work);
  if (terminal) io.terminal = { stderr: true, columns: 200 };
  const code = await main(["kustomize", "build", ...args], { io });
  return { code, out: io.out, err: io.err };
}

const chartsEntry = (name: string, version?: string) =>
  `helmCharts:\n  - name: ${name}\n    repo: ${repo.url}\n    releaseName: shop\n${version ? `    version: ${version}\n` : ""}`;

const rendered = (version: string) =>
  `apiVersion: v1\ndata:\n  version: ${version}\nkind: ConfigMap\nmetadata:\n  name: shop-web\n`;

describe("gitops-kit kustomize build --enable-helm pulls missing repo charts", () => {
  it("pulls a versioned chart into charts/<name>-<version>/<name>, renders it, and does not pull it again", async () => {
    const dir = writeTree(join(work, "versioned"), { "kustomization.yaml": chartsEntry("web", "1.1.0") });
    const before = repo.requests.length;
    const first = await run([dir, "--enable-helm"]);
    expect(first).toEqual({ code: 0, out: rendered("1.1.0"), err: "" });
    expect(repo.requests.slice(before).map((r) => [r.path, r.status])).toEqual([
      ["/index.yaml", 200],
      ["/web-1.1.0.tgz", 200],
    ]);
    expect(readFileSync(join(dir, "charts/web-1.1.0/web/Chart.yaml"), "utf8")).toContain("version: 1.1.0");
    // Nothing else is left in the chart home (the pull's scratch directory is gone).
    expect(readdirSync(join(dir, "charts"))).toEqual(["web-1.1.0"]);
    expect(readdirSync(join(dir, "charts/web-1.1.0"))).toEqual(["web"]);

    const requests = repo.requests.length;
    const second = await run([dir, "--enable-helm"]);
    expect(second).toEqual(first);
    expect(repo.requests.length).toBe(requests);
  });

  it("pulls an unversioned chart (the latest) into charts/<name>, leaving sibling charts alone", async () => {
    const dir = writeTree(join(work, "unversioned"), {
      "kustomization.yaml": chartsEntry("web"),
      "charts/other/Chart.yaml": "apiVersion: v2\nname: other\nversion: 0.1.0\n",
      "charts/other/templates/x.yaml": "kind: Keep\n",
      "charts/notes.txt": "mine\n",
    });
    const r = await run([dir, "--enable-helm"]);
    expect(r).toEqual({ code: 0, out: rendered("1.2.0"), err: "" });
    expect(readFileSync(join(dir, "charts/web/Chart.yaml"), "utf8")).toContain("version: 1.2.0");
    expect(readdirSync(join(dir, "charts")).sort()).toEqual(["notes.txt", "other", "web"]);
    expect(readFileSync(join(dir, "charts/other/templates/x.yaml"), "utf8")).toBe("kind: Keep\n");
    expect(readFileSync(join(dir, "charts/notes.txt"), "utf8")).toBe("mine\n");
  });

  it("resolves a version constraint to the highest matching chart", async () => {
    const dir = writeTree(join(work, "constraint"), { "kustomization.yaml": chartsEntry("web", "'~1.1'") });
    const r = await run([dir, "--enable-helm"]);
    expect(r).toEqual({ code: 0, out: rendered("1.1.0"), err: "" });
    expect(existsSync(join(dir, "charts/web-~1.1/web/Chart.yaml"))).toBe(true);
  });

  it("says what it pulled on a terminal, and nothing with --quiet", async () => {
    const dir = writeTree(join(work, "terminal"), { "kustomization.yaml": chartsEntry("web", "1.2.0") });
    const shown = await run([dir, "--enable-helm"], true);
    expect(shown.code).toBe(0);
    expect(shown.err).toContain(`pulled helm chart web into ${join(dir, "charts/web-1.2.0/web")}\n`);
    rmSync(join(dir, "charts"), { recursive: true });
    const quiet = await run([dir, "--enable-helm", "--quiet"], true);
    expect(quiet).toEqual({ code: 0, out: rendered("1.2.0"), err: "" });
    expect(existsSync(join(dir, "charts/web-1.2.0/web"))).toBe(true);
  });

  it("fails with exit 1 naming the chart, repository and version when the package is not there", async () => {
    const dir = writeTree(join(work, "missing"), {
      "kustomization.yaml": chartsEntry("gone", "1.0.0"),
      "charts/keep/Chart.yaml": "apiVersion: v2\nname: keep\nversion: 0.1.0\n",
    });
    const r = await run([dir, "--enable-helm"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(
      /^error \[KUSTOMIZE_HELM_PULL\]: pulling helm chart 'gone' \(version '1\.0\.0'\) from /,
    );
    expect(r.err).toContain(repo.url);
    expect(r.err).toContain("404");
    expect(existsSync(join(dir, "charts/gone-1.0.0/gone"))).toBe(false);
    // The chart home it made for the pull is removed again; the chart already there stays.
    expect(readdirSync(join(dir, "charts"))).toEqual(["keep"]);
  });

  it("fails for a chart the repository does not list, without credentials in the message", async () => {
    const authed = repo.url.replace("http://", "http://user:s3cret-Pa55@");
    const dir = writeTree(join(work, "unlisted"), {
      "kustomization.yaml": `helmCharts:\n  - name: absent\n    repo: ${authed}\n`,
    });
    const r = await run([dir, "--enable-helm"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^error \[KUSTOMIZE_HELM_PULL\]: pulling helm chart 'absent' \(the latest version\)/,
    );
    expect(r.err).not.toContain("s3cret-Pa55");
    expect(existsSync(join(dir, "charts"))).toBe(false);
  });

  it("does not pull without --enable-helm", async () => {
    const dir = writeTree(join(work, "plain"), { "kustomization.yaml": chartsEntry("web", "1.2.0") });
    const requests = repo.requests.length;
    const r = await run([dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error \[KUSTOMIZE_PLUGIN_UNSUPPORTED\]/);
    expect(repo.requests.length).toBe(requests);
    expect(existsSync(join(dir, "charts"))).toBe(false);
  });
});

describe("the pull-and-build-again loop", () => {
  it("pulls every missing chart of a kustomization, each once", async () => {
    const dir = writeTree(join(work, "two"), {
      "kustomization.yaml": `helmCharts:\n  - name: web\n    repo: ${repo.url}\n    version: 1.1.0\n    releaseName: a\n  - name: web\n    repo: ${repo.url}\n    version: 1.2.0\n    releaseName: b\n`,
    });
    const before = repo.requests.length;
    const r = await run([dir, "--enable-helm"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("  version: 1.1.0\nkind: ConfigMap\nmetadata:\n  name: a-web\n");
    expect(r.out).toContain("  version: 1.2.0\nkind: ConfigMap\nmetadata:\n  name: b-web\n");
    const packages = repo.requests.slice(before).filter((q) => q.path.endsWith(".tgz"));
    expect(packages.map((q) => q.path)).toEqual(["/web-1.1.0.tgz", "/web-1.2.0.tgz"]);
    expect(readdirSync(join(dir, "charts")).sort()).toEqual(["web-1.1.0", "web-1.2.0"]);
  });

  it("fails with the build's error when a chart is still missing after its pull, without pulling it again", async () => {
    const dir = writeTree(join(work, "stubborn"), { "kustomization.yaml": chartsEntry("web", "1.2.0") });
    const pulls: string[] = [];
    const io = captureIO("", work);
    const failure = kustomizeBuild([dir, "--enable-helm"], io, {
      renderer: helmChartRenderer,
      pullChart: async (pull) => {
        pulls.push(`${pull.name}@${pull.version} -> ${pull.chartHome}`);
      },
    });
    await expect(failure).rejects.toBeInstanceOf(HelmChartNotPulledError);
    expect(pulls).toEqual([`web@1.2.0 -> ${join(dir, "charts/web-1.2.0")}`]);
    expect(io.out).toBe("");
  });
});
