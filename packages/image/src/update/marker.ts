/**
 * The setter name a comment marks, or `undefined`. As Flux reads it: leading `#` characters are
 * stripped and the rest must be a JSON object whose values are all strings, with a non-empty
 * `$imagepolicy`. Any other text on the comment makes it not a marker.
 */
export function markerSetter(comment: string | null | undefined): string | undefined {
  if (!comment) return undefined;
  const text = comment.replace(/^#+/, "");
  // Only a JSON object can be a marker, and its key is `$imagepolicy` written out or with escapes: skip
  // ordinary comments without paying for a JSON.parse failure (a thrown error) on each.
  if (!/^[ \t\r\n]*\{/.test(text) || !(text.includes("imagepolicy") || text.includes("\\"))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const entries = Object.values(parsed);
  if (!entries.every((v) => typeof v === "string")) return undefined;
  const setter = (parsed as Record<string, string>).$imagepolicy;
  return typeof setter === "string" && setter !== "" ? setter : undefined;
}

/** The byte screen Flux applies before parsing: the marker key with its quotes. */
export const MARKER_TOKEN = '"$imagepolicy"';
