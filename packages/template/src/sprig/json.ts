/** Sprig's JSON functions over Go's `encoding/json` semantics (see `gojson.ts`). */
import { defineFunc, type FuncMap } from "../funcs/types.js";
import { T } from "../value/types.js";
import { marshalGoJson, unmarshalGoJson } from "./gojson.js";

/** `toJson` and friends (the non-`must` forms turn errors into `""`, except `toRawJson`, which panics). */
export function jsonFuncs(): FuncMap {
  const encoder = (options: { escapeHTML?: boolean; indent?: string }, strict: boolean) =>
    defineFunc({
      params: [T.any],
      result: T.string,
      returnsError: strict,
      fn: (v) => {
        try {
          return marshalGoJson(v, options);
        } catch (err) {
          if (strict) throw err;
          return "";
        }
      },
    });
  const mustFromJson = defineFunc({
    params: [T.string],
    result: T.any,
    returnsError: true,
    fn: (s) => {
      const r = unmarshalGoJson(s);
      if (r.error !== undefined) throw new Error(r.error);
      return r.value;
    },
  });
  return {
    toJson: encoder({}, false),
    mustToJson: encoder({}, true),
    toPrettyJson: encoder({ indent: "  " }, false),
    mustToPrettyJson: encoder({ indent: "  " }, true),
    toRawJson: encoder({ escapeHTML: false }, true),
    mustToRawJson: encoder({ escapeHTML: false }, true),
    fromJson: defineFunc({ params: [T.string], result: T.any, fn: (s) => unmarshalGoJson(s).value }),
    mustFromJson,
  };
}
