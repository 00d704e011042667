/**
 * Go's `Regexp.ExpandString` template language: `$name` / `${name}` insert a submatch, `$$` is a `$`.
 * A name is the longest run of letters, digits and `_`, so `$1x` refers to the group named `1x` (which
 * usually does not exist and expands to nothing); write `${1}x` for group 1 followed by `x`. A `$` not
 * followed by a valid reference stays as written.
 */

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/** A parsed `$` reference: a group number, or a group name when the text is not a plain number. */
type Reference = { number: number; name: string; length: number };

/**
 * Read the reference after a `$` at `template[start..]`; `undefined` when malformed. The number is -1 for
 * names that are not a plain decimal without a leading zero (Go caps numbers below 1e8 too).
 */
function readReference(template: string, start: number): Reference | undefined {
  let i = start;
  const braced = template[i] === "{";
  if (braced) i++;
  const nameStart = i;
  while (i < template.length) {
    const cp = template.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  if (i === nameStart) return undefined;
  const name = template.slice(nameStart, i);
  if (braced) {
    if (template[i] !== "}") return undefined;
    i++;
  }
  let number = 0;
  for (const ch of name) {
    if (ch < "0" || ch > "9" || number >= 1e8) {
      number = -1;
      break;
    }
    number = number * 10 + (ch.charCodeAt(0) - 48);
  }
  if (name[0] === "0" && name.length > 1) number = -1;
  return { number, name, length: i - start };
}

/**
 * Expand `template` against one match of a pattern in `src`. `match` is a submatch index array
 * (`[start0, end0, start1, end1, ...]`, -1 for groups that did not take part) and `names` the group
 * names by index (`""` for unnamed groups). A named reference takes the first group of that name that
 * took part in the match.
 */
export function expandTemplate(
  template: string,
  src: string,
  match: readonly number[],
  names: readonly string[],
): string {
  let out = "";
  let i = 0;
  for (;;) {
    const dollar = template.indexOf("$", i);
    if (dollar < 0) break;
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === "$") {
      out += "$";
      i++;
      continue;
    }
    const ref = readReference(template, i);
    if (ref === undefined) {
      out += "$";
      continue;
    }
    i += ref.length;
    out += submatchText(ref, src, match, names);
  }
  return out + template.slice(i);
}

function submatchText(
  ref: Reference,
  src: string,
  match: readonly number[],
  names: readonly string[],
): string {
  const group = (index: number): string | undefined => {
    if (2 * index + 1 >= match.length || match[2 * index] < 0) return undefined;
    return src.slice(match[2 * index], match[2 * index + 1]);
  };
  if (ref.number >= 0) return group(ref.number) ?? "";
  for (let index = 0; index < names.length; index++) {
    if (names[index] !== ref.name) continue;
    const text = group(index);
    if (text !== undefined) return text;
  }
  return "";
}
