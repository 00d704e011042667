/**
 * `semver` and `semverCompare` with Masterminds/semver v3 semantics (parsing and constraints from core). The
 * `*semver.Version` value has the library's methods (`.Major`, `.Prerelease`, `.IncMinor`, `.Compare`...).
 */
import {
  compareSemver,
  parseSemver,
  parseSemverConstraint,
  SEMVER_MESSAGES,
  SemverVersion,
} from "@gitops-kit/core";
import { defineFunc, type FuncDef, type FuncMap } from "../funcs/types.js";
import { encodeGoString } from "../value/gostring.js";
import { type GoType, namedType, SLICE_BYTE, structType, T } from "../value/types.js";
import { GoPointer, withType } from "../value/values.js";
import { memoize } from "./cache.js";
import { HIDDEN_STATE } from "./defaults.js";
import { quoteJsonString } from "./gojson.js";

interface VersionValue {
  [HIDDEN_STATE]: SemverVersion;
}

/** The version behind a receiver: methods get the pointer or the struct value. */
function state(v: unknown): SemverVersion {
  const target = v instanceof GoPointer ? v.target : v;
  return (target as VersionValue)[HIDDEN_STATE];
}

const NUMERIC = /^[0-9]*$/;
const ALLOWED = /^[0-9A-Za-z-]*$/;

function validatePrerelease(p: string): string | undefined {
  for (const part of p.split(".")) {
    if (NUMERIC.test(part)) {
      if (part.length > 1 && part[0] === "0") return SEMVER_MESSAGES.segmentStartsZero;
    } else if (!ALLOWED.test(part)) return SEMVER_MESSAGES.invalidPrerelease;
  }
  return undefined;
}

function validateMetadata(m: string): string | undefined {
  for (const part of m.split(".")) if (!ALLOWED.test(part)) return SEMVER_MESSAGES.invalidMetadata;
  return undefined;
}

/** The `v` the original text started with, kept by the Inc and Set methods. */
function vPrefix(v: SemverVersion): string {
  return v.original.startsWith("v") ? "v" : "";
}

function derive(
  v: SemverVersion,
  parts: Partial<Pick<SemverVersion, "major" | "minor" | "patch" | "prerelease" | "metadata">>,
): SemverVersion {
  const next = new SemverVersion({
    major: parts.major ?? v.major,
    minor: parts.minor ?? v.minor,
    patch: parts.patch ?? v.patch,
    prerelease: parts.prerelease ?? v.prerelease,
    metadata: parts.metadata ?? v.metadata,
  });
  return new SemverVersion({ ...next, original: vPrefix(v) + next.toString() });
}

/** A function definition whose type slots are patched once the types exist (they refer to each other). */
type Def = { -readonly [K in keyof FuncDef]: FuncDef[K] } & { params: GoType[] };

function buildTypes(): { value: GoType; ptr: GoType } {
  const selfParams: Def[] = [];
  const selfResults: Def[] = [];
  const num = (pick: (v: SemverVersion) => bigint): Def => ({
    params: [],
    result: T.uint64,
    fn: (r: unknown) => pick(state(r)),
  });
  const str = (pick: (v: SemverVersion) => string): Def => ({
    params: [],
    result: T.string,
    fn: (r: unknown) => pick(state(r)),
  });
  const inc = (next: (v: SemverVersion) => SemverVersion): Def => {
    const d: Def = { params: [], result: T.any, fn: (r: unknown) => versionValue(next(state(r))) };
    selfResults.push(d);
    return d;
  };
  const setter = (validate: (s: string) => string | undefined, field: "prerelease" | "metadata"): Def => {
    const d: Def = {
      params: [T.string],
      result: T.any,
      returnsError: true,
      fn: (r: unknown, s: string) => {
        const v = state(r);
        if (s.length > 0) {
          const err = validate(s);
          if (err) throw new Error(err);
        }
        return versionValue(derive(v, { [field]: s }));
      },
    };
    selfResults.push(d);
    return d;
  };
  const compare = (result: GoType, map: (c: number) => unknown): Def => {
    const d: Def = {
      params: [T.any],
      result,
      fn: (r: unknown, o: GoPointer) => map(compareSemver(state(r), state(o))),
    };
    selfParams.push(d);
    return d;
  };
  const valueMethods: Record<string, Def> = {
    String: str((v) => v.toString()),
    Major: num((v) => v.major),
    Minor: num((v) => v.minor),
    Patch: num((v) => v.patch),
    Prerelease: str((v) => v.prerelease),
    Metadata: str((v) => v.metadata),
    IncPatch: inc((v) =>
      v.prerelease !== ""
        ? derive(v, { prerelease: "", metadata: "" })
        : derive(v, { prerelease: "", metadata: "", patch: v.patch + 1n }),
    ),
    IncMinor: inc((v) => derive(v, { prerelease: "", metadata: "", patch: 0n, minor: v.minor + 1n })),
    IncMajor: inc((v) =>
      derive(v, { prerelease: "", metadata: "", patch: 0n, minor: 0n, major: v.major + 1n }),
    ),
    SetPrerelease: setter(validatePrerelease, "prerelease"),
    SetMetadata: setter(validateMetadata, "metadata"),
    MarshalJSON: {
      params: [],
      result: SLICE_BYTE,
      returnsError: true,
      fn: (r: unknown) => encodeGoString(quoteJsonString(state(r).toString())),
    },
    MarshalText: {
      params: [],
      result: SLICE_BYTE,
      returnsError: true,
      fn: (r: unknown) => encodeGoString(state(r).toString()),
    },
  };
  // The pointer's method set holds the value methods too, as in Go.
  const ptrMethods: Record<string, Def> = {
    ...valueMethods,
    Original: str((v) => v.original),
    LessThan: compare(T.bool, (c) => c < 0),
    GreaterThan: compare(T.bool, (c) => c > 0),
    Equal: compare(T.bool, (c) => c === 0),
    Compare: compare(T.int, (c) => c),
  };
  const value = structType({ name: "semver.Version", fields: [], methods: valueMethods });
  const ptr = namedType({ name: "*semver.Version", kind: "ptr", elem: value, methods: ptrMethods });
  for (const d of selfParams) d.params = [ptr];
  for (const d of selfResults) d.result = value;
  return { value, ptr };
}

const TYPES = buildTypes();
const versionType = TYPES.value;
const versionPtrType = TYPES.ptr;

/** A `semver.Version` struct value. */
export function versionValue(v: SemverVersion): object {
  const o = {} as VersionValue;
  Object.defineProperty(o, HIDDEN_STATE, { value: v, enumerable: false });
  return withType(o, versionType);
}

/** A `*semver.Version`, what Sprig's `semver` returns. */
export function versionPointer(v: SemverVersion): GoPointer {
  return new GoPointer(versionPtrType, versionValue(v));
}

const cachedVersion = memoize(parseSemver);
const cachedConstraint = memoize(parseSemverConstraint);

/** The semver family. */
export function semverFuncs(): FuncMap {
  return {
    semver: defineFunc({
      params: [T.string],
      result: versionPtrType,
      returnsError: true,
      fn: (s) => versionPointer(parseSemver(s)),
    }),
    semverCompare: defineFunc({
      params: [T.string, T.string],
      result: T.bool,
      returnsError: true,
      fn: (constraint, version) => cachedConstraint(constraint).check(cachedVersion(version)),
    }),
  };
}
