/** `getHostByName`: DNS lookups are not available to templates here. */
import { UnsupportedError } from "@gitops-kit/core";
import { defineFunc, type FuncMap } from "../funcs/types.js";
import { T } from "../value/types.js";

/** A Sprig function that needs something this runtime does not give templates (network, process state). */
export class SprigUnsupportedError extends UnsupportedError {
  /** The Sprig function name. */
  readonly function: string;

  constructor(fn: string, message: string) {
    super(message);
    this.function = fn;
  }
}

/** The network family. */
export function networkFuncs(): FuncMap {
  return {
    getHostByName: defineFunc({
      params: [T.string],
      result: T.string,
      fn: () => {
        throw new SprigUnsupportedError(
          "getHostByName",
          "getHostByName is not supported: templates have no network access",
        );
      },
    }),
  };
}
