/**
 * OCI image manifests and indexes (and their Docker schema 2 equivalents): decoding with checks on the
 * fields a client relies on, and platform selection in an index.
 *
 * @module
 */
import { parseDigest } from "@gitops-kit/core";
import { OciError } from "./errors.js";
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST } from "./media-types.js";

/** A platform, as in an index entry. */
export interface OciPlatform {
  os: string;
  architecture: string;
  variant?: string;
  "os.version"?: string;
  "os.features"?: string[];
}

/** A content descriptor. */
export interface OciDescriptor {
  mediaType: string;
  size: number;
  digest: string;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: OciPlatform;
  artifactType?: string;
  data?: string;
}

/** An image manifest (OCI or Docker schema 2). */
export interface OciImageManifest {
  schemaVersion: number;
  mediaType?: string;
  artifactType?: string;
  config: OciDescriptor;
  layers: OciDescriptor[];
  subject?: OciDescriptor;
  annotations?: Record<string, string>;
}

/** An image index (OCI) or manifest list (Docker). */
export interface OciImageIndex {
  schemaVersion: number;
  mediaType?: string;
  artifactType?: string;
  manifests: OciDescriptor[];
  subject?: OciDescriptor;
  annotations?: Record<string, string>;
}

/** A decoded manifest: an image manifest or an index. */
export type DecodedManifest =
  | { kind: "manifest"; mediaType: string; manifest: OciImageManifest }
  | { kind: "index"; mediaType: string; index: OciImageIndex };

const MANIFEST_TYPES = new Set([OCI_MANIFEST, DOCKER_MANIFEST]);
const INDEX_TYPES = new Set([OCI_INDEX, DOCKER_MANIFEST_LIST]);

/**
 * Decode manifest JSON. The kind comes from the document's `mediaType`, else the response's content
 * type, else its shape (`manifests` or `layers`). Docker schema 1 and unknown types are refused.
 * Throws {@link OciError} `OCI_INVALID_MANIFEST`.
 */
export function decodeManifest(options: {
  data: Uint8Array;
  contentType?: string;
  reference: string;
}): DecodedManifest {
  const { reference } = options;
  const bad = (why: string) =>
    new OciError("OCI_INVALID_MANIFEST", `manifest of '${reference}' is invalid: ${why}`, { reference });
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(options.data));
  } catch {
    throw bad("not JSON");
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw bad("not a JSON object");
  const obj = doc as Record<string, unknown>;
  const contentType = options.contentType?.split(";")[0].trim();
  const declared = typeof obj.mediaType === "string" ? obj.mediaType : undefined;
  let mediaType = declared ?? contentType ?? "";
  if (!MANIFEST_TYPES.has(mediaType) && !INDEX_TYPES.has(mediaType)) {
    if (declared !== undefined || (contentType && /schema1|manifest\.v1\+/.test(contentType))) {
      throw bad(`unsupported media type '${declared ?? contentType}'`);
    }
    mediaType = Array.isArray(obj.manifests) ? OCI_INDEX : OCI_MANIFEST;
  }
  if (obj.schemaVersion !== 2) throw bad(`schemaVersion ${JSON.stringify(obj.schemaVersion)} is not 2`);
  const annotations = stringMap(obj.annotations, "annotations", bad);
  if (INDEX_TYPES.has(mediaType)) {
    if (!Array.isArray(obj.manifests)) throw bad("'manifests' must be a list");
    const index: OciImageIndex = {
      schemaVersion: 2,
      ...(declared ? { mediaType: declared } : {}),
      manifests: obj.manifests.map((d, i) => descriptor(d, `manifests[${i}]`, bad)),
      ...(annotations ? { annotations } : {}),
    };
    if (typeof obj.artifactType === "string") index.artifactType = obj.artifactType;
    if (obj.subject !== undefined) index.subject = descriptor(obj.subject, "subject", bad);
    return { kind: "index", mediaType, index };
  }
  if (!Array.isArray(obj.layers)) throw bad("'layers' must be a list");
  const manifest: OciImageManifest = {
    schemaVersion: 2,
    ...(declared ? { mediaType: declared } : {}),
    config: descriptor(obj.config, "config", bad),
    layers: obj.layers.map((d, i) => descriptor(d, `layers[${i}]`, bad)),
    ...(annotations ? { annotations } : {}),
  };
  if (typeof obj.artifactType === "string") manifest.artifactType = obj.artifactType;
  if (obj.subject !== undefined) manifest.subject = descriptor(obj.subject, "subject", bad);
  return { kind: "manifest", mediaType, manifest };
}

function stringMap(
  value: unknown,
  field: string,
  bad: (why: string) => OciError,
): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw bad(`'${field}' must be an object`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") throw bad(`'${field}.${k}' must be a string`);
    out[k] = v;
  }
  return out;
}

function descriptor(value: unknown, field: string, bad: (why: string) => OciError): OciDescriptor {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw bad(`'${field}' must be an object`);
  const d = value as Record<string, unknown>;
  if (typeof d.mediaType !== "string") throw bad(`'${field}.mediaType' must be a string`);
  if (typeof d.size !== "number" || !Number.isSafeInteger(d.size) || d.size < 0) {
    throw bad(`'${field}.size' must be a non-negative integer`);
  }
  if (typeof d.digest !== "string") throw bad(`'${field}.digest' must be a string`);
  try {
    parseDigest(d.digest);
  } catch {
    throw bad(`'${field}.digest' is not a digest: '${d.digest}'`);
  }
  const out: OciDescriptor = { mediaType: d.mediaType, size: d.size, digest: d.digest };
  const annotations = stringMap(d.annotations, `${field}.annotations`, bad);
  if (annotations) out.annotations = annotations;
  if (Array.isArray(d.urls)) out.urls = d.urls.filter((u): u is string => typeof u === "string");
  if (typeof d.artifactType === "string") out.artifactType = d.artifactType;
  if (typeof d.data === "string") out.data = d.data;
  if (d.platform !== undefined && d.platform !== null) {
    const p = d.platform as Record<string, unknown>;
    if (typeof p !== "object" || typeof p.os !== "string" || typeof p.architecture !== "string") {
      throw bad(`'${field}.platform' needs 'os' and 'architecture'`);
    }
    out.platform = { os: p.os, architecture: p.architecture };
    if (typeof p.variant === "string") out.platform.variant = p.variant;
    if (typeof p["os.version"] === "string") out.platform["os.version"] = p["os.version"];
  }
  return out;
}

/**
 * The index entry for `platform`: same OS and architecture, and the same variant when one is asked
 * for (an `arm64` entry without a variant counts as `v8`). The first match in index order wins.
 */
export function selectPlatform(index: OciImageIndex, platform: OciPlatform): OciDescriptor | undefined {
  const wantVariant = normalizeVariant(platform.architecture, platform.variant);
  return index.manifests.find((d) => {
    const p = d.platform;
    if (!p || p.os !== platform.os || p.architecture !== platform.architecture) return false;
    if (wantVariant === undefined) return true;
    return normalizeVariant(p.architecture, p.variant) === wantVariant;
  });
}

function normalizeVariant(architecture: string, variant: string | undefined): string | undefined {
  if (architecture === "arm64" && (variant === undefined || variant === "")) return "v8";
  return variant === "" ? undefined : variant;
}

/** `os/architecture[/variant]`. */
export function formatPlatform(platform: OciPlatform): string {
  return [platform.os, platform.architecture, platform.variant].filter((p) => p).join("/");
}

/** Parse `os/architecture[/variant]`. Throws {@link OciError} `OCI_INVALID_REFERENCE`. */
export function parsePlatform(text: string): OciPlatform {
  const parts = text.split("/");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) {
    throw new OciError(
      "OCI_INVALID_REFERENCE",
      `invalid platform '${text}': expected os/architecture[/variant]`,
    );
  }
  return { os: parts[0], architecture: parts[1], ...(parts[2] ? { variant: parts[2] } : {}) };
}
