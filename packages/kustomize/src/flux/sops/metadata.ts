/**
 * The `sops` metadata of an encrypted document and recovery of its data key. age identities are
 * supported (X25519 and the post-quantum hybrid); PGP, cloud KMS and Vault keys raise
 * `SopsUnsupportedError`, as do Shamir key groups.
 *
 * @module
 */
import { armor, Decrypter } from "age-encryption";
import { SopsDecryptError, SopsUnsupportedError } from "../errors.js";
import { SopsBranch, SopsComment, SopsFloat, SopsInt, type SopsNode, type SopsRules } from "./tree.js";

/** One age recipient stanza in the metadata. */
export interface AgeKeyEntry {
  recipient: string;
  /** The data key, encrypted to `recipient`, ASCII-armored. */
  enc: string;
}

/** The key types SOPS knows, besides age. */
export const OTHER_KEY_TYPES = ["pgp", "kms", "gcp_kms", "azure_kv", "hc_vault", "hckms"] as const;

/** One key group: age keys plus counts of the other (unsupported) types. */
export interface KeyGroup {
  age: AgeKeyEntry[];
  /** Key type → how many keys of it (for messages). */
  others: Record<string, number>;
}

/** What {@link readMetadata} extracts. */
export interface SopsMetadata {
  /** The stored `lastmodified` text. */
  lastModified: string;
  /** The encrypted MAC (`ENC[...]`), or empty. */
  mac: string;
  version: string;
  rules: SopsRules;
  keyGroups: KeyGroup[];
  shamirThreshold: number;
}

/** Decode the metadata branch (SOPS's `metadata` struct, weakly typed like mapstructure). */
export function readMetadata(branch: SopsBranch): SopsMetadata {
  const text = (key: string): string => {
    const v = branch.get(key);
    if (v === undefined || v === null) return "";
    return scalarText(v);
  };
  const rules: SopsRules = {
    unencryptedSuffix: text("unencrypted_suffix") || undefined,
    encryptedSuffix: text("encrypted_suffix") || undefined,
    unencryptedRegex: text("unencrypted_regex") || undefined,
    encryptedRegex: text("encrypted_regex") || undefined,
    unencryptedCommentRegex: text("unencrypted_comment_regex") || undefined,
    encryptedCommentRegex: text("encrypted_comment_regex") || undefined,
    macOnlyEncrypted: ["true", "True", "TRUE", "1", "t", "T"].includes(text("mac_only_encrypted")),
  };
  const set = [
    rules.unencryptedSuffix,
    rules.encryptedSuffix,
    rules.unencryptedRegex,
    rules.encryptedRegex,
    rules.unencryptedCommentRegex,
    rules.encryptedCommentRegex,
  ].filter((r) => r !== undefined).length;
  if (set > 1) {
    throw new SopsDecryptError(
      "Cannot use more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex, unencrypted_regex, encrypted_comment_regex, or unencrypted_comment_regex in the same file",
    );
  }
  if (set === 0) rules.unencryptedSuffix = "_unencrypted";
  const lastModified = text("lastmodified");
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(lastModified)) {
    throw new SopsDecryptError(
      `invalid sops metadata: lastmodified '${lastModified}' is not an RFC 3339 time`,
    );
  }
  const groups = branch.get("key_groups");
  const keyGroups = Array.isArray(groups)
    ? groups.filter((g): g is SopsBranch => g instanceof SopsBranch).map(readKeyGroup)
    : [readKeyGroup(branch)];
  const threshold = Number(text("shamir_threshold") || "0");
  return {
    lastModified,
    mac: text("mac"),
    version: text("version"),
    rules,
    keyGroups,
    shamirThreshold: threshold,
  };
}

function readKeyGroup(branch: SopsBranch): KeyGroup {
  const age: AgeKeyEntry[] = [];
  const ageList = branch.get("age");
  if (Array.isArray(ageList)) {
    for (const entry of ageList) {
      if (!(entry instanceof SopsBranch)) continue;
      const recipient = entry.get("recipient");
      const enc = entry.get("enc");
      age.push({
        recipient: typeof recipient === "string" ? recipient : "",
        enc: typeof enc === "string" ? enc : "",
      });
    }
  }
  const others: Record<string, number> = {};
  for (const type of OTHER_KEY_TYPES) {
    const list = branch.get(type);
    if (Array.isArray(list) && list.length > 0) others[type] = list.length;
  }
  return { age, others };
}

function scalarText(v: SopsNode): string {
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof SopsInt) return v.value.toString();
  if (v instanceof SopsFloat) return String(v.value);
  if (v instanceof SopsComment) return v.value;
  return "";
}

/**
 * A set of age identities (`AGE-SECRET-KEY-1...` or `AGE-SECRET-KEY-PQ-1...`), imported from key files
 * as Flux imports `*.agekey` Secret entries: one identity a line, blank lines and `#` comments skipped.
 */
export class AgeIdentities {
  private readonly keys: string[] = [];

  /**
   * Add the identities in `text`.
   *
   * @throws SopsDecryptError for a line that is not an age identity (the line itself is not shown).
   */
  import(text: string, source = "key file"): void {
    const lines = text.split(/\r?\n/);
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) return;
      if (/^AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]+$/.test(line)) {
        this.keys.push(line);
        return;
      }
      if (line.startsWith("-----BEGIN") && line.includes("PRIVATE KEY")) {
        throw new SopsUnsupportedError(
          "ssh",
          `${source}: SSH private keys are not supported as age identities`,
        );
      }
      throw new SopsDecryptError(`${source}: line ${i + 1} is not an age identity (AGE-SECRET-KEY-1...)`);
    });
  }

  get size(): number {
    return this.keys.length;
  }

  /** The identities' strings (secret: never log them). */
  list(): readonly string[] {
    return this.keys;
  }
}

/**
 * Recover the 32-byte data key: the first age entry any identity opens. Files encrypted only for other
 * key types raise `SopsUnsupportedError`; age entries no identity opens raise `SopsDecryptError` listing
 * the recipients (public keys).
 */
export async function recoverDataKey(metadata: SopsMetadata, identities: AgeIdentities): Promise<Uint8Array> {
  if (metadata.keyGroups.length > 1) {
    throw new SopsUnsupportedError("shamir", "cannot get sops data key: Shamir key groups are not supported");
  }
  const group = metadata.keyGroups[0] ?? { age: [], others: {} };
  const otherTypes = Object.keys(group.others);
  if (group.age.length === 0) {
    if (otherTypes.length > 0) {
      throw new SopsUnsupportedError(
        otherTypes[0],
        `cannot get sops data key: the file is encrypted only for ${otherTypes.join(", ")} keys, which are not supported (only age is)`,
      );
    }
    throw new SopsDecryptError("cannot get sops data key: the file has no age recipients");
  }
  if (identities.size === 0) {
    throw new SopsDecryptError(
      `cannot get sops data key: no age identity is configured; the file is encrypted for ${recipients(group)}`,
    );
  }
  const decrypter = new Decrypter();
  for (const key of identities.list()) decrypter.addIdentity(key);
  for (const entry of group.age) {
    let sealed: Uint8Array;
    try {
      sealed = armor.decode(entry.enc);
    } catch {
      throw new SopsDecryptError(
        `cannot get sops data key: the age stanza for ${entry.recipient} is not valid armor`,
      );
    }
    try {
      const key = await decrypter.decrypt(sealed);
      if (key.length !== 32)
        throw new SopsDecryptError("cannot get sops data key: the data key is not 32 bytes");
      return key;
    } catch (err) {
      if (err instanceof SopsDecryptError) throw err;
      // Try the next recipient.
    }
  }
  const also = otherTypes.length > 0 ? ` (its ${otherTypes.join(", ")} keys are not supported)` : "";
  throw new SopsDecryptError(
    `cannot get sops data key: none of the configured age identities can decrypt the data key for ${recipients(group)}${also}`,
  );
}

function recipients(group: KeyGroup): string {
  return group.age.map((a) => a.recipient || "(unknown recipient)").join(", ");
}
