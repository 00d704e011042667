/**
 * SOPS decryption the way kustomize-controller applies it to a Kustomization: keys from the Secret named
 * by `spec.decryption.secretRef` (`*.agekey` entries), generator sources decrypted before the build, and
 * each built object decrypted after it (whole encrypted documents, or encrypted values inside a Secret's
 * `data`).
 *
 * @module
 */
import {
  type ClusterAdapter,
  errorMessage,
  type FileSystem,
  type KubeObject,
  NotFoundError,
  parseYaml,
  posixPath,
  toBase64,
} from "@gitops-kit/core";
import { KUSTOMIZATION_FILE_NAMES } from "../kustomization.js";
import { FLUX_KUSTOMIZE_GROUP } from "./api.js";
import { FluxBuildError, SopsDecryptError } from "./errors.js";
import { OverlayFs } from "./overlay-fs.js";
import { decryptSopsData, decryptSopsObject, isSopsEncryptedObject } from "./sops/decrypt.js";
import { detectFormatFromMarker, formatForPath, markerFor, type SopsFormat } from "./sops/formats.js";
import { AgeIdentities } from "./sops/metadata.js";
import { decodeBase64, secretData } from "./substitute.js";

/** The annotation that opts an object out of decryption (`disabled`, any case). */
export const DECRYPT_ANNOTATION = `${FLUX_KUSTOMIZE_GROUP}/decrypt`;

/** The largest generator source file that is decrypted (5 MiB, as the controller). */
export const MAX_ENCRYPTED_FILE_SIZE = 5 << 20;

/** Options of {@link loadDecryptionKeys}. */
export interface LoadDecryptionKeysOptions {
  cluster: ClusterAdapter;
  /** The Kustomization's namespace (the Secret is read from it). */
  namespace: string;
  /** `spec.decryption.secretRef.name`. */
  secretName: string;
  /** Add to these identities instead of a new set. */
  into?: AgeIdentities;
}

/**
 * Import the age identities of a decryption Secret: every entry whose name ends in `.agekey`. Entries
 * for other key types (`.asc`, `sops.vault-token`, `sops.aws-kms`, ...) are ignored here; files that
 * need those keys fail with `SopsUnsupportedError` when decrypted.
 *
 * @throws SopsDecryptError when the Secret cannot be read or an `.agekey` entry is not an identity file.
 */
export async function loadDecryptionKeys(options: LoadDecryptionKeysOptions): Promise<AgeIdentities> {
  const identities = options.into ?? new AgeIdentities();
  let secret: KubeObject;
  try {
    secret = await options.cluster.get({
      apiVersion: "v1",
      kind: "Secret",
      name: options.secretName,
      namespace: options.namespace,
    });
  } catch (err) {
    const what = err instanceof NotFoundError ? "not found" : errorMessage(err);
    throw new SopsDecryptError(
      `cannot get sops decryption Secret '${options.namespace}/${options.secretName}': ${what}`,
      { cause: err },
    );
  }
  for (const [name, value] of Object.entries(secretData(secret))) {
    if (!name.endsWith(".agekey")) continue;
    identities.import(
      value,
      `'${name}' data from sops decryption Secret '${options.namespace}/${options.secretName}'`,
    );
  }
  return identities;
}

/** Whether an object opts out of decryption (`kustomize.toolkit.fluxcd.io/decrypt: disabled`, any case). */
export function isDecryptionDisabled(object: KubeObject): boolean {
  return object.metadata?.annotations?.[DECRYPT_ANNOTATION]?.toLowerCase() === "disabled";
}

/** Whether an object is a `v1` Secret that still carries SOPS metadata (a top-level `sops` field). */
export function isEncryptedSecret(object: KubeObject): boolean {
  return object.kind === "Secret" && object.apiVersion === "v1" && Object.hasOwn(object, "sops");
}

/**
 * Decrypt one built object as the controller does: a whole SOPS document (it has `sops.mac`) is
 * decrypted (the MAC is not checked: kustomize changes the document), a Secret's `data` values that
 * decode to SOPS files are decrypted one by one (output format from the key's extension). Returns
 * `undefined` when nothing applies.
 *
 * @throws SopsDecryptError / SopsUnsupportedError naming the object (and field), never the data.
 */
export async function decryptObject(
  object: KubeObject,
  identities: AgeIdentities,
): Promise<KubeObject | undefined> {
  if (isDecryptionDisabled(object)) return undefined;
  const where = `'${object.metadata?.namespace ?? ""}/${object.metadata?.name ?? ""}'`;
  if (isSopsEncryptedObject(object)) {
    try {
      return await decryptSopsObject({ object, identities, verifyMac: false });
    } catch (err) {
      throw rewrap(err, `failed to decrypt and format ${where} ${object.kind} data`);
    }
  }
  if (object.kind !== "Secret") return undefined;
  const data = object.data;
  if (data === null || typeof data !== "object") return object;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const [key, value] of Object.entries(out)) {
    if (typeof value !== "string") continue;
    const bytes = decodeBase64(value);
    if (bytes.length === 0) continue;
    const inputFormat = detectFormatFromMarker(new TextDecoder().decode(bytes));
    if (!inputFormat) continue;
    try {
      const plain = await decryptSopsData({
        data: bytes,
        inputFormat,
        outputFormat: formatForPath(key),
        identities,
        verifyMac: false,
      });
      out[key] = toBase64(plain);
    } catch (err) {
      throw rewrap(err, `failed to decrypt and format ${where} Secret field '${key}'`);
    }
  }
  return { ...object, data: out };
}

/** Options of {@link decryptSources}. */
export interface DecryptSourcesOptions {
  /** The view of the source tree (the generated kustomization included). */
  fs: FileSystem;
  /** The source root: nothing outside it is read. */
  root: string;
  /** The Kustomization's directory. */
  path: string;
  identities: AgeIdentities;
}

/**
 * Decrypt the files kustomize will read as generator and patch sources (`secretGenerator` `files` and
 * `envs`, `patches[].path`) in the kustomization at `path` and every local kustomization it reaches
 * through `resources` and `components`. Files without the SOPS marker of their format are left alone.
 * Returns a view of `fs` with the decrypted files in place (the MAC of each file is verified).
 */
export async function decryptSources(options: DecryptSourcesOptions): Promise<OverlayFs> {
  const overlay = new OverlayFs(options.fs);
  const root = posixPath.resolve(options.root);
  const visitedDirs = new Set<string>();
  const decrypted = new Set<string>();

  const decryptFile = async (file: string, format: SopsFormat) => {
    const abs = clampWithin(root, file);
    if (decrypted.has(abs)) return;
    if (!overlay.exists(abs))
      throw new FluxBuildError(
        `error decrypting sources: lstat ${relativeTo(root, abs)}: no such file or directory`,
      );
    const stat = overlay.lstat(abs);
    if (!stat.isFile()) {
      throw new FluxBuildError(
        `error decrypting sources: cannot decrypt irregular file as it has file mode type bits set`,
      );
    }
    if (stat.size > MAX_ENCRYPTED_FILE_SIZE) {
      throw new FluxBuildError(
        `error decrypting sources: cannot decrypt file with size (${stat.size} bytes) exceeding limit (${MAX_ENCRYPTED_FILE_SIZE})`,
      );
    }
    const text = overlay.readFile(abs, "utf8");
    if (!text.includes(markerFor(format))) return;
    try {
      overlay.writeFile(
        abs,
        await decryptSopsData({ data: text, inputFormat: format, identities: options.identities }),
      );
    } catch (err) {
      throw rewrap(err, `error decrypting sources: ${relativeTo(root, abs)}`);
    }
    decrypted.add(abs);
  };

  const visit = async (dir: string): Promise<void> => {
    const abs = clampWithin(root, dir);
    if (visitedDirs.has(abs)) return;
    visitedDirs.add(abs);
    if (!overlay.exists(abs) || !overlay.lstat(abs).isDirectory()) return;
    const kus = readKustomization(overlay, abs);
    if (!kus) return;
    for (const gen of list(kus.secretGenerator)) {
      for (const source of strings(gen.files)) {
        const eq = source.indexOf("=");
        const key = eq < 0 ? source : source.slice(0, eq);
        const file = eq < 0 ? source : source.slice(eq + 1);
        await decryptFile(posixPath.join(abs, file), formatForPath(key));
      }
      for (const env of strings(gen.envs)) {
        const format = formatForPath(env);
        await decryptFile(posixPath.join(abs, env), format === "binary" ? "dotenv" : format);
      }
    }
    for (const patch of list(kus.patches)) {
      const p = typeof patch.path === "string" ? patch.path : "";
      if (p === "" || /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]/.test(p)) continue;
      await decryptFile(posixPath.join(abs, p), formatForPath(p));
    }
    for (const res of [...strings(kus.resources), ...strings(kus.components)]) {
      await visit(res.startsWith("/") ? res : posixPath.join(abs, res));
    }
  };

  await visit(options.path);
  return overlay;
}

function readKustomization(fs: FileSystem, dir: string): Record<string, unknown> | undefined {
  const found = KUSTOMIZATION_FILE_NAMES.map((n) => posixPath.join(dir, n)).filter((f) => fs.exists(f));
  if (found.length === 0) return undefined;
  if (found.length > 1)
    throw new FluxBuildError(`error decrypting sources: found multiple kustomization files in ${dir}`);
  let doc: unknown;
  try {
    doc = parseYaml(fs.readFile(found[0], "utf8"), { dialect: "sigs-yaml" });
  } catch (err) {
    throw new FluxBuildError(
      `error decrypting sources: failed to unmarshal kustomization file from '${found[0]}'`,
      {
        cause: err,
      },
    );
  }
  return doc !== null && typeof doc === "object" && !Array.isArray(doc)
    ? (doc as Record<string, unknown>)
    : {};
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v)
    ? v.filter((x): x is Record<string, unknown> => x !== null && typeof x === "object")
    : [];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Join like securejoin: `..` never leaves the root. */
function clampWithin(root: string, path: string): string {
  const rel = posixPath.isWithin(root, posixPath.resolve(path))
    ? posixPath.relative(root, posixPath.resolve(path))
    : path;
  return posixPath.join(root, posixPath.normalize(`/${rel}`));
}

function relativeTo(root: string, path: string): string {
  return `./${posixPath.relative(root, path)}`;
}

function rewrap(err: unknown, prefix: string): Error {
  if (err instanceof SopsDecryptError)
    return new SopsDecryptError(`${prefix}: ${err.message}`, { cause: err });
  if (err instanceof Error && (err as { code?: string }).code === "UNSUPPORTED") return err;
  return new SopsDecryptError(`${prefix}: ${errorMessage(err)}`, {
    cause: err,
  });
}
