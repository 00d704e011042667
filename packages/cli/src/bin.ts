#!/usr/bin/env node
import { processIO } from "./io.js";
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2), {
  io: processIO(),
  debug: Boolean(process.env.GITOPS_KIT_DEBUG),
});
