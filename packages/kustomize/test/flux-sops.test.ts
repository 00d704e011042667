import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type KubeObject, MemoryCluster, memFs, parseYaml } from "@gitops-kit/core";
import {
  AgeIdentities,
  buildFluxKustomization,
  decryptObject,
  decryptSopsData,
  decryptSopsObject,
  detectFormatFromMarker,
  formatForPath,
  isSopsEncryptedObject,
  SopsDecryptError,
  SopsUnsupportedError,
} from "@gitops-kit/kustomize";
import { describe, expect, it } from "vitest";
import { decryptValue } from "../src/flux/sops/cipher.js";
import { SopsFloat } from "../src/flux/sops/tree.js";
import {
  AGE_KEY,
  AGE_RECIPIENT,
  DATA_KEY,
  DATA_KEY_AGE,
  OTHER_AGE_KEY,
  sopsEncrypt,
} from "./fixtures/flux/sops-encrypt.js";

const identities = () => {
  const ids = new AgeIdentities();
  ids.import(AGE_KEY);
  return ids;
};

const secret = {
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "db", namespace: "apps" },
  stringData: { password: "s3cr3t-value", port: 5432, enabled: true },
};

describe("SOPS decryption with age", () => {
  it("decrypts a YAML document encrypted with encrypted_regex and verifies its MAC", async () => {
    const file = sopsEncrypt({ value: secret, format: "yaml", encryptedRegex: "^(data|stringData)$" });
    expect(file).not.toContain("s3cr3t-value");
    expect(file).toContain("ENC[AES256_GCM,data:");
    const out = await decryptSopsData({ data: file, inputFormat: "yaml", identities: identities() });
    const plain = parseYaml(new TextDecoder().decode(out)) as Record<string, unknown>;
    expect(plain).toEqual(secret);
    expect(plain).not.toHaveProperty("sops");
  });

  it("keeps types (int, bool) and emits JSON the way SOPS does (tab indent, newline)", async () => {
    const file = sopsEncrypt({ value: { a: "x<y", n: 3, b: false }, format: "json" });
    const out = new TextDecoder().decode(
      await decryptSopsData({ data: file, inputFormat: "json", identities: identities() }),
    );
    expect(out).toBe('{\n\t"a": "x\\u003cy",\n\t"n": 3,\n\t"b": false\n}\n');
  });

  it("writes decrypted YAML as SOPS does (go-yaml v3, four-space indent)", async () => {
    // Expected text recorded from go-yaml v3's encoder with SetIndent(4), as SOPS's YAML store uses it.
    const value = {
      a: "x",
      b: { c: [1, 2, { d: "e", f: [] }], g: {} },
      h: "multi\nline\n",
      i: "yes",
      j: "123",
      k: true,
      n: "",
      o: "a: b",
      p: " lead",
      r: "-x",
      s: [[1, 2], "x"],
      t: "keep  \nspace",
      u: "tab\there",
      w: "x #y",
    };
    const file = sopsEncrypt({ value, format: "yaml" });
    const out = new TextDecoder().decode(
      await decryptSopsData({ data: file, inputFormat: "yaml", identities: identities() }),
    );
    expect(out).toBe(`a: x
b:
    c:
        - 1
        - 2
        - d: e
          f: []
    g: {}
h: |
    multi
    line
i: "yes"
j: "123"
k: true
"n": ""
o: 'a: b'
p: ' lead'
r: -x
s:
    - - 1
      - 2
    - x
t: "keep  \\nspace"
u: "tab\\there"
w: 'x #y'
`);
  });

  it("decrypts dotenv files and their flattened metadata", async () => {
    const file = sopsEncrypt({ value: { USER: "admin", TOKEN: "multi\nline" }, format: "dotenv" });
    expect(file).toContain("sops_age__list_0__map_recipient=");
    const out = new TextDecoder().decode(
      await decryptSopsData({ data: file, inputFormat: "dotenv", identities: identities() }),
    );
    expect(out).toBe("USER=admin\nTOKEN=multi\\nline\n");
  });

  it("honours unencrypted_suffix and mac_only_encrypted", async () => {
    const value = { user_unencrypted: "visible", password: "hidden" };
    const file = sopsEncrypt({ value, format: "json", macOnlyEncrypted: true });
    expect(file).toContain('"visible"');
    const out = new TextDecoder().decode(
      await decryptSopsData({ data: file, inputFormat: "json", identities: identities() }),
    );
    expect(JSON.parse(out)).toEqual(value);
  });

  it("fails clearly on a missing or wrong key, without showing data", async () => {
    const file = sopsEncrypt({ value: secret, format: "yaml", encryptedRegex: "^(data|stringData)$" });
    const wrong = new AgeIdentities();
    wrong.import(OTHER_AGE_KEY);
    const err = await decryptSopsData({ data: file, inputFormat: "yaml", identities: wrong }).catch((e) => e);
    expect(err).toBeInstanceOf(SopsDecryptError);
    expect(err.message).toContain(AGE_RECIPIENT);
    expect(err.message).not.toContain("s3cr3t");
    const none = await decryptSopsData({
      data: file,
      inputFormat: "yaml",
      identities: new AgeIdentities(),
    }).catch((e) => e);
    expect(none).toBeInstanceOf(SopsDecryptError);
    expect(none.message).toMatch(/no age identity is configured/);
  });

  it("detects a tampered value and a MAC mismatch", async () => {
    const file = sopsEncrypt({ value: { a: "one", b: "two" }, format: "json" });
    const doc = JSON.parse(file);
    // Swap two ciphertexts: each is bound to its path, so decryption fails.
    [doc.a, doc.b] = [doc.b, doc.a];
    const swapped = await decryptSopsData({
      data: JSON.stringify(doc),
      inputFormat: "json",
      identities: identities(),
    }).catch((e) => e);
    expect(swapped).toBeInstanceOf(SopsDecryptError);
    expect(swapped.message).toMatch(/message authentication failed/);

    // Add a clear value: every value counts in the MAC.
    const extended = JSON.parse(sopsEncrypt({ value: { a: "one", b_unencrypted: "x" }, format: "json" }));
    extended.b_unencrypted = "changed";
    const mismatch = await decryptSopsData({
      data: JSON.stringify(extended),
      inputFormat: "json",
      identities: identities(),
    }).catch((e) => e);
    expect(mismatch).toBeInstanceOf(SopsDecryptError);
    expect(mismatch.message).toMatch(/MAC mismatch/);
    expect(mismatch.message).not.toContain("one");
    // Without MAC verification (the controller's setting for built objects) the same file decrypts.
    const lax = await decryptSopsData({
      data: JSON.stringify(extended),
      inputFormat: "json",
      identities: identities(),
      verifyMac: false,
    });
    expect(JSON.parse(new TextDecoder().decode(lax))).toEqual({ a: "one", b_unencrypted: "changed" });
  });

  it("raises a typed unsupported error for PGP and KMS only files", async () => {
    const file = sopsEncrypt({
      value: { a: "x" },
      format: "json",
      keys: {
        pgp: [{ fp: "ABCDEF", enc: "-----BEGIN PGP MESSAGE-----" }],
        kms: [{ arn: "arn:aws:kms:x", enc: "AQ" }],
      },
    });
    const err = await decryptSopsData({ data: file, inputFormat: "json", identities: identities() }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(SopsUnsupportedError);
    expect(err.code).toBe("UNSUPPORTED");
    expect(err.message).toMatch(/pgp, kms/);
  });

  it("rejects identity files that are not age keys, without echoing them", () => {
    const ids = new AgeIdentities();
    expect(() => ids.import("# comment\n\nnot-a-key-but-secret\n", "keys.agekey")).toThrow(
      /line 3 is not an age identity/,
    );
    try {
      ids.import("not-a-key-but-secret");
    } catch (err) {
      expect((err as Error).message).not.toContain("not-a-key-but-secret");
    }
  });

  it("decrypts whole manifests and Secret data entries as the controller does", async () => {
    const encrypted = parseYaml(
      sopsEncrypt({ value: secret, format: "yaml", encryptedRegex: "^(data|stringData)$" }),
    ) as KubeObject;
    expect(isSopsEncryptedObject(encrypted)).toBe(true);
    // kustomize adds fields after encryption; the controller does not check the MAC for built objects.
    encrypted.metadata!.labels = { added: "by-kustomize" };
    const plain = await decryptObject(encrypted, identities());
    expect(plain).toEqual({ ...secret, metadata: { ...secret.metadata, labels: { added: "by-kustomize" } } });
    await expect(decryptSopsObject({ object: encrypted, identities: identities() })).rejects.toThrow(/MAC/);

    const envFile = sopsEncrypt({ value: { KEY: "value" }, format: "dotenv" });
    const generated: KubeObject = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "gen" },
      data: {
        "app.env": Buffer.from(envFile).toString("base64"),
        plain: Buffer.from("hello").toString("base64"),
      },
    };
    const out = (await decryptObject(generated, identities())) as unknown as { data: Record<string, string> };
    expect(Buffer.from(out.data["app.env"], "base64").toString()).toBe("KEY=value\n");
    expect(out.data.plain).toBe(generated.data && (generated.data as Record<string, string>).plain);

    const disabled = {
      ...encrypted,
      metadata: { ...encrypted.metadata, annotations: { "kustomize.toolkit.fluxcd.io/decrypt": "Disabled" } },
    };
    expect(await decryptObject(disabled, identities())).toBeUndefined();
  });

  it("maps file names and markers to formats", () => {
    expect(formatForPath("values.yaml")).toBe("yaml");
    expect(formatForPath(".dockerconfigjson")).toBe("json");
    expect(formatForPath("app.env")).toBe("dotenv");
    expect(formatForPath("cert.pem")).toBe("binary");
    expect(detectFormatFromMarker('{"sops": {"mac": "ENC[x]"}}')).toBe("json");
    expect(detectFormatFromMarker("sops:\n  mac: ENC[x]")).toBe("yaml");
    expect(detectFormatFromMarker("a=b")).toBeUndefined();
  });

  it("reads data keys wrapped by Debian's age tool", async () => {
    // The committed fixture was made with `age -r <recipient> -a`; when the tool is installed, wrap
    // the data key again now to check against a fresh file.
    let stanza = DATA_KEY_AGE;
    try {
      const dir = mkdtempSync(join(tmpdir(), "flux-sops-"));
      writeFileSync(join(dir, "key"), DATA_KEY);
      stanza = execFileSync("age", ["-r", AGE_RECIPIENT, "-a", join(dir, "key")], { encoding: "utf8" });
      expect(stanza).not.toBe(DATA_KEY_AGE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    const file = sopsEncrypt({
      value: { token: "abc" },
      format: "json",
      keys: { age: [{ recipient: AGE_RECIPIENT, enc: stanza }] },
    });
    const out = await decryptSopsData({ data: file, inputFormat: "json", identities: identities() });
    expect(JSON.parse(new TextDecoder().decode(out))).toEqual({ token: "abc" });
  });

  it("decrypts generator sources before the build and encrypted manifests after it", async () => {
    const env = sopsEncrypt({ value: { USER: "admin", PASS: "hunter2" }, format: "dotenv" });
    const cert = sopsEncrypt({ value: { data: "-----BEGIN CERT-----" }, format: "json" });
    const manifest = sopsEncrypt({ value: secret, format: "yaml", encryptedRegex: "^(data|stringData)$" });
    const fs = memFs({
      "/src/app/kustomization.yaml": [
        "namespace: apps",
        "resources: [secret.enc.yaml]",
        "secretGenerator:",
        "- name: creds",
        "  envs: [creds.env]",
        "  files: [tls.crt=cert.enc]",
        "generatorOptions: {disableNameSuffixHash: true}",
      ].join("\n"),
      "/src/app/creds.env": env,
      "/src/app/cert.enc": cert,
      "/src/app/secret.enc.yaml": manifest,
    });
    const cluster = new MemoryCluster({ namespaces: ["flux-system"] });
    await cluster.apply({
      fieldManager: "test",
      objects: [
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "sops-age", namespace: "flux-system" },
          stringData: { "age.agekey": AGE_KEY, "pgp.asc": "ignored" },
        },
      ],
    });
    const ks = {
      metadata: { name: "app", namespace: "flux-system" },
      spec: { path: "app", decryption: { provider: "sops" as const, secretRef: { name: "sops-age" } } },
    };
    const { objects } = await buildFluxKustomization({ fs, root: "/src", kustomization: ks, cluster });
    const byName = Object.fromEntries(objects.map((o) => [o.metadata?.name, o]));
    const data = byName.creds.data as Record<string, string>;
    expect(Buffer.from(data.USER, "base64").toString()).toBe("admin");
    expect(Buffer.from(data.PASS, "base64").toString()).toBe("hunter2");
    expect(Buffer.from(data["tls.crt"], "base64").toString()).toBe("-----BEGIN CERT-----");
    expect(byName.db.stringData).toEqual(secret.stringData);
    expect(byName.db).not.toHaveProperty("sops");
    // The caller's files stay encrypted.
    expect(fs.readFile("/src/app/creds.env", "utf8")).toBe(env);

    const noKeys = { metadata: ks.metadata, spec: { ...ks.spec, decryption: { provider: "sops" as const } } };
    const err = await buildFluxKustomization({ fs, root: "/src", kustomization: noKeys, cluster }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(SopsDecryptError);
    // `files` come before `envs`, as in the controller.
    expect(err.message).toMatch(/^error decrypting sources: \.\/app\/cert.enc: cannot get sops data key/);
    expect(err.message).not.toContain("hunter2");
  });
});

describe("SOPS float values", () => {
  // A value SOPS would store as `type:float`, with any plaintext (SOPS itself writes %f-style text).
  async function encryptFloatText(text: string, key: Uint8Array, path: string): Promise<string> {
    const iv = new Uint8Array(32).fill(7);
    const cryptoKey = await globalThis.crypto.subtle.importKey("raw", key, "AES-GCM", false, ["encrypt"]);
    const sealed = new Uint8Array(
      await globalThis.crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(path) },
        cryptoKey,
        new TextEncoder().encode(text),
      ),
    );
    const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
    return `ENC[AES256_GCM,data:${b64(sealed.subarray(0, -16))},iv:${b64(iv)},tag:${b64(sealed.subarray(-16))},type:float]`;
  }

  it("reads the text as Go's strconv.ParseFloat does, and rejects what it rejects", async () => {
    const key = new Uint8Array(32).fill(3);
    const read = async (text: string) => decryptValue(await encryptFloatText(text, key, "f:"), key, "f:");
    expect(await read("1_000.5")).toEqual(new SopsFloat(1000.5));
    expect(await read("0x1.8p1")).toEqual(new SopsFloat(3));
    expect(await read("-Inf")).toEqual(new SopsFloat(Number.NEGATIVE_INFINITY));
    expect(await read("1e-400")).toEqual(new SopsFloat(0));
    for (const bad of ["1e400", "1__0", "0x1", "+nan", " 1"]) {
      await expect(read(bad)).rejects.toThrow(/^value at 'f:' is not a valid float$/);
    }
  });
});
