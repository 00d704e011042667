/**
 * `.helmignore` rules, with Helm's semantics (not gitignore's): one `filepath.Match` pattern per line,
 * `#` comments, `!` negation, a trailing `/` for directories only, a leading `/` anchoring at the chart
 * root, patterns without `/` matched against the base name, and no `**`. Helm always adds
 * `templates/.?*` (dotfiles directly in templates/).
 */
import { ChartLoadError } from "../errors.js";
import { BadPatternError, compileGoPathPattern } from "./pathmatch.js";

/** The file holding the rules, at the chart root. */
export const HELM_IGNORE_FILE = ".helmignore";

interface Rule {
  raw: string;
  negate: boolean;
  mustDir: boolean;
  /** Match against the base name only. */
  baseOnly: boolean;
  regex: RegExp;
}

/** Parsed .helmignore rules; {@link HelmIgnore.ignores} answers for one path. */
export class HelmIgnore {
  private readonly rules: Rule[] = [];

  /** Parse the text of a .helmignore file (a leading UTF-8 BOM is skipped). Bad patterns throw. */
  static parse(text: string): HelmIgnore {
    const rules = new HelmIgnore();
    const body = text.startsWith("\ufeff") ? text.slice(1) : text;
    for (const line of body.split(/\r?\n/)) rules.add(line);
    return rules;
  }

  /** Rules with only Helm's default (`templates/.?*`). */
  static defaults(): HelmIgnore {
    return new HelmIgnore().withDefaults();
  }

  /** Append Helm's default rule. Returns `this`. */
  withDefaults(): this {
    this.add("templates/.?*");
    return this;
  }

  /** Add one rule line (blank lines and comments are ignored). */
  add(line: string): void {
    let rule = line.trim();
    if (rule === "" || rule.startsWith("#")) return;
    if (rule.includes("**")) {
      throw new ChartLoadError(`${HELM_IGNORE_FILE}: double-star (**) syntax is not supported`, {
        file: HELM_IGNORE_FILE,
      });
    }
    const raw = rule;
    // Validate the whole line first, as Helm does (a leading `!` or `/` is part of the pattern then).
    compile(rule, raw);
    const negate = rule.startsWith("!");
    if (negate) rule = rule.slice(1);
    const mustDir = rule.endsWith("/");
    if (mustDir) rule = rule.slice(0, -1);
    const anchored = rule.startsWith("/");
    if (anchored) rule = rule.slice(1);
    this.rules.push({
      raw,
      negate,
      mustDir,
      baseOnly: !anchored && !rule.includes("/"),
      regex: compile(rule, raw),
    });
  }

  /**
   * Whether `path` (relative to the chart root, `/`-separated) is ignored. Mirrors Helm's evaluation,
   * where a negated rule that does not match a path ignores it.
   */
  ignores(path: string, isDir: boolean): boolean {
    if (path === "" || path === "." || path === "./") return false;
    for (const r of this.rules) {
      const subject = r.baseOnly ? baseName(path) : path;
      if (r.negate) {
        if (r.mustDir && !isDir) return true;
        if (!r.regex.test(subject)) return true;
        continue;
      }
      if (r.mustDir && !isDir) continue;
      if (r.regex.test(subject)) return true;
    }
    return false;
  }
}

function compile(pattern: string, raw: string): RegExp {
  try {
    return compileGoPathPattern(pattern);
  } catch (err) {
    if (err instanceof BadPatternError) {
      throw new ChartLoadError(`${HELM_IGNORE_FILE}: syntax error in pattern ${JSON.stringify(raw)}`, {
        file: HELM_IGNORE_FILE,
        cause: err,
      });
    }
    throw err;
  }
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  const i = trimmed.lastIndexOf("/");
  return i < 0 ? trimmed : trimmed.slice(i + 1);
}
