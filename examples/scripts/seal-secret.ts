/**
 * Writes `fleet/apps/production/podinfo-credentials.sops.yaml`: a Kubernetes Secret encrypted the way
 * `sops --encrypt --age <recipient> --encrypted-regex '^(data|stringData)$'` does it, for the demo-only
 * age identity in `demo-only.agekey`. Run once (the output is committed):
 *
 *   npx tsx --conditions=source examples/scripts/seal-secret.ts
 *
 * The SOPS format: one random 256-bit data key, wrapped for each age recipient (ASCII-armored); each
 * selected value encrypted with AES-256-GCM under a fresh 32-byte IV, with its key path (`a:b:`) as
 * additional data; a MAC (SHA-512 of every value in document order, upper-case hex) encrypted with
 * `lastmodified` as additional data.
 */
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { armor, Encrypter } from "age-encryption";

const here = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const recipient = /public key: (age1\w+)/.exec(readFileSync(here("demo-only.agekey"), "utf8"))?.[1];
if (!recipient) throw new Error("demo-only.agekey has no '# public key:' line");

type Leaf = string | number | boolean;
type Tree = { [key: string]: Tree | Leaf };

/** The Secret to seal. Its values are demo placeholders, readable here on purpose. */
const secret: Tree = {
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "podinfo-credentials" },
  type: "Opaque",
  stringData: { username: "podinfo", password: "demo-only-password" },
};
const encryptedRegex = /^(data|stringData)$/;

const dataKey = randomBytes(32);

function encryptValue(text: string, type: string, aad: string): string {
  const iv = randomBytes(32);
  const cipher = createCipheriv("aes-256-gcm", dataKey, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(aad));
  const data = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `ENC[AES256_GCM,data:${data.toString("base64")},iv:${iv.toString("base64")},tag:${tag.toString("base64")},type:${type}]`;
}

const mac = createHash("sha512");

function seal(tree: Tree, path: string[], encrypt: boolean): Tree {
  const out: Tree = {};
  for (const [key, value] of Object.entries(tree)) {
    const here = [...path, key];
    const inScope = encrypt || encryptedRegex.test(key);
    if (typeof value === "object") {
      out[key] = seal(value, here, inScope);
      continue;
    }
    const text = typeof value === "boolean" ? (value ? "True" : "False") : String(value);
    mac.update(text);
    const type = typeof value === "string" ? "str" : typeof value === "boolean" ? "bool" : "int";
    out[key] = inScope ? encryptValue(text, type, `${here.join(":")}:`) : value;
  }
  return out;
}

const sealed = seal(secret, [], false);
const lastModified = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
const encrypter = new Encrypter();
encrypter.addRecipient(recipient);
const wrappedKey = armor.encode(await encrypter.encrypt(dataKey));

/** Plain when YAML reads the text back as the same string, JSON-quoted otherwise. */
function scalar(v: Leaf): string {
  return typeof v === "string" &&
    /^[A-Za-z][\w.-]*$|^ENC\[[^\]]*\]$/.test(v) &&
    !/^(true|false|null|yes|no|on|off|y|n)$/i.test(v)
    ? v
    : JSON.stringify(v);
}

function yaml(tree: Tree, indent = ""): string {
  return Object.entries(tree)
    .map(([k, v]) =>
      typeof v === "object" ? `${indent}${k}:\n${yaml(v, `${indent}  `)}` : `${indent}${k}: ${scalar(v)}\n`,
    )
    .join("");
}

const sopsBlock =
  "sops:\n" +
  "  age:\n" +
  `    - recipient: ${recipient}\n` +
  "      enc: |\n" +
  wrappedKey
    .trimEnd()
    .split("\n")
    .map((line) => `        ${line}\n`)
    .join("") +
  `  lastmodified: "${lastModified}"\n` +
  `  mac: ${encryptValue(mac.digest("hex").toUpperCase(), "str", lastModified)}\n` +
  `  encrypted_regex: ^(data|stringData)$\n` +
  "  version: 3.9.0\n";

const target = here("fleet/apps/production/podinfo-credentials.sops.yaml");
writeFileSync(target, yaml(sealed) + sopsBlock);
console.log(`wrote ${target} for ${recipient}`);
