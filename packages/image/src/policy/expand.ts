/**
 * Go's `Regexp.ExpandString` template compiled once: `$1`, `${1}`, `$name`, `${name}` (a name is the
 * longest run of letters, digits and `_`, so `$1x` names group `1x`), `$$` for `$`; a malformed `$` is
 * kept as text; a missing or non-participating group expands to "".
 */
export type Expander = (groups: readonly (string | undefined)[]) => string;

type Part = string | number;

export function compileExpander(template: string, subexpNames: readonly string[]): Expander {
  const parts: Part[] = [];
  let literal = "";
  let i = 0;
  const groupOf = (name: string): number => {
    if (/^[0-9]+$/.test(name)) {
      // Go gives up on numbers of 1e8 and more (the reference expands to nothing then).
      if (name.replace(/^0+/, "").length > 8) return -1;
      const n = Number(name);
      return n < subexpNames.length ? n : -1;
    }
    return subexpNames.indexOf(name);
  };
  while (i < template.length) {
    const c = template[i];
    if (c !== "$") {
      literal += c;
      i++;
      continue;
    }
    if (template[i + 1] === "$") {
      literal += "$";
      i += 2;
      continue;
    }
    let name: string | undefined;
    let next = i + 1;
    if (template[i + 1] === "{") {
      const close = template.indexOf("}", i + 2);
      const inner = close < 0 ? "" : template.slice(i + 2, close);
      if (inner !== "" && /^\w+$/.test(inner)) {
        name = inner;
        next = close + 1;
      }
    } else {
      const m = /^\w+/.exec(template.slice(i + 1));
      if (m) {
        name = m[0];
        next = i + 1 + name.length;
      }
    }
    if (name === undefined) {
      literal += "$";
      i++;
      continue;
    }
    if (literal !== "") parts.push(literal);
    literal = "";
    parts.push(groupOf(name));
    i = next;
  }
  if (literal !== "") parts.push(literal);
  if (parts.length === 1 && typeof parts[0] === "number") {
    const g = parts[0];
    return (groups) => (g < 0 ? "" : (groups[g] ?? ""));
  }
  return (groups) => {
    let out = "";
    for (const p of parts) out += typeof p === "string" ? p : p < 0 ? "" : (groups[p] ?? "");
    return out;
  };
}
