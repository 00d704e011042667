// The commit template data model. Expected strings are what Go's text/template printed for Flux's types
// (image-automation-controller's source.TemplateData and update.Result) holding the same data.
import { describe, expect, it } from "vitest";
import { CommitTemplateError, renderCommitMessage, type UpdateResult } from "../src/index.js";

const automation = { namespace: "flux-system", name: "apps" };
const web = { apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "prod" };
const api = { apiVersion: "apps/v1", kind: "Deployment", name: "api", namespace: "prod" };
const kustomization = {
  apiVersion: "kustomize.config.k8s.io/v1beta1",
  kind: "Kustomization",
  name: "",
  namespace: "",
};
const result: UpdateResult = {
  fileChanges: {
    "b/deploy.yaml": [
      {
        object: web,
        changes: [
          { oldValue: "web:1", newValue: "web:2", setter: "flux-system:web" },
          { oldValue: "1", newValue: "2", setter: "flux-system:web:tag" },
        ],
      },
      { object: api, changes: [{ oldValue: "api:1", newValue: "api:2", setter: "flux-system:api" }] },
    ],
    "a/kustomization.yaml": [
      { object: kustomization, changes: [{ oldValue: "x", newValue: "y", setter: "flux-system:k:tag" }] },
    ],
  },
};
const render = (template: string) =>
  renderCommitMessage({ template, automation, result, values: { env: "prod" } });

describe("commit template data", () => {
  it("prints the whole TemplateData like Go's %v (NamespacedName through String, struct-keyed maps sorted)", () => {
    expect(render("{{ . }}")).toBe(
      "{flux-system/apps {map[a/kustomization.yaml:map[{{{kustomize.config.k8s.io/v1beta1 Kustomization} { }}}:[{x y flux-system:k:tag}]] b/deploy.yaml:map[{{{apps/v1 Deployment} {api prod}}}:[{api:1 api:2 flux-system:api}] {{{apps/v1 Deployment} {web prod}}}:[{web:1 web:2 flux-system:web} {1 2 flux-system:web:tag}]]]} map[env:prod]}",
    );
    expect(render("{{ .Changed.Objects }}")).toBe(
      "map[{{{apps/v1 Deployment} {api prod}}}:[{api:1 api:2 flux-system:api}] {{{apps/v1 Deployment} {web prod}}}:[{web:1 web:2 flux-system:web} {1 2 flux-system:web:tag}] {{{kustomize.config.k8s.io/v1beta1 Kustomization} { }}}:[{x y flux-system:k:tag}]]",
    );
    expect(
      render(
        '{{ printf "%+v" .AutomationObject }} {{ printf "%#v" .AutomationObject }} {{ printf "%T" .Changed.FileChanges }} {{ printf "%T" .Changed.Objects }}',
      ),
    ).toBe(
      'flux-system/apps types.NamespacedName{Namespace:"flux-system", Name:"apps"} map[string]update.ObjectChanges update.ObjectChanges',
    );
  });

  it("ranges over files by name and objects by apiVersion, kind, name, namespace, with promoted fields", () => {
    expect(
      render(
        "{{ range $f, $oc := .Changed.FileChanges }}{{ $f }}:{{ range $o, $cs := $oc }} {{ $o.Kind }}/{{ $o.Name }}={{ len $cs }}{{ end }};{{ end }}",
      ),
    ).toBe("a/kustomization.yaml: Kustomization/=1;b/deploy.yaml: Deployment/api=1 Deployment/web=2;");
    expect(render("{{ range $o, $cs := .Changed.Objects }}{{ $o }}{{ end }}")).toBe(
      "{{{apps/v1 Deployment} {api prod}}}{{{apps/v1 Deployment} {web prod}}}{{{kustomize.config.k8s.io/v1beta1 Kustomization} { }}}",
    );
    expect(
      render('{{ index .Changed.FileChanges "b/deploy.yaml" | len }} {{ .Changed.FileChanges.x }}'),
    ).toBe("2 <no value>");
    expect(render("{{ .Values }} {{ .Values.nope }}")).toBe("map[env:prod] <no value>");
  });

  it("writes object keys, changes and the automation as JSON with kyaml's field names", () => {
    expect(
      render(
        "{{ range $o, $cs := .Changed.Objects }}{{ $o | toJson }} {{ end }}{{ .AutomationObject | toJson }} {{ index .Changed.Changes 0 | toJson }}[{{ .Changed.Objects | toJson }}]",
      ),
    ).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","name":"api","namespace":"prod"} {"apiVersion":"apps/v1","kind":"Deployment","name":"web","namespace":"prod"} {"apiVersion":"kustomize.config.k8s.io/v1beta1","kind":"Kustomization"} {"Namespace":"flux-system","Name":"apps"} {"OldValue":"x","NewValue":"y","Setter":"flux-system:k:tag"}[]',
    );
  });

  it("merges an object's changes over files in .Changed.Objects and lists each change once in .Changed.Changes", () => {
    const twice: UpdateResult = {
      fileChanges: {
        "z.yaml": [{ object: web, changes: [{ oldValue: "a", newValue: "b", setter: "s" }] }],
        "y.yaml": [{ object: web, changes: [{ oldValue: "c", newValue: "d", setter: "s" }] }],
        "x.yaml": [{ object: api, changes: [{ oldValue: "a", newValue: "b", setter: "s" }] }],
      },
    };
    const text =
      "{{ range $o, $cs := .Changed.Objects }}{{ $o.Name }}:{{ range $cs }} {{ .OldValue }}{{ end }};{{ end }}|{{ len .Changed.Changes }}";
    expect(renderCommitMessage({ template: text, automation, result: twice })).toBe("api: a;web: c a;|2");
  });

  it("fails like Go on kyaml's pointer-receiver methods and on fields a type does not have", () => {
    expect(() => render("{{ range $o, $cs := .Changed.Objects }}{{ $o.GetName }}{{ end }}")).toThrow(
      'failed to run template from spec: template: commit message:1:44: executing "commit message" at <$o.GetName>: can\'t evaluate field GetName in type update.ObjectIdentifier',
    );
    expect(() => render("{{ .AutomationObject.Nope }}")).toThrow(
      "can't evaluate field Nope in type types.NamespacedName",
    );
    expect(() => render("{{ .Changed.Objects.Kind }}")).toThrow(CommitTemplateError);
    expect(() => render("{{ .Changed.Objects.Kind }}")).toThrow(
      "can't evaluate field Kind in type update.ObjectChanges",
    );
  });
});
