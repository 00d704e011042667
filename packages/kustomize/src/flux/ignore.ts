/**
 * `.sourceignore` filtering as `flux build kustomization` applies it. The matcher and the ignore-file
 * reader are core's (the same fluxcd/pkg/sourceignore rules source-controller uses); what differs is
 * that the CLI matches absolute paths, so every pattern's domain is the absolute path of the directory
 * that declared it.
 *
 * @module
 */
import {
  defaultIgnorePatterns,
  type FileSystem,
  type IgnorePattern,
  isIgnored,
  loadIgnorePatterns,
  posixPath,
  readIgnorePatterns,
} from "@gitops-kit/core";

/** The elements of an absolute path as Go's `strings.Split(abs, "/")` gives them (a leading `""`). */
export function pathElements(absolute: string): string[] {
  const normalized = posixPath.resolve(absolute);
  return normalized === "/" ? ["", ""] : normalized.split("/");
}

/** Options of {@link fluxBuildIgnoreRules}. */
export interface FluxBuildIgnoreRulesOptions {
  fs: FileSystem;
  /** The kustomization directory (absolute). */
  dir: string;
  /** Extra gitignore-style lines, applied after the `.sourceignore` files (so `!x` wins). */
  patterns?: string;
}

/** The rules `flux build kustomization` filters with; `patterns` is empty when no rule was found. */
export interface FluxBuildIgnoreRules {
  patterns: IgnorePattern[];
  /** Whether an absolute path is ignored (Flux's defaults in front of the patterns). */
  ignores(path: string, isDir: boolean): boolean;
}

/** Read the `.sourceignore` files under `dir` and the extra patterns, bound to absolute paths. */
export function fluxBuildIgnoreRules(options: FluxBuildIgnoreRulesOptions): FluxBuildIgnoreRules {
  const domain = pathElements(options.dir);
  const patterns = loadIgnorePatterns({ fs: options.fs, dir: options.dir, domain });
  if (options.patterns) patterns.push(...readIgnorePatterns(options.patterns, domain));
  const all = [...defaultIgnorePatterns(domain), ...patterns];
  return { patterns, ignores: (path, isDir) => isIgnored(all, pathElements(path), isDir) };
}
