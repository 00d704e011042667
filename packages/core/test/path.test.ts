import { describe, expect, it } from "vitest";
import { posixPath } from "../src/index.js";

describe("posixPath", () => {
  it("normalizes like Go's path.Clean", () => {
    const cases: Array<[string, string]> = [
      ["", "."],
      [".", "."],
      ["a/b/../c", "a/c"],
      ["a//b/./c/", "a/b/c"],
      ["/../a", "/a"],
      ["../a/../../b", "../../b"],
      ["a/..", "."],
      ["/", "/"],
      ["//a//", "/a"],
    ];
    for (const [input, want] of cases) expect(posixPath.normalize(input), input).toBe(want);
  });

  it("joins, resolves and splits", () => {
    expect(posixPath.join("a", "", "b/../c", "d")).toBe("a/c/d");
    expect(posixPath.join()).toBe(".");
    expect(posixPath.join("/r", "../x")).toBe("/x");
    expect(posixPath.resolve("/a/b", "../c", "d")).toBe("/a/c/d");
    expect(posixPath.resolve("x", "/abs", "y")).toBe("/abs/y");
    expect(posixPath.resolve("rel")).toBe("/rel");
    expect(posixPath.split("/a//b/./c/")).toEqual(["a", "b", "c"]);
  });

  it("dirname, basename, extname", () => {
    expect(posixPath.dirname("a/b/c")).toBe("a/b");
    expect(posixPath.dirname("/a")).toBe("/");
    expect(posixPath.dirname("a")).toBe(".");
    expect(posixPath.dirname("/a/b/")).toBe("/a");
    expect(posixPath.basename("a/b/c.yaml")).toBe("c.yaml");
    expect(posixPath.basename("a/b/c.yaml", ".yaml")).toBe("c");
    expect(posixPath.basename("/")).toBe("/");
    expect(posixPath.basename("")).toBe(".");
    expect(posixPath.extname("a/b.tar.gz")).toBe(".gz");
    expect(posixPath.extname("a/.hidden")).toBe("");
  });

  it("relative and isWithin", () => {
    expect(posixPath.relative("/a/b", "/a/c/d")).toBe("../c/d");
    expect(posixPath.relative("/a/b", "/a/b")).toBe("");
    expect(posixPath.relative("/", "/x/y")).toBe("x/y");
    expect(posixPath.isWithin("/a", "/a/b")).toBe(true);
    expect(posixPath.isWithin("/a", "/a")).toBe(true);
    expect(posixPath.isWithin("/a", "/ab")).toBe(false);
    expect(posixPath.isWithin("/a", "/a/../b")).toBe(false);
    expect(posixPath.isWithin("/", "/anything")).toBe(true);
    expect(posixPath.isWithin(".", "../x")).toBe(false);
    expect(posixPath.isWithin(".", "x/y")).toBe(true);
  });
});
