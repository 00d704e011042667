import { describe, expect, it } from "vitest";
import { bool, DecodeIssue, decode, int, mapOf, slice, str, struct } from "../src/go-decode.js";

const issueOf = (fn: () => unknown): DecodeIssue => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DecodeIssue) return err;
    throw err;
  }
  throw new Error("expected a DecodeIssue");
};

describe("Go-struct decoding", () => {
  const person = struct({ name: str, Name2: str, age: int, tags: slice(str, () => ""), flags: mapOf(bool) });

  it("matches field names case-insensitively, an exact match first, and drops nulls", () => {
    expect(decode(person, { NAME: "a", age: 3, tags: ["x", null], Name2: "b", flags: null })).toEqual({
      name: "a",
      Name2: "b",
      age: 3,
      tags: ["x", ""],
    });
    // A later spelling of the same field wins, as encoding/json overwrites.
    expect(decode(person, { name: "first", Name: "second" })).toEqual({ name: "second" });
  });

  it("reports the first problem in field order, unknown fields after the known ones", () => {
    const issue = issueOf(() => decode(person, { zzz: 1, tags: [1], age: "3" }));
    expect(issue.path).toEqual(["age"]);
    expect(issue.message).toBe("expected number");
    const unknown = issueOf(() => decode(person, { zzz: 1, yyy: 2, name: "a" }));
    expect(unknown.kind).toBe("unknown-field");
    expect(unknown.message).toBe('unknown field "zzz", "yyy"');
    expect(decode(person, { zzz: 1, name: "a" }, { ignoreUnknownFields: true })).toEqual({ name: "a" });
  });

  it("is strict about scalar kinds: a quoted bool is a string, 1.5 is not an int", () => {
    expect(issueOf(() => decode(mapOf(bool), { a: "true" })).path).toEqual(["a"]);
    const fraction = issueOf(() => decode(person, { age: 1.5 }));
    expect([fraction.message, fraction.input]).toEqual(["expected int", 1.5]);
    expect(issueOf(() => decode(person, { tags: "a" })).message).toBe("expected array");
    expect(issueOf(() => decode(person, ["a"])).message).toBe("expected object");
    expect(issueOf(() => decode(mapOf(str, ""), ["a"])).message).toBe("expected record");
    expect(decode(mapOf(str, ""), { a: null })).toEqual({ a: "" });
  });
});
