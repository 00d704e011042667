import { memFs } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import {
  isRemoteReference,
  KustomizeCycleError,
  KustomizeLoadError,
  LoadRestrictionError,
} from "../src/index.js";
import { FileLoader } from "../src/loader.js";

function tree() {
  const fs = memFs({
    "/repo/app/kustomization.yaml": "resources: []\n",
    "/repo/app/inside.yaml": "a: 1\n",
    "/repo/app/sub/deep.yaml": "b: 2\n",
    "/repo/outside.yaml": "c: 3\n",
    "/repo/base/kustomization.yaml": "resources: []\n",
  });
  fs.symlink("/repo/outside.yaml", "/repo/app/link-out.yaml");
  fs.symlink("/repo/app/inside.yaml", "/repo/app/link-in.yaml");
  return fs;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("FileLoader", () => {
  it("reads files in or below the root, following links that stay inside", () => {
    const l = FileLoader.create({ fs: tree(), root: "/repo/app" });
    expect(text(l.load("inside.yaml"))).toBe("a: 1\n");
    expect(text(l.load("sub/deep.yaml"))).toBe("b: 2\n");
    expect(text(l.load("link-in.yaml"))).toBe("a: 1\n");
    expect(text(l.load("/repo/app/inside.yaml"))).toBe("a: 1\n");
  });

  it("refuses files outside the root under RootOnly, directly or through a link", () => {
    const l = FileLoader.create({ fs: tree(), root: "/repo/app" });
    expect(() => l.load("../outside.yaml")).toThrow(LoadRestrictionError);
    expect(() => l.load("link-out.yaml")).toThrow(LoadRestrictionError);
    expect(() => l.load("missing.yaml")).toThrow(KustomizeLoadError);
    const none = FileLoader.create({ fs: tree(), root: "/repo/app", restrictions: "LoadRestrictionsNone" });
    expect(text(none.load("../outside.yaml"))).toBe("c: 3\n");
    expect(text(none.load("link-out.yaml"))).toBe("c: 3\n");
  });

  it("opens bases anywhere but refuses a root that contains one being loaded", () => {
    const l = FileLoader.create({ fs: tree(), root: "/repo/app" });
    const base = l.child("../base");
    expect(base.root).toBe("/repo/base");
    expect(() => base.child("../app")).toThrow(KustomizeCycleError);
    expect(() => l.child("..")).toThrow(KustomizeCycleError);
    expect(() => l.child(".")).toThrow(KustomizeCycleError);
    expect(() => l.child("inside.yaml")).toThrow(KustomizeLoadError);
    expect(() => l.child("/repo/base")).toThrow(/cannot be absolute/);
  });

  it("recognises remote references", () => {
    expect(isRemoteReference("https://github.com/org/repo//dir?ref=v1")).toBe(true);
    expect(isRemoteReference("github.com/org/repo/dir")).toBe(true);
    expect(isRemoteReference("git@github.com:org/repo.git")).toBe(true);
    expect(isRemoteReference("ssh://git@example.com/repo")).toBe(true);
    expect(isRemoteReference("../base")).toBe(false);
    expect(isRemoteReference("deploy.yaml")).toBe(false);
  });
});
