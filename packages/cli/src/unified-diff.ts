/**
 * Line diffs in the unified format (`diff -u`): Myers' shortest edit script over lines, grouped into
 * hunks with context. Runtime-neutral and dependency-free.
 */

/** One line of an edit script: kept, removed from the old text, or added by the new one. */
export interface DiffLine {
  op: " " | "-" | "+";
  text: string;
}

/**
 * Beyond this many edits the search stops and the differing middle is reported as removed then added:
 * still a correct diff, just not the shortest, and it keeps the work bounded on huge, unrelated inputs.
 */
const MAX_EDITS = 1000;

/** The shortest edit script turning `a` into `b` (bounded by `MAX_EDITS`). */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  // Common prefix and suffix cost nothing to find and shrink the search.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const keep = (lines: readonly string[]) => lines.map((text): DiffLine => ({ op: " ", text }));
  const middle = myers(a.slice(start, endA), b.slice(start, endB)) ?? [
    ...a.slice(start, endA).map((text): DiffLine => ({ op: "-", text })),
    ...b.slice(start, endB).map((text): DiffLine => ({ op: "+", text })),
  ];
  return [...keep(a.slice(0, start)), ...middle, ...keep(a.slice(endA))];
}

/** Myers' O(ND) algorithm; undefined when more than `MAX_EDITS` edits are needed. */
function myers(a: readonly string[], b: readonly string[]): DiffLine[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
      let x = down ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, [...trace.slice(1), next], offset);
    }
    v = next;
  }
  return undefined;
}

/** Walk the saved frontiers back from the end to recover the edit script. */
function backtrack(
  a: readonly string[],
  b: readonly string[],
  trace: Int32Array[],
  offset: number,
): DiffLine[] {
  const out: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const k = x - y;
    let prevX = 0;
    let prevY = 0;
    if (d > 0) {
      const v = trace[d - 1];
      const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
      const prevK = down ? k + 1 : k - 1;
      prevX = v[offset + prevK];
      prevY = prevX - prevK;
    }
    while (x > prevX && y > prevY) {
      x--;
      y--;
      out.push({ op: " ", text: a[x] });
    }
    if (d > 0) {
      if (x === prevX) out.push({ op: "+", text: b[--y] });
      else out.push({ op: "-", text: a[--x] });
    }
  }
  return out.reverse();
}

/** Options of {@link unifiedDiff}. */
export interface UnifiedDiffOptions {
  /** The old text. */
  before: string;
  /** The new text. */
  after: string;
  /** Names for the `---` and `+++` header lines. */
  beforeName: string;
  afterName: string;
  /** Unchanged lines around each change (default 3, as `diff -u`). */
  context?: number;
}

/** `diff -u` of two texts: headers and hunks, or the empty string when they are equal. */
export function unifiedDiff(options: UnifiedDiffOptions): string {
  const context = options.context ?? 3;
  const lines = diffLines(splitLines(options.before), splitLines(options.after));
  if (lines.every((l) => l.op === " ")) return "";
  let out = `--- ${options.beforeName}\n+++ ${options.afterName}\n`;
  // Line numbers (1-based) of each script entry in the old and new texts.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 1;
  let n = 1;
  for (const l of lines) {
    oldAt.push(o);
    newAt.push(n);
    if (l.op !== "+") o++;
    if (l.op !== "-") n++;
  }
  let i = 0;
  while (i < lines.length) {
    if (lines[i].op === " ") {
      i++;
      continue;
    }
    // A hunk runs from `context` lines before this change to `context` lines after the last change
    // that is closer than 2 * context lines to the previous one.
    const first = Math.max(0, i - context);
    let last = i;
    for (let j = i; j < lines.length; j++) {
      if (lines[j].op !== " ") last = j;
      else if (j - last > 2 * context) break;
    }
    const end = Math.min(lines.length, last + context + 1);
    const hunk = lines.slice(first, end);
    const oldCount = hunk.filter((l) => l.op !== "+").length;
    const newCount = hunk.filter((l) => l.op !== "-").length;
    out += `@@ -${range(oldAt[first], oldCount)} +${range(newAt[first], newCount)} @@\n`;
    for (const l of hunk) out += `${l.op}${l.text}\n`;
    i = end;
  }
  return out;
}

/** GNU diff's range: `start,count`, `start` alone for one line, `start-1,0` for none. */
function range(start: number, count: number): string {
  if (count === 1) return `${start}`;
  return `${count === 0 ? start - 1 : start},${count}`;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
