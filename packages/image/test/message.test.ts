import { describe, expect, it } from "vitest";
import {
  CommitTemplateError,
  DEFAULT_COMMIT_MESSAGE,
  ImageUpdateError,
  pushSummary,
  renderCommitMessage,
} from "../src/index.js";

const automation = { namespace: "ns", name: "auto" };
const result = {
  fileChanges: {
    "b.yaml": [
      {
        object: { apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "" },
        changes: [{ oldValue: "a:1", newValue: "a:2", setter: "ns:a" }],
      },
    ],
    "a.yaml": [
      {
        object: { apiVersion: "v1", kind: "Pod", name: "p", namespace: "" },
        changes: [{ oldValue: "a:1", newValue: "a:2", setter: "ns:a" }],
      },
    ],
  },
};

describe("renderCommitMessage", () => {
  it("defaults to Flux's message", () => {
    expect(renderCommitMessage({ automation, result })).toBe(DEFAULT_COMMIT_MESSAGE);
  });

  it("exposes AutomationObject, sorted FileChanges, unique Changes and Values", () => {
    const text =
      "{{ .AutomationObject }} {{ .AutomationObject.Name }}|{{ range $f, $_ := .Changed.FileChanges }}{{ $f }} {{ end }}|{{ len .Changed.Changes }}|{{ .Values.k | upper }}";
    expect(renderCommitMessage({ template: text, automation, result, values: { k: "v" } })).toBe(
      "ns/auto auto|a.yaml b.yaml |1|V",
    );
  });

  it("gives Flux's errors for parse errors, execution errors and removed fields", () => {
    const render = (template: string) => () => renderCommitMessage({ template, automation, result });
    expect(render("{{ .Updated.Files }}")).toThrow("template uses removed '.Updated' field");
    expect(render("{{ .Changed.ImageResult.Files }}")).toThrow(
      "template uses removed '.Changed.ImageResult' field",
    );
    expect(render("{{ if }")).toThrow(/^unable to create commit message template from spec: /);
    expect(render("{{ .Nope }}")).toThrow(/^failed to run template from spec: /);
    expect(render("{{ now }}")).toThrow(CommitTemplateError);
  });
});

describe("pushSummary", () => {
  it("names the short revision, branch, refspecs and message", () => {
    expect(pushSummary({ branch: "b", revision: "0123456789", message: "m", refspecs: ["x:y", "z:w"] })).toBe(
      "pushed commit '0123456' to branch 'b' and refspecs 'x:y', 'z:w'\nm",
    );
    expect(() => pushSummary({ branch: "b", revision: "" })).toThrow(ImageUpdateError);
  });
});
