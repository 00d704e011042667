/**
 * Decrypting SOPS documents: recover the data key from the metadata, decrypt every value the rules mark
 * as encrypted (AES-256-GCM with the value's path as additional data), and check the MAC (SHA-512 over
 * the values in document order, itself encrypted with `lastmodified` as additional data).
 *
 * @module
 */
import type { KubeObject } from "@gitops-kit/core";
import { SopsDecryptError } from "../errors.js";
import { decryptValue } from "./cipher.js";
import { emitPlain, loadEncrypted, type SopsFormat, treeFromValue, valueFromTree } from "./formats.js";
import { type AgeIdentities, readMetadata, recoverDataKey } from "./metadata.js";
import { EncryptionRules, macBytes, SopsBranch, SopsComment, type SopsNode, walkBranch } from "./tree.js";

// Hashed first when `mac_only_encrypted` is set, so such a MAC never equals a full one.
const MAC_ONLY_ENCRYPTED_INIT = new Uint8Array([
  0x8a, 0x3f, 0xd2, 0xad, 0x54, 0xce, 0x66, 0x52, 0x7b, 0x10, 0x34, 0xf3, 0xd1, 0x47, 0xbe, 0x0b, 0x0b, 0x97,
  0x5b, 0x3b, 0xf4, 0x4f, 0x72, 0xc6, 0xfd, 0xad, 0xec, 0x81, 0x76, 0xf2, 0x7d, 0x69,
]);

/** Options shared by the decrypt functions. */
export interface SopsDecryptOptions {
  identities: AgeIdentities;
  /**
   * Verify the MAC (default `true`). Flux's controller does not (kustomize adds fields such as the
   * namespace to encrypted manifests, which changes the MAC), so its build passes `false`.
   */
  verifyMac?: boolean;
}

/** A decrypted tree, the metadata it was checked against. */
export interface DecryptedTree {
  tree: SopsBranch;
}

/**
 * Decrypt a loaded document (tree + metadata branch).
 *
 * @throws SopsDecryptError (missing or wrong key, tampered value, MAC mismatch) or SopsUnsupportedError
 * (PGP / KMS / Vault only, Shamir groups); messages never contain values.
 */
export async function decryptTree(
  tree: SopsBranch,
  metadataBranch: SopsBranch,
  options: SopsDecryptOptions,
): Promise<SopsBranch> {
  const metadata = readMetadata(metadataBranch);
  const key = await recoverDataKey(metadata, options.identities);
  const rules = new EncryptionRules(metadata.rules);
  const hashed: Uint8Array[] = [];
  if (metadata.rules.macOnlyEncrypted) hashed.push(MAC_ONLY_ENCRYPTED_INIT);
  const out = await walkBranch(tree, rules, async (value, path, encrypted) => {
    const isComment = value instanceof SopsComment;
    let v: SopsNode = value;
    if (encrypted) {
      const aad = `${path.join(":")}:`;
      if (isComment) {
        // A comment that does not decrypt was never encrypted (older SOPS files).
        v = await decryptValue(value.value, key, aad).catch(() => value);
      } else if (typeof value === "string") {
        v = await decryptValue(value, key, aad);
      } else {
        throw new SopsDecryptError(
          `error decrypting sops tree: expected an encrypted string at '${aad}', got a ${describe(value)}`,
        );
      }
    }
    if (
      (!metadata.rules.macOnlyEncrypted || encrypted) &&
      !isComment &&
      v !== null &&
      !(v instanceof SopsComment)
    ) {
      hashed.push(macBytes(v as Exclude<SopsNode, SopsBranch | SopsNode[] | null>));
    }
    return v;
  });
  if (options.verifyMac ?? true) await verifyMac(metadata.mac, metadata.lastModified, key, hashed);
  return out;
}

async function verifyMac(
  stored: string,
  lastModified: string,
  key: Uint8Array,
  parts: Uint8Array[],
): Promise<void> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-512", all));
  const computed = [...digest].map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join("");
  if (stored === "") throw new SopsDecryptError("failed to verify sops data integrity: the file has no MAC");
  let original: unknown;
  try {
    original = await decryptValue(stored, key, goRfc3339(lastModified));
  } catch {
    throw new SopsDecryptError("failed to verify sops data integrity: the MAC does not decrypt");
  }
  if (original !== computed) {
    throw new SopsDecryptError("failed to verify sops data integrity: MAC mismatch (the file was modified)");
  }
}

/** `time.Parse(RFC3339)` then `Format(RFC3339)`: fractions dropped, a zero offset written `Z`. */
function goRfc3339(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return text;
  const zone = m[2] === "+00:00" || m[2] === "-00:00" ? "Z" : m[2];
  return `${m[1]}${zone}`;
}

function describe(v: SopsNode): string {
  if (typeof v === "boolean") return "bool";
  if (v === null) return "null";
  return (v as object).constructor?.name === "SopsInt" ? "int" : "non-string value";
}

/** Options of {@link decryptSopsData}. */
export interface DecryptSopsDataOptions extends SopsDecryptOptions {
  /** The encrypted file's bytes or text. */
  data: Uint8Array | string;
  inputFormat: SopsFormat;
  /** Default: the input format. */
  outputFormat?: SopsFormat;
}

/**
 * Decrypt an encrypted file (`sops --decrypt`): returns the plain file in `outputFormat`.
 *
 * @example
 * const identities = new AgeIdentities();
 * identities.import(keyFileText);
 * const plain = await decryptSopsData({ data, inputFormat: "yaml", identities });
 */
export async function decryptSopsData(options: DecryptSopsDataOptions): Promise<Uint8Array> {
  const text = typeof options.data === "string" ? options.data : new TextDecoder().decode(options.data);
  const { tree, metadata } = loadEncrypted(text, options.inputFormat);
  const plain = await decryptTree(tree, metadata, options);
  return emitPlain(plain, options.outputFormat ?? options.inputFormat);
}

/** Whether an object is a whole SOPS-encrypted document (a `sops` mapping with a non-empty `mac`). */
export function isSopsEncryptedObject(object: Readonly<Record<string, unknown>>): boolean {
  const sops = object.sops;
  if (sops === null || typeof sops !== "object" || Array.isArray(sops)) return false;
  const mac = (sops as Record<string, unknown>).mac;
  return mac !== undefined && mac !== null && mac !== "";
}

/** Options of {@link decryptSopsObject}. */
export interface DecryptSopsObjectOptions extends SopsDecryptOptions {
  object: KubeObject;
}

/** Decrypt a whole encrypted manifest (JSON in, JSON out, as the controller does); `sops` is removed. */
export async function decryptSopsObject(options: DecryptSopsObjectOptions): Promise<KubeObject> {
  const branch = treeFromValue(options.object);
  if (!(branch instanceof SopsBranch)) throw new SopsDecryptError("not an object");
  const metadata = branch.get("sops");
  if (!(metadata instanceof SopsBranch)) throw new SopsDecryptError("sops metadata not found");
  const tree = new SopsBranch(branch.entries.filter(([k]) => k !== "sops"));
  const plain = await decryptTree(tree, metadata, options);
  return valueFromTree(plain) as KubeObject;
}
