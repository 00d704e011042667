import {
  type FuncDef,
  mapOf,
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

const stringMethod = (fn: (recv: Record<string, unknown>) => string): FuncDef => ({
  params: [],
  result: T.string,
  fn,
});

/** `types.NamespacedName`: prints as `<namespace>/<name>`. */
export const NAMESPACED_NAME_TYPE = structType({
  name: "types.NamespacedName",
  fields: [
    { name: "Namespace", type: T.string },
    { name: "Name", type: T.string },
  ],
  methods: { String: stringMethod((n) => `${n.Namespace}/${n.Name}`) },
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

/**
 * The text an object identifier is keyed by in `.Changed.FileChanges` and `.Changed.Objects`. Flux keys
 * those maps by the identifier struct; the template engine's maps have string keys, so a range over them
 * yields this text (Go's `%v` of the struct), sorted by it.
 */
export function objectIdentifierKey(o: ObjectIdentifier): string {
  return `{{${o.apiVersion} ${o.kind} ${o.name} ${o.namespace}}}`;
}

const OBJECT_CHANGES_TYPE = mapOf(T.string, CHANGES_TYPE);
const FILE_CHANGES_TYPE = mapOf(T.string, OBJECT_CHANGES_TYPE);

function changesValue(changes: readonly Change[]): unknown[] {
  return typedSlice(
    CHANGE_TYPE,
    changes.map((c) =>
      withType({ OldValue: c.oldValue, NewValue: c.newValue, Setter: c.setter }, CHANGE_TYPE),
    ),
  );
}

function objectsValue(entries: readonly ObjectChanges[]): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  for (const e of entries) {
    const key = objectIdentifierKey(e.object);
    m[key] = [...((m[key] as unknown[] | undefined) ?? []), ...changesValue(e.changes)];
    typedSlice(CHANGE_TYPE, m[key] as unknown[]);
  }
  return typedMap(OBJECT_CHANGES_TYPE, m);
}

/** `update.ResultV2` as the template sees it: `.FileChanges`, `.Objects`, `.Changes`. */
const RESULT_TYPE = structType({
  name: "update.ResultV2",
  fields: [{ name: "FileChanges", type: FILE_CHANGES_TYPE }],
  methods: {
    Objects: {
      params: [],
      result: OBJECT_CHANGES_TYPE,
      fn: (r: { result: UpdateResult }) => objectsValue(resultObjects(r.result)),
    },
    Changes: {
      params: [],
      result: CHANGES_TYPE,
      fn: (r: { result: UpdateResult }) => changesValue(resultChanges(r.result)),
    },
  },
});

const TEMPLATE_DATA_TYPE = structType({
  name: "source.TemplateData",
  fields: [
    { name: "AutomationObject", type: NAMESPACED_NAME_TYPE },
    { name: "Changed", type: RESULT_TYPE },
    { name: "Values", type: mapOf(T.string, T.string) },
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
 * The data a commit message template runs on, typed as Flux's `TemplateData`: `.AutomationObject`
 * (prints `<namespace>/<name>`; `.Name`, `.Namespace`), `.Changed.FileChanges` (file → object →
 * changes), `.Changed.Objects` (object → changes over all files), `.Changed.Changes` (unique changes),
 * `.Values`. A change has `.OldValue`, `.NewValue`, `.Setter`.
 */
export function commitTemplateData(options: CommitTemplateDataOptions): unknown {
  const fileChanges: Record<string, unknown> = {};
  for (const [file, entries] of Object.entries(options.result.fileChanges))
    fileChanges[file] = objectsValue(entries);
  const changed = withType({ FileChanges: typedMap(FILE_CHANGES_TYPE, fileChanges) }, RESULT_TYPE);
  // The methods read the plain result through a non-enumerable field.
  Object.defineProperty(changed, "result", { value: options.result, enumerable: false });
  return withType(
    {
      AutomationObject: withType(
        { Namespace: options.automation.namespace, Name: options.automation.name },
        NAMESPACED_NAME_TYPE,
      ),
      Changed: changed,
      Values: typedMap(mapOf(T.string, T.string), { ...(options.values ?? {}) }),
    },
    TEMPLATE_DATA_TYPE,
  );
}
