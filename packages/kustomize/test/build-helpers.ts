import { memFs, printYamlStream } from "@gitops-kit/core";
import { type BuildKustomizationOptions, buildKustomization } from "../src/index.js";

/** Build `path` over an in-memory tree and print it as kubectl would. */
export function buildText(
  files: Record<string, string | Uint8Array>,
  path = "/app",
  options: Partial<BuildKustomizationOptions> = {},
): string {
  const fs = memFs(files);
  return printYamlStream(buildKustomization({ fs, path, ...options }).resources);
}

/** Build and return the objects. */
export function buildObjects(
  files: Record<string, string | Uint8Array>,
  path = "/app",
  options: Partial<BuildKustomizationOptions> = {},
): Record<string, unknown>[] {
  return buildKustomization({ fs: memFs(files), path, ...options }).resources as Record<string, unknown>[];
}

/** Join lines with newlines and a final newline. */
export function lines(...l: string[]): string {
  return `${l.join("\n")}\n`;
}
