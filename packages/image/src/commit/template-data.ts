/**
 * The value a commit message template runs on, typed exactly as image-automation-controller's
 * `source.TemplateData`, so templates see the same fields, print the same `%v` text and range over
 * maps in the same order as in Flux:
 *
 * ```go
 * type TemplateData struct {
 *   AutomationObject types.NamespacedName // String(): "<namespace>/<name>"
 *   Changed          update.Result
 *   Values           map[string]string
 * }
 * type Result struct{ FileChanges map[string]ObjectChanges } // methods Changes() []Change, Objects() ObjectChanges
 * type ObjectChanges map[ObjectIdentifier][]Change
 * type ObjectIdentifier struct{ yaml.ResourceIdentifier } // {TypeMeta{APIVersion, Kind}, NameMeta{Name, Namespace}}
 * type Change struct{ OldValue, NewValue, Setter string }
 * ```
 */
import {
  type FuncDef,
  GoMap,
  mapOf,
  namedType,
  sliceOf,
  structType,
  T,
  typedMap,
  typedSlice,
  withType,
} from "@gitops-kit/template";
import {
  type Change,
  type ObjectChanges,
  type ObjectIdentifier,
  resultChanges,
  resultObjects,
  type UpdateResult,
} from "../update/result.js";

/** `types.NamespacedName`: prints as `<namespace>/<name>` (its `String` method). */
export const NAMESPACED_NAME_TYPE = structType({
  name: "types.NamespacedName",
  fields: [
    { name: "Namespace", type: T.string },
    { name: "Name", type: T.string },
  ],
  methods: {
    String: {
      params: [],
      result: T.string,
      fn: (n: Record<string, unknown>) => `${n.Namespace}/${n.Name}`,
    } satisfies FuncDef,
  },
});

/** `update.Change`. */
export const CHANGE_TYPE = structType({
  name: "update.Change",
  fields: [
    { name: "OldValue", type: T.string },
    { name: "NewValue", type: T.string },
    { name: "Setter", type: T.string },
  ],
});
const CHANGES_TYPE = sliceOf(CHANGE_TYPE);

// kyaml's json tags, so `toJson` writes `{"apiVersion":...,"kind":...,"name":...,"namespace":...}`.
const TYPE_META_TYPE = structType({
  name: "yaml.TypeMeta",
  fields: [
    { name: "APIVersion", type: T.string, jsonTag: "apiVersion,omitempty" },
    { name: "Kind", type: T.string, jsonTag: "kind,omitempty" },
  ],
});
const NAME_META_TYPE = structType({
  name: "yaml.NameMeta",
  fields: [
    { name: "Name", type: T.string, jsonTag: "name,omitempty" },
    { name: "Namespace", type: T.string, jsonTag: "namespace,omitempty" },
  ],
});
// kyaml's GetName/GetKind/... have pointer receivers, which a map key cannot offer: no methods here.
const RESOURCE_IDENTIFIER_TYPE = structType({
  name: "yaml.ResourceIdentifier",
  fields: [
    { name: "TypeMeta", type: TYPE_META_TYPE, embedded: true, jsonTag: ",inline" },
    { name: "NameMeta", type: NAME_META_TYPE, embedded: true, jsonTag: ",inline" },
  ],
});

/**
 * `update.ObjectIdentifier`: `.Kind`, `.APIVersion`, `.Name`, `.Namespace` are promoted from the embedded
 * `yaml.ResourceIdentifier`; it prints as `{{{<apiVersion> <kind>} {<name> <namespace>}}}`.
 */
export const OBJECT_IDENTIFIER_TYPE = structType({
  name: "update.ObjectIdentifier",
  fields: [{ name: "ResourceIdentifier", type: RESOURCE_IDENTIFIER_TYPE, embedded: true }],
});

/** `update.ObjectChanges`, `map[ObjectIdentifier][]Change`: ranged over in apiVersion, kind, name, namespace order. */
export const OBJECT_CHANGES_TYPE = namedType({
  name: "update.ObjectChanges",
  kind: "map",
  key: OBJECT_IDENTIFIER_TYPE,
  elem: CHANGES_TYPE,
});
const FILE_CHANGES_TYPE = mapOf(T.string, OBJECT_CHANGES_TYPE);
const VALUES_TYPE = mapOf(T.string, T.string);

/** The `update.ObjectIdentifier` value of an object identifier. */
export function objectIdentifierValue(o: ObjectIdentifier): object {
  return withType(
    {
      ResourceIdentifier: withType(
        {
          TypeMeta: withType({ APIVersion: o.apiVersion, Kind: o.kind }, TYPE_META_TYPE),
          NameMeta: withType({ Name: o.name, Namespace: o.namespace }, NAME_META_TYPE),
        },
        RESOURCE_IDENTIFIER_TYPE,
      ),
    },
    OBJECT_IDENTIFIER_TYPE,
  );
}

function changesValue(changes: readonly Change[]): unknown[] {
  return typedSlice(
    CHANGE_TYPE,
    changes.map((c) =>
      withType({ OldValue: c.oldValue, NewValue: c.newValue, Setter: c.setter }, CHANGE_TYPE),
    ),
  );
}

function objectChangesValue(entries: readonly ObjectChanges[]): GoMap {
  const m = new GoMap(OBJECT_CHANGES_TYPE);
  for (const e of entries) {
    const key = objectIdentifierValue(e.object);
    // The same object twice (two documents with one identity) appends, like Result.AddChange.
    const previous = m.get(key) as unknown[] | undefined;
    if (previous) previous.push(...changesValue(e.changes));
    else m.set(key, changesValue(e.changes));
  }
  return m;
}

/** The plain result behind an `update.Result` value, for its methods. */
const RESULTS = new WeakMap<object, UpdateResult>();

/** `update.Result`: the `.FileChanges` field and the `.Objects` and `.Changes` methods. */
const RESULT_TYPE = structType({
  name: "update.Result",
  fields: [{ name: "FileChanges", type: FILE_CHANGES_TYPE }],
  methods: {
    Objects: {
      params: [],
      result: OBJECT_CHANGES_TYPE,
      fn: (r: object) => objectChangesValue(resultObjects(RESULTS.get(r) ?? { fileChanges: {} })),
    },
    Changes: {
      params: [],
      result: CHANGES_TYPE,
      fn: (r: object) => changesValue(resultChanges(RESULTS.get(r) ?? { fileChanges: {} })),
    },
  },
});

const TEMPLATE_DATA_TYPE = structType({
  name: "source.TemplateData",
  fields: [
    { name: "AutomationObject", type: NAMESPACED_NAME_TYPE },
    { name: "Changed", type: RESULT_TYPE },
    { name: "Values", type: VALUES_TYPE },
  ],
});

/** Options for {@link commitTemplateData}. */
export interface CommitTemplateDataOptions {
  automation: { namespace: string; name: string };
  result: UpdateResult;
  /** `spec.git.commit.messageTemplateValues`. */
  values?: Record<string, string>;
}

/**
 * The data a commit message template runs on, Flux's `TemplateData` (see the module comment):
 * `.AutomationObject` (prints `<namespace>/<name>`; `.Name`, `.Namespace`), `.Changed.FileChanges`
 * (file → object → changes), `.Changed.Objects` (object → changes over all files, files in name order),
 * `.Changed.Changes` (each distinct change once), `.Values`. Object keys have `.APIVersion`, `.Kind`,
 * `.Name`, `.Namespace`; a change has `.OldValue`, `.NewValue`, `.Setter`.
 */
export function commitTemplateData(options: CommitTemplateDataOptions): unknown {
  const fileChanges: Record<string, unknown> = {};
  for (const [file, entries] of Object.entries(options.result.fileChanges))
    fileChanges[file] = objectChangesValue(entries);
  const changed = withType({ FileChanges: typedMap(FILE_CHANGES_TYPE, fileChanges) }, RESULT_TYPE);
  RESULTS.set(changed, options.result);
  return withType(
    {
      AutomationObject: withType(
        { Namespace: options.automation.namespace, Name: options.automation.name },
        NAMESPACED_NAME_TYPE,
      ),
      Changed: changed,
      Values: typedMap(VALUES_TYPE, { ...(options.values ?? {}) }),
    },
    TEMPLATE_DATA_TYPE,
  );
}
