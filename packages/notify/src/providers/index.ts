export { bitbucketServerCommitsUrl } from "./bitbucket.js";
export * from "./common.js";
export * from "./errors.js";
export { githubApiBase } from "./github.js";
export * from "./registry.js";
export { parseSentryDsn } from "./sentry.js";
export { escapeTelegram, TELEGRAM_API } from "./telegram.js";
export * from "./types.js";
