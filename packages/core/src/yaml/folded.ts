/**
 * kustomize re-encodes every resource with go-yaml v3 before printing it, and go-yaml v3 writes a
 * folded (`>`) scalar with a known flaw: whether it adds the blank line that keeps two lines apart is
 * decided by the value's first character instead of the next line's. Reading that text back changes
 * the value (a line before a more-indented line gains a blank line; with a value that starts with a
 * space, lines get joined). This module replays that write-then-read so folded scalars print the way
 * kustomize prints them.
 */

function isBlank(c: string | undefined): boolean {
  return c === " " || c === "\t";
}

/** The lines go-yaml v3's folded writer produces for `value` (kyaml never wraps long lines). */
function writeFolded(value: string): string[] {
  let firstContent = 0;
  while (value[firstContent] === "\n") firstContent++;
  // The flawed look-ahead: it always inspects the start of the value.
  const c0 = value[firstContent];
  const keepsLinesApart = !(c0 === undefined || isBlank(c0) || c0 === "\0");
  const lines: string[] = [];
  let line = "";
  let breaks = true;
  let leadingSpaces = true;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === "\n") {
      if (!breaks && !leadingSpaces && keepsLinesApart) {
        lines.push(line);
        line = "";
      }
      lines.push(line);
      line = "";
      breaks = true;
      continue;
    }
    if (breaks) leadingSpaces = isBlank(c);
    line += c;
    breaks = false;
  }
  // The document goes on after the scalar, on a new line.
  if (!value.endsWith("\n")) lines.push(line);
  return lines;
}

/** go-yaml v3's folded-scalar reader over content lines, with the chomping the writer declared. */
function readFolded(lines: string[], chomping: "strip" | "clip" | "keep"): string {
  let s = "";
  let leadingBreak = "";
  let trailingBreaks = "";
  let leadingBlank = false;
  let i = 0;
  while (i < lines.length && lines[i] === "") {
    trailingBreaks += "\n";
    i++;
  }
  while (i < lines.length) {
    const text = lines[i];
    const trailingBlank = isBlank(text[0]);
    if (!leadingBlank && !trailingBlank && leadingBreak === "\n") {
      if (trailingBreaks === "") s += " ";
    } else {
      s += leadingBreak;
    }
    s += trailingBreaks;
    leadingBreak = "";
    trailingBreaks = "";
    leadingBlank = isBlank(text[0]);
    s += text;
    leadingBreak = "\n";
    i++;
    while (i < lines.length && lines[i] === "") {
      trailingBreaks += "\n";
      i++;
    }
  }
  if (chomping !== "strip") s += leadingBreak;
  if (chomping === "keep") s += trailingBreaks;
  return s;
}

/** go-yaml v3's `block_allowed`: no trailing space, no space before a line break, nothing unprintable but tabs. */
function blockAllowed(value: string): boolean {
  if (value.endsWith(" ")) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x20 && value.charCodeAt(i + 1) === 0x0a) return false;
    const printable =
      c === 0x09 ||
      c === 0x0a ||
      (c >= 0x20 && c <= 0x7e) ||
      (c >= 0xa0 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
    if (!printable) return false;
  }
  return true;
}

/**
 * The value kustomize ends up with for a folded block scalar that reads as `value`, once go-yaml v3
 * has written it and read it back.
 */
export function kyamlFoldedValue(value: string): string {
  // Values a block scalar cannot carry are written double-quoted, which reads back exactly.
  if (value === "" || !blockAllowed(value)) return value;
  const last = value.length - 1;
  const chomping = value[last] !== "\n" ? "strip" : last === 0 || value[last - 1] === "\n" ? "keep" : "clip";
  return readFolded(writeFolded(value), chomping);
}
