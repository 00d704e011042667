// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${var} is postBuild substitution syntax
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../src/index.js";
import { captureIO, writeTree } from "./helpers.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures/build-kustomization/flux");

async function build(argv: string[], cwd = FIXTURES) {
  const io = captureIO("", cwd);
  const code = await main(["build", "kustomization", ...argv], { io });
  return { code, out: io.out, err: io.err };
}

/** The output split into its documents (each printed object is followed by `---`). */
function documents(out: string): string[] {
  expect(out.endsWith("---\n")).toBe(true);
  return out.slice(0, -"---\n".length).split("---\n");
}

function tempTree(files: Record<string, string>): string {
  return writeTree(mkdtempSync(join(tmpdir(), "gitops-kit-build-ks-")), files);
}

const OWNER =
  "    kustomize.toolkit.fluxcd.io/name: apps\n    kustomize.toolkit.fluxcd.io/namespace: flux-system\n";

describe("gitops-kit build kustomization", () => {
  it("builds a directory with the Kustomization's overlay, substitutions, owner labels, commonMetadata and SOPS masking", async () => {
    const r = await build([
      "apps",
      "--path",
      "apps",
      "--kustomization-file",
      "ks.yaml",
      "--substitute",
      "replicas=3",
      "--substitute-from",
      "vars.yaml",
    ]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toBe(readFileSync(join(FIXTURES, "apps.expected.yaml"), "utf8"));
    // What that file pins down, spelled out:
    const [settings, web, raw, secret] = documents(r.out);
    // generated kustomization: files in lexical order, .sourceignore honoured; targetNamespace, namePrefix
    expect(settings).toContain("  name: dev-settings\n  namespace: apps\n");
    expect(r.out).not.toContain("ignored");
    // --substitute beats spec.postBuild.substitute (replicas), which beats substituteFrom (cluster_name);
    // the ConfigMap referenced by the spec and the Secret appended from --substitute-from both count.
    expect(web).toContain("  replicas: 3\n");
    expect(web).toContain("          value: dev\n");
    expect(web).toContain("    region: eu-west-1\n");
    expect(web).toContain("        image: nginx:1.27\n");
    expect(settings).toContain("  literal: ${kept}\n  zone: none\n");
    // images from the spec; commonMetadata overrides the object's own label
    expect(web).toContain("      - image: registry.example.com/nginx:1.25\n");
    expect(web).toContain(`  labels:\n${OWNER}    team: web\n`);
    expect(web).toContain("    owner: platform\n");
    // the opt-out annotation keeps ${...} as written, but labels still apply
    expect(raw).toContain("  value: ${not_replaced}\n");
    expect(raw).toContain(OWNER);
    // a SOPS-encrypted Secret: sops metadata dropped, values masked
    expect(secret).toContain(`  password: ${btoa("**SOPS**")}\n`);
    expect(secret).not.toContain("sops");
  });

  it("without a Kustomization file: NAME defaults to the directory, nothing is substituted, --ignore-paths filters", async () => {
    const r = await build(["--path", "apps", "--ignore-paths", "raw.yaml,other.yaml"]);
    expect(r.code).toBe(0);
    const docs = documents(r.out);
    expect(docs).toHaveLength(3);
    expect(r.out).not.toContain("name: raw");
    expect(docs[1]).toContain("  replicas: ${replicas}\n");
    expect(docs[1]).toContain("        image: nginx:${image_tag:=1.25}\n");
    expect(docs[1]).toContain(`  labels:\n${OWNER}    team: someone-else\n`);
    expect(docs[0]).toContain("  name: settings\n");
  });

  it("takes the namespace from -n when there is no file, and substitutes --substitute values leniently by default", async () => {
    const r = await build(["web", "-n", "team-a", "--path", "apps", "--substitute", "replicas=2"]);
    expect(r.code).toBe(0);
    const web = documents(r.out)[1];
    expect(web).toContain(
      "    kustomize.toolkit.fluxcd.io/name: web\n    kustomize.toolkit.fluxcd.io/namespace: team-a\n",
    );
    expect(web).toContain("  replicas: 2\n");
    // an unset variable without default becomes empty (flux without --strict-substitute), and an empty
    // YAML value reads back as null
    expect(web).toContain("    region: null\n");
    expect(web).toContain("          value: null\n");
    expect(web).toContain("        image: nginx:1.25\n");
  });

  it("fails on an unset variable with --strict-substitute, naming the object", async () => {
    const r = await build(["--path", "apps", "--substitute", "replicas=2", "--strict-substitute"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^error \[[A-Z_]+\]: .*ConfigMap.*settings.*cluster_name/);
  });

  it("selects the Kustomization by name and namespace like flux, with flux's message when none matches", async () => {
    const other = await build(["other", "--path", "apps", "--kustomization-file", "ks.yaml"]);
    expect(other).toMatchObject({
      code: 1,
      err: "error [VALIDATION]: failed find kustomization with name 'other' and namespace 'flux-system' in file 'ks.yaml'\n",
    });
    const wrongNamespace = await build([
      "apps",
      "-n",
      "x",
      "--path",
      "apps",
      "--kustomization-file",
      "ks.yaml",
    ]);
    expect(wrongNamespace.code).toBe(1);
    // without NAME the file's only Flux Kustomization is used
    const implicit = await build([
      "--path",
      "apps",
      "--kustomization-file",
      "ks.yaml",
      "--substitute-from",
      "vars.yaml",
    ]);
    expect(implicit.code).toBe(0);
    expect(implicit.out).toContain("  name: dev-web\n");
    expect(implicit.out).toContain("  replicas: 2\n");
  });

  it("uses the file's namespace as written, empty when it has none (the owner label shows it)", async () => {
    const dir = tempTree({
      "app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: v}\n",
      "ks.yaml":
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: a}\nspec: {prune: true}\n",
    });
    const r = await build(["a", "--path", "app", "--kustomization-file", "ks.yaml"], dir);
    expect(r).toEqual({
      code: 0,
      out: 'apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  labels:\n    kustomize.toolkit.fluxcd.io/name: a\n    kustomize.toolkit.fluxcd.io/namespace: ""\n  name: c\n---\n',
      err: "",
    });
  });

  it("two Kustomizations and no NAME is a usage error", async () => {
    const ks =
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: NAME, namespace: flux-system}\nspec: {}\n";
    const dir = tempTree({
      "app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
      "ks.yaml": `${ks.replace("NAME", "a")}---\n${ks.replace("NAME", "b")}`,
    });
    const r = await build(["--path", "app", "--kustomization-file", "ks.yaml"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain("holds 2 Flux Kustomizations");
    expect((await build(["b", "--path", "app", "--kustomization-file", "ks.yaml"], dir)).code).toBe(0);
  });

  it("rejects a spec field of the wrong form, naming it", async () => {
    const dir = tempTree({
      "app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
      "ks.yaml":
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: a}\nspec:\n  postBuild:\n    substitute: {count: 1}\n",
    });
    const r = await build(["a", "--path", "app", "--kustomization-file", "ks.yaml"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("spec.postBuild.substitute.count");
  });

  it("builds an existing kustomization.yaml that reaches outside --path (no load restrictions, like flux)", async () => {
    const dir = tempTree({
      "base/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  v: ${v}\n",
      "overlay/kustomization.yaml": "resources: [../base/cm.yaml]\nnameSuffix: -x\n",
    });
    const r = await build(["o", "--path", "overlay", "--substitute", "v=ok"], dir);
    expect(r.err).toBe("");
    expect(r.out).toContain("  v: ok\n");
    expect(r.out).toContain("  name: c-x\n");
  });

  it("masks SOPS values inside a plain Secret and the whole of an encrypted docker config Secret", async () => {
    const sopsValue = `ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]`;
    const dir = tempTree({
      "app/partial.yaml": [
        "apiVersion: v1",
        "kind: Secret",
        "metadata: {name: partial}",
        "data:",
        `  encrypted: ${btoa(`sops: ${sopsValue}`)}`,
        `  clear: ${btoa("hello")}`,
        "stringData:",
        `  enc: "sops ${sopsValue}"`,
        "  plain: visible",
        "",
      ].join("\n"),
      "app/registry.yaml": [
        "apiVersion: v1",
        "kind: Secret",
        "metadata: {name: registry}",
        "type: kubernetes.io/dockerconfigjson",
        "data:",
        `  .dockerconfigjson: ${sopsValue}`,
        "sops:",
        `  mac: ${sopsValue}`,
        "  version: 3.8.1",
        "",
      ].join("\n"),
    });
    const r = await build(["x", "--path", "app"], dir);
    expect(r.code).toBe(0);
    const [partial, registry] = documents(r.out);
    const mask = btoa("**SOPS**");
    expect(partial).toContain(`  clear: ${btoa("hello")}\n  encrypted: ${mask}\n`);
    // flux puts the base64 mask in stringData too
    expect(partial).toContain(`stringData:\n  enc: ${mask}\n  plain: visible\n`);
    expect(registry).toContain(`  .dockerconfigjson: ${btoa('{"mask":"**SOPS**"}')}\n`);
    expect(registry).not.toContain("sops");
  });

  it("refuses --substitute-from documents that are not ConfigMaps or Secrets, and non-string values", async () => {
    const dir = tempTree({
      "app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
      "deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n",
      "numbers.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nums}\ndata: {port: 80}\n",
    });
    const deploy = await build(["--path", "app", "--substitute-from", "deploy.yaml"], dir);
    expect(deploy.code).toBe(1);
    expect(deploy.err).toContain("deploy.yaml: Deployment/d is not a v1 ConfigMap or Secret");
    const numbers = await build(["--path", "app", "--substitute-from", "numbers.yaml"], dir);
    expect(numbers.code).toBe(1);
    expect(numbers.err).toContain("data.port must be a string");
  });

  it("usage errors: no --path, a malformed --substitute, an unknown option; a missing directory fails", async () => {
    expect((await build([])).code).toBe(2);
    const bad = await build(["--path", "apps", "--substitute", "=x"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--substitute expects KEY=VALUE");
    expect((await build(["--path", "apps", "--frobnicate"])).code).toBe(2);
    const missing = await build(["--path", "nope"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/invalid resource path ".*nope"/);
  });

  it("--recursive builds the Flux Kustomizations in the output from --local-sources, appended after", async () => {
    const dir = tempTree({
      "fleet/clusters/dev/apps.yaml": [
        "apiVersion: kustomize.toolkit.fluxcd.io/v1",
        "kind: Kustomization",
        "metadata: {name: apps, namespace: flux-system}",
        "spec:",
        "  interval: 10m",
        "  path: ./apps",
        "  prune: true",
        "  sourceRef: {kind: GitRepository, name: fleet}",
        "  targetNamespace: web",
        "",
      ].join("\n"),
      "fleet/apps/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
    });
    const argv = ["flux-system", "--path", "fleet/clusters/dev", "-r"];
    const r = await build([...argv, "--local-sources", "GitRepository/flux-system/fleet=fleet"], dir);
    expect(r.err).toBe("");
    const [ks, cm] = documents(r.out);
    expect(ks).toContain("kind: Kustomization\n");
    expect(ks).toContain(
      "    kustomize.toolkit.fluxcd.io/name: flux-system\n    kustomize.toolkit.fluxcd.io/namespace: flux-system\n",
    );
    expect(cm).toBe(
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    kustomize.toolkit.fluxcd.io/name: apps\n    kustomize.toolkit.fluxcd.io/namespace: flux-system\n  name: c\n  namespace: web\n",
    );
    const missing = await build(argv, dir);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(
      "cannot get local path for GitRepository/flux-system/fleet of kustomization apps",
    );
    const bad = await build([...argv, "--local-sources", "fleet"], dir);
    expect(bad.code).toBe(2);
  });

  it("copies nothing into the source directory (the generated kustomization is in memory)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gitops-kit-build-ks-"));
    cpSync(join(FIXTURES, "apps"), join(dir, "apps"), { recursive: true });
    expect((await build(["--path", "apps"], dir)).code).toBe(0);
    expect(() => readFileSync(join(dir, "apps", "kustomization.yaml"))).toThrow();
  });
});
