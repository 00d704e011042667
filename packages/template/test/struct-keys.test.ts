// Maps with non-string keys (GoMap) and embedded struct fields. Every expected string below is what Go
// 1.19's text/template printed for the same types and data (package `main`, so types print as `main.X`).
import { describe, expect, it } from "vitest";
import {
  createSprigFuncs,
  fieldPath,
  GoMap,
  goInt,
  mapOf,
  namedType,
  pointerTo,
  renderTemplate,
  sliceOf,
  structType,
  T,
  typedSlice,
  withType,
  zeroValue,
} from "../src/index.js";
import { GoNil, GoPointer } from "../src/value/values.js";

const typeMeta = structType({
  name: "main.TypeMeta",
  fields: [
    { name: "APIVersion", type: T.string },
    { name: "Kind", type: T.string },
  ],
});
const nameMeta = structType({
  name: "main.NameMeta",
  fields: [
    { name: "Name", type: T.string },
    { name: "Namespace", type: T.string },
  ],
});
const resourceIdentifier = structType({
  name: "main.ResourceIdentifier",
  fields: [
    { name: "TypeMeta", type: typeMeta, embedded: true },
    { name: "NameMeta", type: nameMeta, embedded: true },
  ],
});
const objectIdentifier = structType({
  name: "main.ObjectIdentifier",
  fields: [{ name: "ResourceIdentifier", type: resourceIdentifier, embedded: true }],
});
const change = structType({
  name: "main.Change",
  fields: [
    { name: "OldValue", type: T.string },
    { name: "NewValue", type: T.string },
    { name: "Setter", type: T.string },
  ],
});
const objectChanges = namedType({
  name: "main.ObjectChanges",
  kind: "map",
  key: objectIdentifier,
  elem: sliceOf(change),
});

function id(apiVersion: string, kind: string, name: string, namespace: string) {
  return withType(
    {
      ResourceIdentifier: withType(
        {
          TypeMeta: withType({ APIVersion: apiVersion, Kind: kind }, typeMeta),
          NameMeta: withType({ Name: name, Namespace: namespace }, nameMeta),
        },
        resourceIdentifier,
      ),
    },
    objectIdentifier,
  );
}
const changes = (...cs: [string, string, string][]) =>
  typedSlice(
    change,
    cs.map(([o, n, s]) => withType({ OldValue: o, NewValue: n, Setter: s }, change)),
  );

// Inserted out of order, so sorting is what puts them right.
const oc = new GoMap(objectChanges, [
  [id("v1", "Service", "b", "ns"), changes(["a", "b", "s"])],
  [id("apps/v1", "Deployment", "z", ""), changes(["1", "2", "x"])],
  [id("apps/v1", "Deployment", "a", "ns2"), changes(["3", "4", "y"], ["5", "6", "z"])],
  [id("apps/v1", "Deployment", "a", "ns1"), changes()],
]);

const point = structType({
  name: "main.Pt",
  fields: [
    { name: "X", type: T.int },
    { name: "Y", type: T.int },
  ],
});
const pt = (x: number, y: number) => withType({ X: goInt(x), Y: goInt(y) }, point);
const pts = new GoMap(mapOf(point, T.string), [
  [pt(2, 1), "c"],
  [pt(1, 5), "b"],
  [pt(1, -2), "a"],
]);
const ints = new GoMap(mapOf(T.int, T.string), [
  [goInt(10), "x"],
  [goInt(-3), "y"],
  [goInt(2), "z"],
]);
const ifaceKeys = new GoMap(mapOf(T.any, T.int), [
  ["b", goInt(1)],
  ["a", goInt(2)],
  [null, goInt(3)],
]);
const bools = new GoMap(mapOf(T.bool, T.int), [
  [true, goInt(1)],
  [false, goInt(0)],
]);

const data = { oc, pts, ints, ifk: ifaceKeys, bools, k: pt(1, 5) };
const render = (text: string) => renderTemplate({ text, data });

describe("GoMap: maps with non-string keys", () => {
  it("ranges over struct keys in fmtsort order (field by field), reaching promoted fields", () => {
    expect(
      render(
        "{{ range $k, $v := .oc }}[{{ $k.Kind }} {{ $k.Name }} {{ $k.Namespace }} {{ $k.APIVersion }} {{ len $v }}]{{ end }}",
      ),
    ).toBe(
      "[Deployment a ns1 apps/v1 0][Deployment a ns2 apps/v1 2][Deployment z  apps/v1 1][Service b ns v1 1]",
    );
    expect(render("{{ range .oc }}{{ . }}{{ end }}")).toBe("[][{3 4 y} {5 6 z}][{1 2 x}][{a b s}]");
  });

  it("prints keys and values with %v, %+v and %#v as Go does", () => {
    expect(render("{{ .oc }}")).toBe(
      "map[{{{apps/v1 Deployment} {a ns1}}}:[] {{{apps/v1 Deployment} {a ns2}}}:[{3 4 y} {5 6 z}] {{{apps/v1 Deployment} {z }}}:[{1 2 x}] {{{v1 Service} {b ns}}}:[{a b s}]]",
    );
    expect(render('{{ printf "%+v" .oc }}')).toBe(
      "map[{ResourceIdentifier:{TypeMeta:{APIVersion:apps/v1 Kind:Deployment} NameMeta:{Name:a Namespace:ns1}}}:[] {ResourceIdentifier:{TypeMeta:{APIVersion:apps/v1 Kind:Deployment} NameMeta:{Name:a Namespace:ns2}}}:[{OldValue:3 NewValue:4 Setter:y} {OldValue:5 NewValue:6 Setter:z}] {ResourceIdentifier:{TypeMeta:{APIVersion:apps/v1 Kind:Deployment} NameMeta:{Name:z Namespace:}}}:[{OldValue:1 NewValue:2 Setter:x}] {ResourceIdentifier:{TypeMeta:{APIVersion:v1 Kind:Service} NameMeta:{Name:b Namespace:ns}}}:[{OldValue:a NewValue:b Setter:s}]]",
    );
    // Go prints the empty slice as `[]main.Change(nil)` because it is nil there; ours is empty, not nil.
    expect(render('{{ printf "%#v" .pts }}')).toBe(
      'map[main.Pt]string{main.Pt{X:1, Y:-2}:"a", main.Pt{X:1, Y:5}:"b", main.Pt{X:2, Y:1}:"c"}',
    );
    expect(render('{{ printf "%T" .oc }}')).toBe("main.ObjectChanges");
    expect(
      render("{{ range $k, $v := .oc }}{{ $k }};{{ $k.ResourceIdentifier }};{{ $k.TypeMeta }};{{ end }}"),
    ).toBe(
      "{{{apps/v1 Deployment} {a ns1}}};{{apps/v1 Deployment} {a ns1}};{apps/v1 Deployment};{{{apps/v1 Deployment} {a ns2}}};{{apps/v1 Deployment} {a ns2}};{apps/v1 Deployment};{{{apps/v1 Deployment} {z }}};{{apps/v1 Deployment} {z }};{apps/v1 Deployment};{{{v1 Service} {b ns}}};{{v1 Service} {b ns}};{v1 Service};",
    );
  });

  it("orders int, bool, interface and struct keys like fmtsort", () => {
    expect(render("{{ .pts }} {{ range $k, $v := .pts }}{{ $k.X }},{{ $k.Y }}={{ $v }} {{ end }}")).toBe(
      "map[{1 -2}:a {1 5}:b {2 1}:c] 1,-2=a 1,5=b 2,1=c ",
    );
    expect(
      render("{{ .ints }} {{ range $k, $v := .ints }}{{ $k }}={{ $v }} {{ end }}{{ index .ints 2 }}"),
    ).toBe("map[-3:y 2:z 10:x] -3=y 2=z 10=x z");
    expect(render("{{ .ifk }}")).toBe("map[<nil>:3 a:2 b:1]");
    expect(render("{{ .bools }}")).toBe("map[false:0 true:1]");
  });

  it("supports len, truth, index by an equal key, and Go's errors", () => {
    expect(render("{{ len .oc }} {{ if .oc }}t{{ end }}")).toBe("4 t");
    expect(render('{{ index .pts .k }}|{{ index .pts .k | printf "%q" }}')).toBe('b|"b"');
    expect(() => render('{{ index .oc "x" }}')).toThrow(
      'template: main:1:3: executing "main" at <index .oc "x">: error calling index: value has type string; should be main.ObjectIdentifier',
    );
    expect(() => render("{{ range $k, $v := .oc }}{{ $k.GetName }}{{ end }}")).toThrow(
      'template: main:1:30: executing "main" at <$k.GetName>: can\'t evaluate field GetName in type main.ObjectIdentifier',
    );
    expect(() => render("{{ eq .pts .pts }}")).toThrow(
      "error calling eq: non-comparable type map[{%!s(int=1) %!s(int=-2)}:a {%!s(int=1) %!s(int=5)}:b {%!s(int=2) %!s(int=1)}:c]: map[main.Pt]string",
    );
  });

  it("treats keys equal by value: a repeated key replaces the value, -0 is 0, NaN never matches", () => {
    const m = new GoMap(mapOf(point, T.int), [
      [pt(1, 1), goInt(1)],
      [pt(1, 1), goInt(2)],
    ]);
    expect(m.size).toBe(1);
    expect(m.get(pt(1, 1))).toEqual(goInt(2));
    const floats = new GoMap(mapOf(T.float64, T.string), [
      [0, "zero"],
      [-0, "minus zero"],
      [Number.NaN, "a"],
      [Number.NaN, "b"],
    ]);
    expect(floats.size).toBe(3);
    expect(floats.get(0)).toBe("minus zero");
    expect(floats.get(Number.NaN)).toBeUndefined();
    // Go prints the two NaN entries first, in either order.
    expect(renderTemplate({ text: "{{ . }}", data: floats })).toMatch(
      /^map\[NaN:[ab] NaN:[ab] -0:minus zero\]$/,
    );
    expect(() => m.set("x", goInt(1))).toThrow(TypeError);
    expect(() => new GoMap(mapOf(T.any, T.int), [[["slice"], goInt(1)]])).toThrow(
      "hash of unhashable type []interface {}",
    );
  });

  it("encodes JSON like encoding/json: integer keys as text, other key kinds unsupported", () => {
    const funcs = createSprigFuncs();
    const json = (text: string) => renderTemplate({ text, data, funcs });
    expect(json("{{ .ints | toJson }}")).toBe('{"-3":"y","10":"x","2":"z"}');
    expect(json("[{{ .pts | toJson }}]")).toBe("[]");
    expect(() => json("{{ .pts | mustToJson }}")).toThrow(
      'template: main:1:10: executing "main" at <mustToJson>: error calling mustToJson: json: unsupported type: map[main.Pt]string',
    );
  });

  it("gives an empty GoMap as the zero value of a map type with non-string keys", () => {
    const z = zeroValue(objectChanges);
    expect(z).toBeInstanceOf(GoMap);
    expect(
      renderTemplate({ text: "{{ len . }} {{ . }} {{ range . }}x{{ else }}empty{{ end }}", data: z }),
    ).toBe("0 map[] empty");
  });
});

describe("embedded struct fields", () => {
  const inner = structType({ name: "main.Inner", fields: [{ name: "A", type: T.string }] });
  const amb = structType({ name: "main.Amb1", fields: [{ name: "A", type: T.string }] });
  const outer = structType({
    name: "main.Outer",
    fields: [
      { name: "Inner", type: inner, embedded: true },
      { name: "Amb1", type: amb, embedded: true },
      { name: "B", type: T.int },
    ],
  });
  const value = withType(
    { Inner: withType({ A: "in" }, inner), Amb1: withType({ A: "amb" }, amb), B: goInt(7) },
    outer,
  );

  it("prints as nested structs and reaches unambiguous promoted fields", () => {
    expect(
      renderTemplate({
        text: '{{ .B }} {{ .Inner.A }} {{ . }} {{ printf "%+v" . }}',
        data: value,
      }),
    ).toBe("7 in {{in} {amb} 7} {Inner:{A:in} Amb1:{A:amb} B:7}");
  });

  it("finds no field when two embedded structs at the same depth have it", () => {
    expect(fieldPath(outer, "A")).toBeUndefined();
    expect(() => renderTemplate({ text: "{{ .A }}", data: value })).toThrow(
      "can't evaluate field A in type main.Outer",
    );
    expect(fieldPath(objectIdentifier, "Kind")?.map((f) => f.name)).toEqual([
      "ResourceIdentifier",
      "TypeMeta",
      "Kind",
    ]);
  });

  it("prefers the shallower field and goes through embedded pointers", () => {
    const shadow = structType({
      name: "main.Shadow",
      fields: [
        { name: "Inner", type: pointerTo(inner), embedded: true },
        { name: "A", type: T.string },
      ],
    });
    const viaPtr = structType({
      name: "main.ViaPtr",
      fields: [{ name: "Inner", type: pointerTo(inner), embedded: true }],
    });
    const target = withType({ A: "deep" }, inner);
    expect(
      renderTemplate({
        text: "{{ .A }}",
        data: withType({ Inner: new GoPointer(pointerTo(inner), target), A: "top" }, shadow),
      }),
    ).toBe("top");
    expect(
      renderTemplate({
        text: "{{ .A }}",
        data: withType({ Inner: new GoPointer(pointerTo(inner), target) }, viaPtr),
      }),
    ).toBe("deep");
    expect(() =>
      renderTemplate({ text: "{{ .A }}", data: withType({ Inner: new GoNil(pointerTo(inner)) }, viaPtr) }),
    ).toThrow("reflect: indirection through nil pointer to embedded struct field Inner");
  });

  it("writes JSON like encoding/json: tag names, omitempty, '-', promoted embedded fields, dominance", () => {
    const funcs = createSprigFuncs();
    const tm = structType({
      name: "yaml.TypeMeta",
      fields: [
        { name: "APIVersion", type: T.string, jsonTag: "apiVersion,omitempty" },
        { name: "Kind", type: T.string, jsonTag: "kind,omitempty" },
      ],
    });
    const nm = structType({
      name: "yaml.NameMeta",
      fields: [
        { name: "Name", type: T.string, jsonTag: "name,omitempty" },
        { name: "Namespace", type: T.string, jsonTag: "namespace,omitempty" },
      ],
    });
    const ri = structType({
      name: "yaml.ResourceIdentifier",
      fields: [
        { name: "TypeMeta", type: tm, embedded: true, jsonTag: ",inline" },
        { name: "NameMeta", type: nm, embedded: true, jsonTag: ",inline" },
      ],
    });
    const oi = structType({
      name: "update.ObjectIdentifier",
      fields: [{ name: "ResourceIdentifier", type: ri, embedded: true }],
    });
    const ident = (a: string, k: string, n: string, ns: string) =>
      withType(
        {
          ResourceIdentifier: withType(
            {
              TypeMeta: withType({ APIVersion: a, Kind: k }, tm),
              NameMeta: withType({ Name: n, Namespace: ns }, nm),
            },
            ri,
          ),
        },
        oi,
      );
    const toJson = (d: unknown) => renderTemplate({ text: "{{ . | toJson }}", data: d, funcs });
    expect(toJson(ident("apps/v1", "Deployment", "web", "prod"))).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","name":"web","namespace":"prod"}',
    );
    expect(toJson(ident("v1", "Kustomization", "", ""))).toBe('{"apiVersion":"v1","kind":"Kustomization"}');

    const a = structType({
      name: "main.A",
      fields: [
        { name: "X", type: T.string },
        { name: "Y", type: T.string },
      ],
    });
    const b = structType({
      name: "main.B",
      fields: [
        { name: "X", type: T.string },
        { name: "Z", type: T.string, jsonTag: "Y" },
      ],
    });
    const c = structType({ name: "main.C", fields: [{ name: "W", type: T.string }] });
    const amb = structType({
      name: "main.Amb",
      fields: [
        { name: "A", type: a, embedded: true },
        { name: "B", type: b, embedded: true },
        { name: "Skip", type: T.string, jsonTag: "-" },
        { name: "Named", type: a, jsonTag: "named" },
        { name: "C", type: pointerTo(c), embedded: true },
      ],
    });
    const ambValue = (cValue: unknown) =>
      withType(
        {
          A: withType({ X: "ax", Y: "ay" }, a),
          B: withType({ X: "bx", Z: "bz" }, b),
          Skip: "s",
          Named: withType({ X: "n1", Y: "n2" }, a),
          C: cValue,
        },
        amb,
      );
    expect(toJson(ambValue(new GoNil(pointerTo(c))))).toBe('{"Y":"bz","named":{"X":"n1","Y":"n2"}}');
    expect(toJson(ambValue(new GoPointer(pointerTo(c), withType({ W: "w" }, c))))).toBe(
      '{"Y":"bz","named":{"X":"n1","Y":"n2"},"W":"w"}',
    );
  });
});
