export * from "./cdevents.js";
export * from "./google-id-token.js";
export * from "./handler.js";
export * from "./receiver.js";
export * from "./signature.js";
export * from "./verify.js";
