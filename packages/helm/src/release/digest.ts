/**
 * The digests helm-controller keeps to tell whether a release must be upgraded:
 *
 * - {@link valuesDigest}: `chartutil.DigestValues` — SHA-256 of the values as YAML (keys sorted byte-wise,
 *   go-yaml v2 encoder, integral numbers as integers), the digest of nothing for empty values;
 * - {@link postRenderersDigest} / {@link commonMetadataDigest}: SHA-256 of Go's `json.Encoder` output of
 *   `spec.postRenderers` / `spec.commonMetadata` (struct field order, `omitempty`, trailing newline);
 * - {@link releaseInputsDigest}: one digest over chart name, chart version and the three digests above, to
 *   compare a desired release with the last one in a single step.
 */
import { digestOf, printYaml } from "@gitops-kit/core";
import { compareGoStrings, GoInt, mapSet } from "@gitops-kit/template";
import type { Values } from "../values/read.js";
import type { HelmReleaseSpec, PostRenderer } from "./schema.js";

/** Values as sigs.k8s.io/yaml's `JSONObjectToYAMLObject` gives them, with map keys sorted byte-wise. */
function canonical(v: unknown): unknown {
  if (v instanceof GoInt) return v.value;
  if (typeof v === "number") {
    // JSON has only float64; integral values inside int64 become integers.
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 63) return BigInt(v);
    return v;
  }
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort(compareGoStrings)) {
      const x = canonical((v as Record<string, unknown>)[k]);
      mapSet(out, k, x);
    }
    return out;
  }
  return v;
}

/**
 * `sha256:<hex>` of the values, as helm-controller records it (`status.history[].configDigest`,
 * `lastAttemptedConfigDigest`).
 */
export function valuesDigest(values: Values | undefined | null): string {
  if (values === undefined || values === null || Object.keys(values).length === 0) return digestOf("");
  return digestOf(printYaml(canonical(values), { sortKeys: false }));
}

/** Go's `json.Marshal` of a string (HTML characters and U+2028/2029 escaped). */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** An object whose keys are written in the given order, `undefined` and `""` (omitempty) left out. */
function goStruct(fields: [string, string | undefined][]): string {
  const parts = fields.filter(([, v]) => v !== undefined).map(([k, v]) => `"${k}":${v}`);
  return `{${parts.join(",")}}`;
}

const str = (v: string | undefined): string | undefined => (v ? goJsonString(v) : undefined);

function stringMapJson(m: Record<string, string> | undefined): string | undefined {
  if (m === undefined || Object.keys(m).length === 0) return undefined;
  const keys = Object.keys(m).sort(compareGoStrings);
  return `{${keys.map((k) => `${goJsonString(k)}:${goJsonString(m[k])}`).join(",")}}`;
}

function selectorJson(
  t: NonNullable<NonNullable<PostRenderer["kustomize"]>["patches"]>[number]["target"],
): string | undefined {
  if (t === undefined) return undefined;
  return goStruct([
    ["group", str(t.group)],
    ["version", str(t.version)],
    ["kind", str(t.kind)],
    ["namespace", str(t.namespace)],
    ["name", str(t.name)],
    ["annotationSelector", str(t.annotationSelector)],
    ["labelSelector", str(t.labelSelector)],
  ]);
}

function postRendererJson(r: PostRenderer): string {
  const k = r.kustomize;
  const kustomize =
    k === undefined
      ? undefined
      : goStruct([
          [
            "patches",
            k.patches?.length
              ? `[${k.patches
                  .map((p) =>
                    goStruct([
                      ["patch", goJsonString(p.patch)],
                      ["target", selectorJson(p.target)],
                    ]),
                  )
                  .join(",")}]`
              : undefined,
          ],
          [
            "images",
            k.images?.length
              ? `[${k.images
                  .map((i) =>
                    goStruct([
                      ["name", goJsonString(i.name)],
                      ["newName", str(i.newName)],
                      ["newTag", str(i.newTag)],
                      ["digest", str(i.digest)],
                    ]),
                  )
                  .join(",")}]`
              : undefined,
          ],
        ]);
  return goStruct([["kustomize", kustomize]]);
}

/**
 * `sha256:<hex>` of `spec.postRenderers` (helm-controller's `status.observedPostRenderersDigest`), or `""`
 * when there are none.
 */
export function postRenderersDigest(postRenderers: readonly PostRenderer[] | undefined): string {
  if (postRenderers === undefined) return "";
  return digestOf(`[${postRenderers.map(postRendererJson).join(",")}]\n`);
}

/** `sha256:<hex>` of `spec.commonMetadata` (`status.observedCommonMetadataDigest`), or `""` when unset. */
export function commonMetadataDigest(commonMetadata: HelmReleaseSpec["commonMetadata"]): string {
  if (commonMetadata === undefined) return "";
  const json = goStruct([
    ["annotations", stringMapJson(commonMetadata.annotations)],
    ["labels", stringMapJson(commonMetadata.labels)],
  ]);
  return digestOf(`${json}\n`);
}

/** What decides whether an installed release matches the desired one. */
export interface ReleaseInputs {
  chartName: string;
  chartVersion: string;
  /** {@link valuesDigest} of the composed values. */
  configDigest: string;
  postRenderersDigest?: string;
  commonMetadataDigest?: string;
}

/** One `sha256:` over the release inputs: equal digests mean nothing the release is made from changed. */
export function releaseInputsDigest(inputs: ReleaseInputs): string {
  return digestOf(
    [
      inputs.chartName,
      inputs.chartVersion,
      inputs.configDigest,
      inputs.postRenderersDigest ?? "",
      inputs.commonMetadataDigest ?? "",
    ].join("\n"),
  );
}
