/**
 * The glob syntax of `.Files.Glob` (github.com/gobwas/glob with `/` as separator): `*` any run of
 * non-separator characters, `**` any run of characters, `?` one non-separator character, `[abc]`,
 * `[a-z]`, `[!abc]`, `{a,b}` alternatives and `\` escapes. A pattern that does not compile matches
 * everything, as in Helm (which falls back to `**`).
 */

function lit(ch: string): string {
  return `\\u{${(ch.codePointAt(0) as number).toString(16)}}`;
}

class GlobSyntaxError extends Error {}

/** Translate into an anchored RegExp; throws {@link GlobSyntaxError}. */
function translate(pattern: string): string {
  const chars = [...pattern];
  let i = 0;
  // `inAlt` tracks nesting in `{...}` so that `,` and `}` end an alternative.
  const seq = (inAlt: boolean): string => {
    let out = "";
    while (i < chars.length) {
      const c = chars[i];
      if (inAlt && (c === "," || c === "}")) return out;
      if (c === "*") {
        if (chars[i + 1] === "*") {
          out += "[\\s\\S]*";
          i += 2;
        } else {
          out += "[^/]*";
          i++;
        }
      } else if (c === "?") {
        out += "[^/]";
        i++;
      } else if (c === "\\") {
        if (i + 1 >= chars.length) throw new GlobSyntaxError("dangling escape");
        out += lit(chars[i + 1]);
        i += 2;
      } else if (c === "[") {
        i++;
        let negate = false;
        if (chars[i] === "!") {
          negate = true;
          i++;
        }
        let cls = "";
        while (i < chars.length && chars[i] !== "]") {
          const lo = chars[i];
          if (chars[i + 1] === "-" && i + 2 < chars.length && chars[i + 2] !== "]") {
            cls += `${lit(lo)}-${lit(chars[i + 2])}`;
            i += 3;
          } else {
            cls += lit(lo);
            i++;
          }
        }
        if (i >= chars.length || cls === "") throw new GlobSyntaxError("unclosed class");
        i++; // ]
        out += negate ? `[^${cls}]` : `[${cls}]`;
      } else if (c === "{") {
        i++;
        const alts: string[] = [];
        for (;;) {
          alts.push(seq(true));
          if (i >= chars.length) throw new GlobSyntaxError("unclosed alternatives");
          const end = chars[i++];
          if (end === "}") break;
        }
        out += `(?:${alts.join("|")})`;
      } else {
        out += lit(c);
        i++;
      }
    }
    return out;
  };
  const re = seq(false);
  if (i < chars.length) throw new GlobSyntaxError("unexpected character");
  return re;
}

/** A matcher for a `.Files.Glob` pattern. */
export function compileFilesGlob(pattern: string): (name: string) => boolean {
  let source: string;
  try {
    source = translate(pattern);
  } catch (err) {
    if (err instanceof GlobSyntaxError) return () => true;
    throw err;
  }
  const re = new RegExp(`^${source}$`, "u");
  return (name) => re.test(name);
}
