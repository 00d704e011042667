import { describe, expect, it } from "vitest";
import { createSprigFuncs, seededRandom, Template, TemplateError } from "../src/index.js";

const DATA = {
  list: [1, 2, 3],
  e: [],
  map: { a: 1 },
  nil: null,
  mixed: [1, "two", 3.5, true, null, { k: "v" }, 1],
  str: "hello",
};

interface Row {
  t: string;
  output?: string;
  error?: string;
}

const SPRIG = createSprigFuncs({ random: seededRandom(7) });

function render(text: string, data: unknown = DATA): { output?: string; error?: string } {
  const root = new Template("gotpl").funcs(SPRIG);
  try {
    root.new("main").parse(text);
    return { output: root.executeTemplate({ name: "main", data: structuredClone(data) }) };
  } catch (err) {
    if (err instanceof TemplateError) return { error: err.message };
    throw err;
  }
}

/** Answers of the Go oracle (Go 1.19, Sprig v3.2.3). */
const ORACLE: Row[] = [
  {
    t: "{{ slice .list 2 1 }}",
    error:
      'template: main:1:3: executing "main" at <slice .list 2 1>: error calling slice: reflect.Value.Slice: slice index out of bounds',
  },
  {
    t: "{{ slice .list -1 }}",
    error:
      'template: main:1:3: executing "main" at <slice .list -1>: error calling slice: reflect.Value.Slice: slice index out of bounds',
  },
  { t: "{{ slice .e }}", output: "<no value>" },
  {
    t: '{{ slice "abc" 1 }}',
    error:
      'template: main:1:3: executing "main" at <slice "abc" 1>: error calling slice: list should be type of slice or array but string',
  },
  { t: '{{ slice (splitList "," "a,b,c") 1 }}', output: "[b c]" },
  { t: '{{ slice .list "1" 2.5 }}', output: "[2]" },
  {
    t: "{{ chunk 0 .list }}",
    error:
      'template: main:1:3: executing "main" at <chunk 0 .list>: error calling chunk: runtime error: makeslice: len out of range',
  },
  {
    t: "{{ chunk -1 .list }}",
    error:
      'template: main:1:3: executing "main" at <chunk -1 .list>: error calling chunk: runtime error: makeslice: len out of range',
  },
  {
    t: "{{ chunk -1 .e }}",
    error:
      'template: main:1:3: executing "main" at <chunk -1 .e>: error calling chunk: runtime error: makeslice: len out of range',
  },
  { t: "{{ chunk 2 .list }}", output: "[[1 2] [3]]" },
  { t: "{{ chunk 2 .e }}", output: "[]" },
  { t: "{{ chunk 5 .list }}", output: "[[1 2 3]]" },
  { t: "{{ chunk 1 .list }}", output: "[[1] [2] [3]]" },
  { t: "{{ concat }}", output: "[]" },
  {
    t: "{{ concat .list nil }}",
    error:
      'template: main:1:3: executing "main" at <concat .list nil>: error calling concat: runtime error: invalid memory address or nil pointer dereference',
  },
  {
    t: '{{ concat .list "x" }}',
    error:
      'template: main:1:3: executing "main" at <concat .list "x">: error calling concat: Cannot concat type string as list',
  },
  {
    t: "{{ first nil }}",
    error:
      'template: main:1:3: executing "main" at <first nil>: error calling first: runtime error: invalid memory address or nil pointer dereference',
  },
  { t: "{{ has 1 nil }}", output: "false" },
  {
    t: '{{ has 1 "x" }}',
    error:
      'template: main:1:3: executing "main" at <has 1 "x">: error calling has: Cannot find has on type string',
  },
  { t: "{{ rest .e }}", output: "[]" },
  { t: "{{ slice .list 1 1 }}", output: "[]" },
  {
    t: "{{ slice .list 4 }}",
    error:
      'template: main:1:3: executing "main" at <slice .list 4>: error calling slice: reflect.Value.Slice: slice index out of bounds',
  },
  { t: '{{ sortAlpha "x" }}', output: "[x]" },
  { t: "{{ sortAlpha nil }}", output: "[<nil>]" },
  { t: "{{ sortAlpha 3 }}", output: "[3]" },
  { t: '{{ sortAlpha (list "b" 1 nil "a" (list 2)) }}', output: "[1 [2] a b]" },
  { t: '{{ sortAlpha (list "\u00e9" "z" "Z" "a" "") }}', output: "[ Z a z \u00e9]" },
  { t: "{{ without .list 1 3 }}", output: "[1 2 3]" },
  { t: '{{ uniq (list 1 1.0 "1" 1) }}', output: "[1 1 1]" },
  { t: "{{ has 1.0 .list }}", output: "true" },
  {
    t: '{{ uniq (list (list 1) (list 1) (dict "a" 1) (dict "a" 1) nil nil) }}',
    output: "[[1] map[a:1] <nil>]",
  },
  { t: "{{ uniq .mixed }}", output: "[1 two 3.5 true <nil> map[k:v]]" },
  { t: '{{ compact (list 0 1 "" "a" nil false true (list) (dict) 0.0) }}', output: "[1 a true]" },
  { t: "{{ push .list 4 }}", output: "[1 2 3 4]" },
  {
    t: '{{ append "x" 4 }}',
    error:
      'template: main:1:3: executing "main" at <append "x" 4>: error calling append: Cannot push on type string',
  },
  { t: "{{ prepend .list 0 }}", output: "[0 1 2 3]" },
  {
    t: "{{ mustPrepend .map 0 }}",
    error:
      'template: main:1:3: executing "main" at <mustPrepend .map 0>: error calling mustPrepend: Cannot prepend on type map',
  },
  { t: "{{ last .list }}", output: "3" },
  { t: "{{ initial .list }}", output: "[1 2]" },
  { t: "{{ reverse .e }}", output: "[]" },
  { t: "{{ first .e }}", output: "<no value>" },
  {
    t: '{{ mustLast "x" }}',
    error:
      'template: main:1:3: executing "main" at <mustLast "x">: error calling mustLast: Cannot find last on type string',
  },
  { t: "{{ without .list }}", output: "[1 2 3]" },
  {
    t: "{{ without nil 1 }}",
    error:
      'template: main:1:3: executing "main" at <without nil 1>: error calling without: runtime error: invalid memory address or nil pointer dereference',
  },
  { t: "{{ has nil (list nil) }}", output: "true" },
  { t: "{{ has .nil (list nil) }}", output: "true" },
  { t: "{{ list }}", output: "[]" },
  { t: "{{ tuple 1 2 }}", output: "[1 2]" },
  { t: '{{ reverse (splitList "," "a,b") }}', output: "[b a]" },
  {
    t: '{{ first (b64dec "YWJj" | toString) }}',
    error:
      'template: main:1:3: executing "main" at <first (b64dec "YWJj" | toString)>: error calling first: Cannot find first on type string',
  },
  {
    t: "{{ mustSlice .map }}",
    error:
      'template: main:1:3: executing "main" at <mustSlice .map>: error calling mustSlice: list should be type of slice or array but map',
  },
  { t: "{{ slice (list 1 2 3) 1 }}", output: "[2 3]" },
  { t: "{{ slice (list 1 2 3) nil 2 }}", output: "[1 2]" },
  {
    t: "{{ slice (list 1 2 3) 1 nil }}",
    error:
      'template: main:1:3: executing "main" at <slice (list 1 2 3) 1 nil>: error calling slice: reflect.Value.Slice: slice index out of bounds',
  },
  {
    t: '{{ mustChunk 2 "x" }}',
    error:
      'template: main:1:3: executing "main" at <mustChunk 2 "x">: error calling mustChunk: Cannot chunk type string',
  },
  {
    t: "{{ chunk 2 nil }}",
    error:
      'template: main:1:3: executing "main" at <chunk 2 nil>: error calling chunk: runtime error: invalid memory address or nil pointer dereference',
  },
  {
    t: "{{ uniq nil }}",
    error:
      'template: main:1:3: executing "main" at <uniq nil>: error calling uniq: runtime error: invalid memory address or nil pointer dereference',
  },
  {
    t: "{{ has 1 .map }}",
    error:
      'template: main:1:3: executing "main" at <has 1 .map>: error calling has: Cannot find has on type map',
  },
  { t: "{{ has (list 1) (list (list 1)) }}", output: "true" },
  { t: "{{ without (list 1.5 2.5) 1.5 }}", output: "[2.5]" },
  {
    t: "{{ compact nil }}",
    error:
      'template: main:1:3: executing "main" at <compact nil>: error calling compact: runtime error: invalid memory address or nil pointer dereference',
  },
  { t: "{{ sortAlpha .list }}", output: "[1 2 3]" },
  { t: "{{ sortAlpha (list 10 9 1) }}", output: "[1 10 9]" },
  { t: "{{ index (chunk 2 .list) 1 }}", output: "[3]" },
  { t: '{{ typeOf (slice (splitList "," "a,b,c") 1) }}', output: "[]string" },
  { t: "{{ typeOf (chunk 2 .list) }}", output: "[][]interface {}" },
  { t: "{{ typeOf (concat) }}", output: "[]interface {}" },
  { t: "{{ typeOf (rest .e) }}", output: "[]interface {}" },
  { t: "{{ typeOf (slice .e) }}", output: "<nil>" },
  { t: '{{ first (splitList "," "x,y") | typeOf }}', output: "string" },
  {
    t: '{{ slice (b64dec "YWJj" | toString) 1 }}',
    error:
      'template: main:1:3: executing "main" at <slice (b64dec "YWJj" | toString) 1>: error calling slice: list should be type of slice or array but string',
  },
  { t: '{{ uniq (splitList "," "a,b,a") }}', output: "[a b]" },
  { t: '{{ without (splitList "," "a,b,a") "a" }}', output: "[b]" },
  { t: '{{ has "a" (splitList "," "a,b") }}', output: "true" },
  { t: '{{ compact (splitList "," "a,,b") }}', output: "[a b]" },
  { t: '{{ $s := splitList "," "b,a" }}{{ sortAlpha $s }}{{ $s }}', output: "[a b][a b]" },
  {
    t: "{{ mustFirst .map }}",
    error:
      'template: main:1:3: executing "main" at <mustFirst .map>: error calling mustFirst: Cannot find first on type map',
  },
  {
    t: "{{ mustRest 1 }}",
    error:
      'template: main:1:3: executing "main" at <mustRest 1>: error calling mustRest: Cannot find rest on type int',
  },
  {
    t: "{{ mustInitial true }}",
    error:
      'template: main:1:3: executing "main" at <mustInitial true>: error calling mustInitial: Cannot find initial on type bool',
  },
  {
    t: '{{ mustReverse "x" }}',
    error:
      'template: main:1:3: executing "main" at <mustReverse "x">: error calling mustReverse: Cannot find reverse on type string',
  },
  {
    t: "{{ mustUniq 1.5 }}",
    error:
      'template: main:1:3: executing "main" at <mustUniq 1.5>: error calling mustUniq: Cannot find uniq on type float64',
  },
  {
    t: "{{ mustWithout .map 1 }}",
    error:
      'template: main:1:3: executing "main" at <mustWithout .map 1>: error calling mustWithout: Cannot find without on type map',
  },
  {
    t: "{{ mustHas 1 .map }}",
    error:
      'template: main:1:3: executing "main" at <mustHas 1 .map>: error calling mustHas: Cannot find has on type map',
  },
  {
    t: "{{ mustPush .map 1 }}",
    error:
      'template: main:1:3: executing "main" at <mustPush .map 1>: error calling mustPush: Cannot push on type map',
  },
  { t: "{{ mustAppend .list 4 }}", output: "[1 2 3 4]" },
  {
    t: '{{ mustCompact "x" }}',
    error:
      'template: main:1:3: executing "main" at <mustCompact "x">: error calling mustCompact: Cannot compact on type string',
  },
  {
    t: "{{ mustChunk 2 .map }}",
    error:
      'template: main:1:3: executing "main" at <mustChunk 2 .map>: error calling mustChunk: Cannot chunk type map',
  },
  { t: "{{ chunk 3 (list 1 2 3 4 5 6 7) }}", output: "[[1 2 3] [4 5 6] [7]]" },
  { t: "{{ reverse .mixed }}", output: "[1 map[k:v] <nil> true 3.5 two 1]" },
  { t: "{{ without .mixed nil 1 }}", output: "[1 two 3.5 true map[k:v] 1]" },
  { t: "{{ has nil .mixed }}", output: "true" },
  { t: '{{ has (dict "k" "v") .mixed }}', output: "true" },
];

describe("sprig lists against the Go oracle", () => {
  for (const row of ORACLE) {
    it(row.t, () => {
      expect(render(row.t)).toEqual(row.error !== undefined ? { error: row.error } : { output: row.output });
    });
  }
});
