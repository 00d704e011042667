import { readFileSync } from "node:fs";

/** Set by the bundler (scripts/bundle.mjs); absent when running from src/ or the tsc output. */
declare const __GITOPS_KIT_VERSION__: string | undefined;

/** The CLI's version: baked into the bundle, else read from package.json (one level above src/ and dist/). */
export function cliVersion(): string {
  if (typeof __GITOPS_KIT_VERSION__ === "string") return __GITOPS_KIT_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version?: string;
  };
  return pkg.version ?? "0.0.0";
}
