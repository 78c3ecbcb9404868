import { parseArgs as nodeParseArgs } from "node:util";

/**
 * Command-line options, strictly: unknown options, missing values and stray positionals are
 * usage errors (exit code 2), reported as one sentence.
 */
export type OptionSpec = Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;

export type ParsedOptions = Record<string, string | boolean | string[] | undefined>;

export type ArgsOutcome = { ok: true; values: ParsedOptions } | { ok: false; error: string };

export const EXIT_OK = 0;
/** The input data is wrong (a file, a row, a cell): fix the data. */
export const EXIT_DATA_ERROR = 1;
/** The command line is wrong: fix the command. */
export const EXIT_USAGE = 2;

export function parseOptions(argv: readonly string[], spec: OptionSpec): ArgsOutcome {
  try {
    const { values, positionals } = nodeParseArgs({ args: [...argv], options: spec, strict: true, allowPositionals: true });
    if (positionals.length > 0) return { ok: false, error: `unexpected argument "${positionals[0]}"` };
    return { ok: true, values: values as ParsedOptions };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, "") : String(e) };
  }
}

/** A single string option (the last one wins when repeated is not allowed by the spec). */
export function stringOption(values: ParsedOptions, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

export function stringList(values: ParsedOptions, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
}
