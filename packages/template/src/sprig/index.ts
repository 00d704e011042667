/**
 * Sprig v3 for @gitops-kit/template: every function of Sprig's `TxtFuncMap` (v3.2.3 semantics, plus v3.3.0's
 * additions) except `env`/`expandenv`, which read the process environment (Helm removes them too).
 *
 * ```ts
 * import { renderTemplate, sprigFuncs, createSprigFuncs, seededRandom } from "@gitops-kit/template";
 * renderTemplate({ text: '{{ "hello" | upper | quote }}', funcs: sprigFuncs }); // "\"HELLO\""
 * // Deterministic clock, zone and randomness:
 * const funcs = createSprigFuncs({ now: () => new Date("2024-01-01T00:00:00Z"), timeZone: "Europe/Paris", random: seededRandom(1) });
 * ```
 */
import type { FuncMap } from "../funcs/types.js";
import { conversionFuncs } from "./cast.js";
import { certFuncs } from "./certs.js";
import type { RsaKeyGenerator } from "./crypto/keys.js";
import { cryptoFuncs } from "./crypto.js";
import { dateFuncs } from "./dates.js";
import { defaultFuncs } from "./defaults.js";
import { createDictFuncs } from "./dicts.js";
import { encodingFuncs } from "./encoding.js";
import { hashFuncs } from "./hash.js";
import { jsonFuncs } from "./json.js";
import { createListFuncs } from "./lists.js";
import { createMathFuncs } from "./math.js";
import { networkFuncs } from "./network.js";
import { pathFuncs } from "./paths.js";
import { cryptoRandom, type RandomSource } from "./random.js";
import { regexFuncs } from "./regex.js";
import { semverFuncs } from "./semver.js";
import { stringFuncs } from "./strings.js";
import { urlFuncs } from "./urls.js";

export { strslice, strval, toFloat64, toInt64 } from "./cast.js";
export { CERTIFICATE_TYPE, certificateValue } from "./certs.js";
export type { RsaJwk, RsaKeyGenerator } from "./crypto/keys.js";
export { decryptAES, derivePassword, encryptAES, uuidV4 } from "./crypto.js";
export { DURATION_TYPE, goTimeOf, TIME_TYPE, timeValue } from "./dates.js";
export { deepEqual, isEmpty } from "./defaults.js";
export { base32Decode, base32Encode, base64Decode, base64Encode, CorruptInputError } from "./encoding.js";
export {
  GoJsonError,
  type MarshalOptions,
  marshalGoJson,
  quoteJsonString,
  type UnmarshalResult,
  type UnmarshalTarget,
  unmarshalGoJson,
} from "./gojson.js";
export {
  fixedZone,
  formatTime,
  type GoTime,
  type Location,
  locationFromOption,
  parseTime,
  TimeParseError,
  timeString,
  UTC,
} from "./gotime.js";
export { SprigUnsupportedError } from "./network.js";
export {
  cryptoRandom,
  type RandomSource,
  randomBigInt,
  randomBytes,
  randomInt,
  seededRandom,
} from "./random.js";

/** Options for {@link createSprigFuncs}. Every effect Sprig has (clock, time zone, randomness) comes in here. */
export interface SprigOptions {
  /** The clock behind `now`, `ago`, `date` of a non-time value, certificate validity. Default: the system clock. */
  now?: () => Date;
  /**
   * What Go's `time.Local` is for the date functions (`date`, `toDate`, `now`...): `"UTC"` (the default, so
   * output does not depend on the machine), a fixed offset such as `"+05:30"`, an IANA name such as
   * `"Europe/Paris"` (needs `Intl` time-zone support), or `"host"` for the runtime's own zone.
   */
  timeZone?: string;
  /** Randomness for `rand*`, `shuffle`, `uuidv4`, `randBytes`, bcrypt salts, AES IVs and keys. Default: Web Crypto. */
  random?: RandomSource;
  /**
   * A synchronous RSA key generator returning JWK members (in Node: `(bits) => generateKeyPairSync("rsa",
   * { modulusLength: bits }).privateKey.export({ format: "jwk" })`). Without it, `genCA`/`genSignedCert`/
   * `genSelfSignedCert` (RSA-2048) and `genPrivateKey "rsa"` (RSA-4096) generate primes in TypeScript, which
   * takes around a second for 2048 bits and several seconds for 4096.
   */
  rsaKeyGenerator?: RsaKeyGenerator;
}

/** What each function family receives. */
export interface SprigContext {
  now: () => Date;
  timeZone: string;
  random: RandomSource;
  rsaKeyGenerator?: RsaKeyGenerator;
}

/**
 * Build Sprig's function map with the given clock, zone and random source. Throws `ValidationError` for a
 * time zone the runtime does not know.
 */
export function createSprigFuncs(options: SprigOptions = {}): FuncMap {
  const ctx: SprigContext = {
    now: options.now ?? (() => new Date()),
    timeZone: options.timeZone ?? "UTC",
    random: options.random ?? cryptoRandom,
    rsaKeyGenerator: options.rsaKeyGenerator,
  };
  return {
    ...stringFuncs(ctx),
    ...regexFuncs(),
    ...defaultFuncs(),
    ...conversionFuncs(),
    ...encodingFuncs(),
    ...hashFuncs(),
    ...jsonFuncs(),
    ...pathFuncs(),
    ...semverFuncs(),
    ...dateFuncs(ctx),
    ...cryptoFuncs(ctx),
    ...certFuncs(ctx),
    ...urlFuncs(),
    ...networkFuncs(),
    ...createMathFuncs({ random: ctx.random }),
    ...createListFuncs(),
    ...createDictFuncs(),
  };
}

/** Sprig's functions with the defaults: system clock, UTC as the local zone, Web Crypto randomness. */
export const sprigFuncs: FuncMap = createSprigFuncs();
