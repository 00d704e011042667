/**
 * The Go-typed objects templates see besides `.Values`: `.Chart` (chart metadata plus `IsRoot`),
 * `.Capabilities` (a pointer to Helm's Capabilities struct, with `APIVersions.Has` and
 * `KubeVersion.GitVersion`), `.Files` (Helm's files map with Get/GetBytes/Glob/Lines/AsConfig/AsSecrets)
 * and `.Release`.
 */
import {
  base64Encode,
  decodeGoBytes,
  type FuncDef,
  GoPointer,
  goInt,
  MAP_STRING_STRING,
  mapSet,
  namedType,
  pointerTo,
  SLICE_ANY,
  SLICE_BYTE,
  SLICE_STRING,
  sliceOf,
  structType,
  T,
  typedMap,
  typedSlice,
  withType,
} from "@gitops-kit/template";
import type { ChartFile, ChartMetadata } from "../chart/types.js";
import { toYaml } from "../funcs/index.js";
import { compileFilesGlob } from "./glob.js";

// --- .Capabilities ----------------------------------------------------------------------------------------

const stringMethod = (fn: (recv: Record<string, unknown>) => string): FuncDef => ({
  params: [],
  result: T.string,
  fn: (recv: Record<string, unknown>) => fn(recv),
});

const KUBE_VERSION = structType({
  name: "chartutil.KubeVersion",
  fields: [
    { name: "Version", type: T.string },
    { name: "Major", type: T.string },
    { name: "Minor", type: T.string },
  ],
  methods: {
    String: stringMethod((kv) => kv.Version as string),
    GitVersion: stringMethod((kv) => kv.Version as string),
  },
});

const VERSION_SET = namedType({
  name: "chartutil.VersionSet",
  kind: "slice",
  elem: T.string,
  methods: {
    Has: { params: [T.string], result: T.bool, fn: (set: string[], v: string) => set.includes(v) },
  },
});

const BUILD_INFO = structType({
  name: "version.BuildInfo",
  fields: [
    { name: "Version", type: T.string },
    { name: "GitCommit", type: T.string },
    { name: "GitTreeState", type: T.string },
    { name: "GoVersion", type: T.string },
  ],
});

const CAPABILITIES = structType({
  name: "chartutil.Capabilities",
  fields: [
    { name: "KubeVersion", type: KUBE_VERSION },
    { name: "APIVersions", type: VERSION_SET },
    { name: "HelmVersion", type: BUILD_INFO },
  ],
});

/** `.Capabilities.KubeVersion`. */
export interface KubeVersion {
  /** e.g. `v1.36.0`. */
  version: string;
  major: string;
  minor: string;
}

/** `.Capabilities.HelmVersion`. */
export interface HelmVersionInfo {
  version: string;
  gitCommit: string;
  gitTreeState: string;
  goVersion: string;
}

/** What templates see as `.Capabilities`. */
export interface Capabilities {
  kubeVersion: KubeVersion;
  /** Group/version strings (and any `group/version/Kind` entries given as extra API versions). */
  apiVersions: readonly string[];
  helmVersion: HelmVersionInfo;
}

/** `.Capabilities` as a Go value: `*chartutil.Capabilities`. */
export function capabilitiesValue(caps: Capabilities): GoPointer {
  const value = withType(
    {
      KubeVersion: withType(
        { Version: caps.kubeVersion.version, Major: caps.kubeVersion.major, Minor: caps.kubeVersion.minor },
        KUBE_VERSION,
      ),
      APIVersions: withType([...caps.apiVersions], VERSION_SET),
      HelmVersion: withType(
        {
          Version: caps.helmVersion.version,
          GitCommit: caps.helmVersion.gitCommit,
          GitTreeState: caps.helmVersion.gitTreeState,
          GoVersion: caps.helmVersion.goVersion,
        },
        BUILD_INFO,
      ),
    },
    CAPABILITIES,
  );
  return new GoPointer(pointerTo(CAPABILITIES), value);
}

// --- .Chart -----------------------------------------------------------------------------------------------

const MAINTAINER = structType({
  name: "chart.Maintainer",
  fields: [
    { name: "Name", type: T.string },
    { name: "Email", type: T.string },
    { name: "URL", type: T.string },
  ],
});

const DEPENDENCY = structType({
  name: "chart.Dependency",
  fields: [
    { name: "Name", type: T.string },
    { name: "Version", type: T.string },
    { name: "Repository", type: T.string },
    { name: "Condition", type: T.string },
    { name: "Tags", type: SLICE_STRING },
    { name: "Enabled", type: T.bool },
    { name: "ImportValues", type: SLICE_ANY },
    { name: "Alias", type: T.string },
  ],
});

const METADATA_FIELDS = [
  { name: "Name", type: T.string },
  { name: "Home", type: T.string },
  { name: "Sources", type: SLICE_STRING },
  { name: "Version", type: T.string },
  { name: "Description", type: T.string },
  { name: "Keywords", type: SLICE_STRING },
  { name: "Maintainers", type: sliceOf(pointerTo(MAINTAINER)) },
  { name: "Icon", type: T.string },
  { name: "APIVersion", type: T.string },
  { name: "Condition", type: T.string },
  { name: "Tags", type: T.string },
  { name: "AppVersion", type: T.string },
  { name: "Deprecated", type: T.bool },
  { name: "Annotations", type: MAP_STRING_STRING },
  { name: "KubeVersion", type: T.string },
  { name: "Dependencies", type: sliceOf(pointerTo(DEPENDENCY)) },
  { name: "Type", type: T.string },
];

// Helm passes `struct { chart.Metadata; IsRoot bool }`: the metadata fields are promoted.
const CHART = structType({
  name: "struct { chart.Metadata; IsRoot bool }",
  fields: [...METADATA_FIELDS, { name: "IsRoot", type: T.bool }],
});

/** `.Chart` for a chart: its metadata with Go field names, and whether it is the top-level chart. */
export function chartValue(md: ChartMetadata, isRoot: boolean): object {
  return withType(
    {
      Name: md.name,
      Home: md.home,
      Sources: typedSlice(T.string, [...md.sources]),
      Version: md.version,
      Description: md.description,
      Keywords: typedSlice(T.string, [...md.keywords]),
      Maintainers: typedSlice(
        pointerTo(MAINTAINER),
        md.maintainers
          .filter((m) => m !== null)
          .map(
            (m) =>
              new GoPointer(
                pointerTo(MAINTAINER),
                withType({ Name: m.name, Email: m.email, URL: m.url }, MAINTAINER),
              ),
          ),
      ),
      Icon: md.icon,
      APIVersion: md.apiVersion,
      Condition: md.condition,
      Tags: md.tags,
      AppVersion: md.appVersion,
      Deprecated: md.deprecated,
      Annotations: typedMap(MAP_STRING_STRING, { ...md.annotations }),
      KubeVersion: md.kubeVersion,
      Dependencies: typedSlice(
        pointerTo(DEPENDENCY),
        (md.dependencies ?? [])
          .filter((d) => d !== null)
          .map(
            (d) =>
              new GoPointer(
                pointerTo(DEPENDENCY),
                withType(
                  {
                    Name: d.name,
                    Version: d.version,
                    Repository: d.repository,
                    Condition: d.condition,
                    Tags: typedSlice(T.string, [...d.tags]),
                    Enabled: d.enabled,
                    ImportValues: [...d.importValues],
                    Alias: d.alias,
                  },
                  DEPENDENCY,
                ),
              ),
          ),
      ),
      Type: md.type,
      IsRoot: isRoot,
    },
    CHART,
  );
}

// --- .Files -----------------------------------------------------------------------------------------------

type FilesMap = Record<string, Uint8Array>;

/** Base name of a `/` path (Go's `path.Base`). */
function baseName(p: string): string {
  const trimmed = p.replace(/\/+$/, "");
  if (trimmed === "") return p === "" ? "." : "/";
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

const bytesOf = (files: FilesMap, name: string): Uint8Array =>
  Object.hasOwn(files, name) ? files[name] : new Uint8Array();

/** `AsConfig` / `AsSecrets`: a map of base names (a later file with the same base name wins) printed by toYaml. */
function flatten(files: FilesMap, encode: (data: Uint8Array) => string): string {
  const m: Record<string, string> = {};
  for (const k of Object.keys(files).sort()) {
    const key = baseName(k);
    mapSet(m, key, encode(files[k]));
  }
  return toYaml(typedMap(MAP_STRING_STRING, m));
}

const FILES: ReturnType<typeof namedType> = namedType({
  name: "engine.files",
  kind: "map",
  key: T.string,
  elem: SLICE_BYTE,
  methods: {
    GetBytes: { params: [T.string], result: SLICE_BYTE, fn: (f: FilesMap, name: string) => bytesOf(f, name) },
    Get: {
      params: [T.string],
      result: T.string,
      fn: (f: FilesMap, name: string) => decodeGoBytes(bytesOf(f, name)),
    },
    Glob: {
      params: [T.string],
      get result() {
        return FILES;
      },
      fn: (f: FilesMap, pattern: string) => {
        const match = compileFilesGlob(pattern);
        const out: FilesMap = {};
        for (const name of Object.keys(f)) if (match(name)) out[name] = f[name];
        return withType(out, FILES);
      },
    },
    AsConfig: { params: [], result: T.string, fn: (f: FilesMap) => flatten(f, decodeGoBytes) },
    AsSecrets: { params: [], result: T.string, fn: (f: FilesMap) => flatten(f, base64Encode) },
    Lines: {
      params: [T.string],
      result: SLICE_STRING,
      fn: (f: FilesMap, name: string) => {
        const data = bytesOf(f, name);
        if (data.length === 0) return [];
        let s = decodeGoBytes(data);
        if (s.endsWith("\n")) s = s.slice(0, -1);
        return s.split("\n");
      },
    },
  },
});

/** `.Files`: the chart's non-template files by name. */
export function filesValue(files: readonly ChartFile[]): object {
  const m: FilesMap = {};
  for (const f of files) {
    mapSet(m, f.name, f.data);
  }
  return withType(m, FILES);
}

// --- .Release ---------------------------------------------------------------------------------------------

/** The release a chart is rendered for. */
export interface ReleaseInfo {
  name: string;
  namespace: string;
  /** Default 1. */
  revision?: number;
  /** Default true (an install); `helm template --is-upgrade` sets it false. */
  isInstall?: boolean;
  /** Default false. */
  isUpgrade?: boolean;
}

/** `.Release` as Helm builds it (a `map[string]interface{}` with `Revision` an `int`). */
export function releaseValue(release: ReleaseInfo): Record<string, unknown> {
  const isUpgrade = release.isUpgrade ?? false;
  return {
    Name: release.name,
    Namespace: release.namespace,
    IsUpgrade: isUpgrade,
    IsInstall: release.isInstall ?? !isUpgrade,
    Revision: goInt(release.revision ?? 1),
    Service: "Helm",
  };
}
