import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { updateText } from "../src/index.js";

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const value = fc.oneof(word, fc.constant("1.10"), fc.constant("yes"), fc.constant("reg/app:1.0.0"));
const quote = fc.constantFrom("", "'", '"');
const newline = fc.constantFrom("\n", "\r\n");

/** A block map of `key: value` lines, some marked, with comments, blank lines and documents. */
const file = fc
  .array(
    fc.record({
      key: word,
      value,
      quote,
      marker: fc.option(fc.constantFrom("ns:a", "ns:a:tag", "ns:b", "other:x"), { nil: undefined }),
      extra: fc.constantFrom("", "# note", "", "---"),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .chain((lines) => newline.map((nl) => ({ lines, nl })));

describe("updateText (property)", () => {
  it("changes only marked scalars' bytes, and only to the setter values", () => {
    const setters = new Map([
      ["ns:a", "reg/app:2.0.0"],
      ["ns:a:tag", "2.0"],
      ["ns:b", "yes"],
    ]);
    let changedFiles = 0;
    fc.assert(
      fc.property(file, ({ lines, nl }) => {
        const seen = new Set<string>();
        const text = lines
          .map((l) => {
            // Unique keys per document keep every line a valid mapping entry.
            let key = l.key;
            while (seen.has(key)) key += "x";
            seen.add(key);
            const marker = l.marker ? ` # {"$imagepolicy": "${l.marker}"}` : "";
            const extra = l.extra === "---" ? `---${nl}` : l.extra ? `${l.extra}${nl}` : "";
            if (l.extra === "---") seen.clear();
            return `${extra}${key}: ${l.quote}${l.value}${l.quote}${marker}${nl}`;
          })
          .join("");
        const out = updateText(text, setters);
        if (!out) return;
        changedFiles++;
        const before = text.split(nl);
        const after = out.text.split(nl);
        expect(after.length).toBe(before.length);
        for (let i = 0; i < before.length; i++) {
          if (before[i] === after[i]) continue;
          // A changed line keeps its key and marker; only the value between them differs.
          const m = /^([^:]+: )(.*?)( # \{"\$imagepolicy": "([^"]+)"\})$/.exec(before[i]);
          expect(m, before[i]).not.toBeNull();
          if (!m) return;
          expect(after[i].startsWith(m[1])).toBe(true);
          expect(after[i].endsWith(m[3])).toBe(true);
          const written = after[i].slice(m[1].length, after[i].length - m[3].length);
          const want = setters.get(m[4]);
          expect(want).toBeDefined();
          expect(written.replace(/^(['"])(.*)\1$/, "$2")).toBe(want);
        }
      }),
      { numRuns: 300 },
    );
    // The generator must actually produce files with changes, or the property says nothing.
    expect(changedFiles).toBeGreaterThan(50);
  });
});
