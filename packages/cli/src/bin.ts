#!/usr/bin/env node
import { processIO } from "./io.js";
import { main } from "./main.js";

// No top-level await: the bundle is CommonJS (scripts/bundle.mjs).
const run = main(process.argv.slice(2), { io: processIO(), debug: Boolean(process.env.GITOPS_KIT_DEBUG) });
run.then((code) => {
  process.exitCode = code;
});
