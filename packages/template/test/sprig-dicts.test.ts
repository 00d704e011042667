import { describe, expect, it } from "vitest";
import { createSprigFuncs, seededRandom, Template, TemplateError } from "../src/index.js";
import { createDictFuncs } from "../src/sprig/dicts.js";

const DATA = { map: { a: 1, b: 2, c: 3 }, nested: { a: { b: { c: "deep" } } }, str: "s", list: [1, 2] };

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

/** Answers of the Go oracle (Go 1.19, Sprig v3.2.3, mergo 0.3.12, copystructure 1.2.0). */
const ORACLE: Row[] = [
  {
    t: "{{ deepCopy nil }}",
    error:
      'template: main:1:3: executing "main" at <deepCopy nil>: error calling deepCopy: reflect: call of reflect.Value.Type on zero Value',
  },
  {
    t: "{{ mustDeepCopy nil }}",
    error:
      'template: main:1:3: executing "main" at <mustDeepCopy nil>: error calling mustDeepCopy: reflect: call of reflect.Value.Type on zero Value',
  },
  { t: '{{ dig "a" "b" "d" .nested }}', output: "map[c:deep]" },
  {
    t: '{{ dig 1 "b" "d" .nested }}',
    error:
      'template: main:1:3: executing "main" at <dig 1 "b" "d" .nested>: error calling dig: interface conversion: interface {} is int, not string',
  },
  {
    t: '{{ dig "a" "b" "d" "x" }}',
    error:
      'template: main:1:3: executing "main" at <dig "a" "b" "d" "x">: error calling dig: interface conversion: interface {} is string, not map[string]interface {}',
  },
  {
    t: '{{ dig "a" "b" "d" nil }}',
    error:
      'template: main:1:3: executing "main" at <dig "a" "b" "d" nil>: error calling dig: interface conversion: interface {} is nil, not map[string]interface {}',
  },
  {
    t: '{{ dig "str" "x" "d" . }}',
    error:
      'template: main:1:3: executing "main" at <dig "str" "x" "d" .>: error calling dig: interface conversion: interface {} is string, not map[string]interface {}',
  },
  { t: '{{ dig "nope" "x" "d" . }}', output: "d" },
  {
    t: '{{ dig "list" "x" "d" . }}',
    error:
      'template: main:1:3: executing "main" at <dig "list" "x" "d" .>: error calling dig: interface conversion: interface {} is []interface {}, not map[string]interface {}',
  },
  { t: '{{ merge nil (dict "a" 1) }}', output: "map[a:1]" },
  { t: '{{ merge (dict "a" 1) nil }}', output: "map[a:1]" },
  { t: '{{ mergeOverwrite (dict "a" (dict "b" 1)) (dict "a" (dict)) }}', output: "map[a:map[b:1]]" },
  { t: '{{ merge (dict "a" (dict)) (dict "a" (dict "b" 1)) }}', output: "map[a:map[b:1]]" },
  { t: '{{ merge (dict "a" "x") (dict "a" (dict "b" 1)) }}', output: "map[a:x]" },
  { t: '{{ mergeOverwrite (dict "a" "x") (dict "a" (dict "b" 1)) }}', output: "map[a:x]" },
  { t: '{{ merge (dict "a" "x") (dict "a" (list 1)) }}', output: "map[a:x]" },
  { t: '{{ mergeOverwrite (dict "a" "x") (dict "a" (list 1)) }}', output: "map[a:[1]]" },
  { t: '{{ merge (dict "a" "") (dict "a" (list 1)) }}', output: "map[a:[1]]" },
  { t: '{{ merge (dict "a" (list)) (dict "a" (list 1)) }}', output: "map[a:[1]]" },
  { t: '{{ merge (dict "x" 1) (dict "a" (list)) }}', output: "map[a:[] x:1]" },
  { t: '{{ merge (dict "x" 1) (dict "a" nil) }}', output: "map[x:1]" },
  {
    t: '{{ $s := dict "n" (dict "x" 1) }}{{ $d := merge (dict) $s }}{{ $_ := set $d.n "y" 2 }}{{ $s }}',
    output: "map[n:map[x:1 y:2]]",
  },
  {
    t: '{{ $s := dict "n" (dict "x" 1) }}{{ $d := merge (dict "n" (dict)) $s }}{{ $_ := set $d.n "y" 2 }}{{ $s }}',
    output: "map[n:map[x:1]]",
  },
  {
    t: '{{ merge (dict "a" (dict "b" (dict "c" 1))) (dict "a" (dict "b" (dict "d" 2) "e" nil)) }}',
    output: "map[a:map[b:map[c:1 d:2]]]",
  },
  {
    t: '{{ mergeOverwrite (dict "a" (dict "b" (dict "c" 1))) (dict "a" (dict "b" (dict "d" 2) "e" nil)) }}',
    output: "map[a:map[b:map[c:1 d:2] e:<nil>]]",
  },
  { t: '{{ merge (dict "a" 0.0) (dict "a" 5) }}', output: "map[a:5]" },
  { t: '{{ merge (dict "a" (list)) (dict "a" (dict "x" 1)) }}', output: "map[a:map[x:1]]" },
  { t: '{{ mergeOverwrite (dict "a" (list 1)) (dict "a" (dict "x" 1)) }}', output: "map[a:[1]]" },
  { t: '{{ mergeOverwrite (dict "a" (dict "x" 1)) (dict "a" (list 1)) }}', output: "map[a:[1]]" },
  { t: '{{ merge (dict "a" (dict "x" 1)) (dict "a" (list 1)) }}', output: "map[a:map[x:1]]" },
  {
    t: '{{ merge (dict "a" (split "," "p,q")) (dict "a" (dict "x" 1)) }}',
    error:
      'template: main:1:3: executing "main" at <merge (dict "a" (split "," "p,q")) (dict "a" (dict "x" 1))>: error calling merge: reflect.Value.SetMapIndex: value of type interface {} is not assignable to type string',
  },
  {
    t: '{{ merge (dict "a" (dict "_0" "")) (dict "a" (split "," "p,q")) }}',
    output: "map[a:map[_0:p _1:q]]",
  },
  {
    t: '{{ merge (dict "a" (split "," "p,q")) (dict "a" (dict "_0" "z" "_5" 1)) }}',
    error:
      'template: main:1:3: executing "main" at <merge (dict "a" (split "," "p,q")) (dict "a" (dict "_0" "z" "_5" 1))>: error calling merge: reflect.Value.SetMapIndex: value of type interface {} is not assignable to type string',
  },
  {
    t: '{{ mergeOverwrite (dict "a" (split "," "p,q")) (dict "a" (dict "_0" "z")) }}',
    error:
      'template: main:1:3: executing "main" at <mergeOverwrite (dict "a" (split "," "p,q")) (dict "a" (dict "_0" "z"))>: error calling mergeOverwrite: reflect.Value.SetMapIndex: value of type interface {} is not assignable to type string',
  },
  {
    t: '{{ merge (dict "a" (dict "x" "")) (dict "a" (dict "x" (list 1 2))) }}',
    output: "map[a:map[x:[1 2]]]",
  },
  { t: '{{ merge (dict "a" 1 "b" 2) (dict "b" 3) (dict "c" 4 "a" 0) }}', output: "map[a:1 b:2 c:4]" },
  {
    t: '{{ mergeOverwrite (dict "a" 1 "b" 2) (dict "b" 3) (dict "c" 4 "a" 0) }}',
    output: "map[a:0 b:3 c:4]",
  },
  { t: '{{ $d := dict "a" 1 }}{{ $_ := set $d "s" $d }}{{ len (keys (merge (dict) $d)) }}', output: "2" },
  { t: '{{ dict "a" 1 "b" }}', output: "map[a:1 b:]" },
  { t: '{{ dict (list 1) 2 (dict "x" 1) 3 }}', output: "map[[1]:2 map[x:1]:3]" },
  { t: '{{ pluck "a" }}', output: "[]" },
  { t: "{{ keys }}", output: "[]" },
  { t: '{{ pick (dict "a" 1) }}', output: "map[]" },
  { t: '{{ omit (dict "a" 1 "b" 2) "b" "b" }}', output: "map[a:1]" },
  { t: '{{ typeOf (deepCopy (splitList "," "a")) }}', output: "[]string" },
  { t: "{{ deepCopy 5 | typeOf }}", output: "int" },
  {
    t: '{{ $a := list 1 (dict "k" (list 2)) }}{{ $b := deepCopy $a }}{{ $_ := set (index $b 1) "k" 3 }}{{ $a }} {{ $b }}',
    output: "[1 map[k:[2]]] [1 map[k:3]]",
  },
  { t: '{{ get (dict) "x" | typeOf }}', output: "string" },
  { t: '{{ unset (dict "a" 1) "a" | len }}', output: "0" },
  { t: '{{ hasKey (dict) "" }}', output: "false" },
  { t: '{{ mergeOverwrite (dict "a" 1) (dict "a" 1.5) }}', output: "map[a:1.5]" },
  { t: '{{ merge (dict "a" false) (dict "a" 0) }}', output: "map[a:0]" },
  { t: '{{ mergeOverwrite (dict "a" (list)) (dict "a" (list)) }}', output: "map[a:[]]" },
  { t: '{{ merge (dict "a" (dict)) (dict "a" (dict)) }}', output: "map[a:map[]]" },
  { t: '{{ keys (dict "b" 1 "a" 2) (dict "z" 1 "c" 2) | sortAlpha }}', output: "[a b c z]" },
  { t: '{{ values (dict "b" 1 "a" 2) | sortAlpha }}', output: "[1 2]" },
  { t: "{{ keys .map | sortAlpha }}", output: "[a b c]" },
  { t: '{{ dict "a" 1 "b" "two" }}', output: "map[a:1 b:two]" },
  { t: '{{ dict "a" }}', output: "map[a:]" },
  { t: "{{ dict 1 2 }}", output: "map[1:2]" },
  { t: "{{ dict nil 1 }}", output: "map[<nil>:1]" },
  { t: '{{ dict "a" 1 "a" 2 }}', output: "map[a:2]" },
  { t: '{{ get .map "zz" | kindOf }}', output: "string" },
  { t: '{{ set .map "a" 9 }}', output: "map[a:9 b:2 c:3]" },
  { t: '{{ $d := dict "a" 1 "b" 2 }}{{ $_ := unset $d "a" }}{{ $d }}', output: "map[b:2]" },
  { t: '{{ hasKey (dict "n" nil) "n" }}', output: "true" },
  { t: '{{ pluck "a" .map (dict "a" 5) (dict "b" 1) }}', output: "[1 5]" },
  { t: '{{ dig "a" "b" "c" "def" .nested }}', output: "deep" },
  {
    t: '{{ dig "def" .nested }}',
    error:
      'template: main:1:3: executing "main" at <dig "def" .nested>: error calling dig: dig needs at least three arguments',
  },
  {
    t: '{{ dig "a" "b" "c" "d" "def" .nested }}',
    error:
      'template: main:1:3: executing "main" at <dig "a" "b" "c" "d" "def" .nested>: error calling dig: interface conversion: interface {} is string, not map[string]interface {}',
  },
  {
    t: '{{ mustMerge (dict) "x" }}',
    error:
      'template: main:1:20: executing "main" at <"x">: can\'t handle "x" for arg of type map[string]interface {}',
  },
  { t: '{{ mustMerge (dict "a" 1) (dict "a" 2 "b" 3) }}', output: "map[a:1 b:3]" },
  { t: '{{ mustMergeOverwrite (dict "a" 1) (dict "a" 2 "b" 3) }}', output: "map[a:2 b:3]" },
  {
    t: "{{ keys .str }}",
    error:
      'template: main:1:8: executing "main" at <.str>: wrong type for value; expected map[string]interface {}; got string',
  },
  {
    t: '{{ hasKey .list "a" }}',
    error:
      'template: main:1:10: executing "main" at <.list>: wrong type for value; expected map[string]interface {}; got []interface {}',
  },
  {
    t: '{{ merge (dict "a" (dict "x" "")) (dict "a" (dict "x" (list 1 2))) }}',
    output: "map[a:map[x:[1 2]]]",
  },
  {
    t: '{{ mergeOverwrite (dict "a" (dict "x" "y")) (dict "a" (dict "x" (list))) }}',
    output: "map[a:map[x:[]]]",
  },
  {
    t: '{{ merge (dict "a" (split "," "p,q")) (dict "a" (dict "_0" "z" "_5" 1)) }}',
    error:
      'template: main:1:3: executing "main" at <merge (dict "a" (split "," "p,q")) (dict "a" (dict "_0" "z" "_5" 1))>: error calling merge: reflect.Value.SetMapIndex: value of type interface {} is not assignable to type string',
  },
  {
    t: '{{ merge (dict "a" (dict "_0" "")) (dict "a" (split "," "p,q")) }}',
    output: "map[a:map[_0:p _1:q]]",
  },
  {
    t: '{{ merge (dict "a" (split "," "p,q")) (dict "a" (dict "x" 1)) }}',
    error:
      'template: main:1:3: executing "main" at <merge (dict "a" (split "," "p,q")) (dict "a" (dict "x" 1))>: error calling merge: reflect.Value.SetMapIndex: value of type interface {} is not assignable to type string',
  },
  {
    t: '{{ mergeOverwrite (dict "a" (split "," "p,q")) (dict "a" (dict "_0" "z")) }}',
    error:
      'template: main:1:3: executing "main" at <mergeOverwrite (dict "a" (split "," "p,q")) (dict "a" (dict "_0" "z"))>: error calling mergeOverwrite: reflect.Value.SetMapIndex: value of type interface {} is not assignable to type string',
  },
  {
    t: '{{ mergeOverwrite (dict "a" (split "," "p,q")) (dict "a" (split "," "x")) }}',
    output: "map[a:map[_0:x _1:q]]",
  },
  { t: "{{ deepEqual (deepCopy .nested) .nested }}", output: "true" },
  { t: '{{ typeOf (deepCopy (dict "a" 1)) }}', output: "map[string]interface {}" },
  { t: '{{ $a := splitList "," "x,y" }}{{ $b := deepCopy $a }}{{ typeOf $b }}', output: "[]string" },
];

describe("sprig dicts against the Go oracle", () => {
  for (const row of ORACLE) {
    it(row.t, () => {
      expect(render(row.t)).toEqual(row.error !== undefined ? { error: row.error } : { output: row.output });
    });
  }
});

describe("choices where Go has no fixed answer", () => {
  it("lists keys and values in Go's byte order of the keys (Go's map order is random)", () => {
    expect(render('{{ keys (dict "b" 1 "a" 2 "é" 3 "B" 4) }}')).toEqual({ output: "[B a b é]" });
    expect(render('{{ values (dict "b" 1 "a" 2) }}')).toEqual({ output: "[2 1]" });
    expect(render('{{ keys (dict "b" 1 "a" 2) (dict "d" 1 "c" 2) }}')).toEqual({ output: "[a b c d]" });
  });
});

describe("mergo versions", () => {
  const render10 = (text: string) => {
    const root = new Template("gotpl").funcs(SPRIG).funcs(createDictFuncs({ mergo: "1.0" }));
    root.new("main").parse(text);
    return root.executeTemplate({ name: "main", data: {} });
  };

  it("v0.3 keeps a non-empty scalar when the source is a map, even when overwriting", () => {
    expect(render('{{ mergeOverwrite (dict "a" "x") (dict "a" (dict "b" 1)) }}')).toEqual({
      output: "map[a:x]",
    });
  });

  it("v1.0 replaces it when overwriting, and keeps it otherwise", () => {
    expect(render10('{{ mergeOverwrite (dict "a" "x") (dict "a" (dict "b" 1)) }}')).toBe("map[a:map[b:1]]");
    expect(render10('{{ merge (dict "a" "x") (dict "a" (dict "b" 1)) }}')).toBe("map[a:x]");
  });

  it("both merge nested maps in place and share a source map stored under a missing key", () => {
    const t =
      '{{ $s := dict "n" (dict "x" 1) }}{{ $d := merge (dict) $s }}{{ $_ := set $d.n "y" 2 }}{{ $s }}';
    expect(render(t)).toEqual({ output: "map[n:map[x:1 y:2]]" });
    expect(render10(t)).toBe("map[n:map[x:1 y:2]]");
  });
});

describe("self-referencing values", () => {
  it("merges a map containing itself without recursing forever", () => {
    expect(
      render(
        '{{ $d := dict "a" 1 }}{{ $_ := set $d "s" $d }}{{ $m := merge (dict "s" (dict)) $d }}{{ len $m }}',
      ),
    ).toEqual({ output: "2" });
  });

  it("refuses to deep-copy a cycle", () => {
    expect(render('{{ $d := dict "a" 1 }}{{ $_ := set $d "s" $d }}{{ deepCopy $d }}').error).toMatch(
      /error calling deepCopy: deepCopy: value contains a cycle$/,
    );
  });
});
