import { redact } from "./errors.js";

/** Structured context of a log line. Values are plain data (strings, numbers, booleans, arrays, objects). */
export type LogFields = Record<string, unknown>;

/** Log levels, least to most severe. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** A structured logger. Engines log through one of these and never print on their own. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/** A logger that drops everything: the default of every engine. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** Options of {@link consoleLogger}. */
export interface ConsoleLoggerOptions {
  /** Lines below this level are dropped (default `info`). */
  level?: LogLevel;
  /** Values to mask wherever they appear in messages or fields. */
  secrets?: Iterable<string | undefined | null> | (() => Iterable<string | undefined | null>);
  /** Where lines go (default: `console.error`, so stdout stays free for command output). */
  write?: (line: string) => void;
}

/**
 * A logger printing one line per call: `<level> <message> key=value ...`, values JSON-encoded when
 * they are not plain words. Secret values given in `options.secrets` are masked.
 */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const min = LEVELS.indexOf(options.level ?? "info");
  const write = options.write ?? ((line: string) => console.error(line));
  const plain: Logger = Object.fromEntries(
    LEVELS.map((level) => [
      level,
      (message: string, fields?: LogFields) => {
        if (LEVELS.indexOf(level) < min) return;
        write(formatLogLine(level, message, fields));
      },
    ]),
  ) as unknown as Logger;
  return options.secrets === undefined ? plain : redactingLogger({ logger: plain, secrets: options.secrets });
}

/** Format one log line as {@link consoleLogger} prints it. */
export function formatLogLine(level: LogLevel, message: string, fields?: LogFields): string {
  let line = `${level.padEnd(5)} ${message}`;
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (value === undefined) continue;
    const text = typeof value === "string" && /^[^\s"=]+$/.test(value) ? value : safeJson(value);
    line += ` ${key}=${text}`;
  }
  return line;
}

/** Options of {@link redactingLogger}. */
export interface RedactingLoggerOptions {
  logger: Logger;
  /** The secret values to mask; a function is called on every line, so secrets learnt later count. */
  secrets: Iterable<string | undefined | null> | (() => Iterable<string | undefined | null>);
}

/**
 * Wrap a logger so that every known secret value is masked in the message and, recursively, in every
 * string inside the fields (keys included). Use it around any logger that receives credentials'
 * neighbourhood: source auth, notification providers, SOPS keys.
 */
export function redactingLogger(options: RedactingLoggerOptions): Logger {
  const current = (): string[] =>
    [...(typeof options.secrets === "function" ? options.secrets() : options.secrets)].filter(
      (s): s is string => typeof s === "string" && s.length > 0,
    );
  const wrap =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      const secrets = current();
      options.logger[level](
        redact(message, secrets),
        fields === undefined ? undefined : (redactValue(fields, secrets) as LogFields),
      );
    };
  return { debug: wrap("debug"), info: wrap("info"), warn: wrap("warn"), error: wrap("error") };
}

/**
 * A copy of `value` with every secret masked in every string it contains (object keys too). Errors
 * become `{ name, message }` with the message masked; cycles are cut.
 */
export function redactValue(value: unknown, secrets: Iterable<string | undefined | null>): unknown {
  const list = [...secrets].filter((s): s is string => typeof s === "string" && s.length > 0);
  const seen = new WeakSet<object>();
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redact(v, list);
    if (typeof v !== "object" || v === null) return v;
    if (seen.has(v)) return "[Circular]";
    seen.add(v);
    if (v instanceof Error) return { name: v.name, message: redact(v.message, list) };
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k, list), walk(x)]));
  };
  return walk(value);
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_key, v) => {
      if (typeof v === "bigint") return v.toString();
      if (v instanceof Error) return { name: v.name, message: v.message };
      return v;
    });
    return text ?? String(value);
  } catch {
    return String(value);
  }
}
