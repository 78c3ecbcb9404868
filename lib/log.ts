import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";

/**
 * The one logger. Secret-bearing fields are censored by name at any depth up
 * to four levels (pino's redaction matches paths, not "anywhere"), and free
 * text that might quote a secret (an exchange error, a URL) goes through
 * `redactSecrets` before it is logged or shown.
 */

export const REDACTED = "[REDACTED]";

/** Field names whose value is never logged. */
const SECRET_FIELDS = [
  "secret",
  "apiSecret",
  "secretKey",
  "privateKey",
  "password",
  "passphrase",
  "apiKey",
  "token",
  "accessToken",
  "refreshToken",
  "masterKey",
  "encryptionKey",
  "sealed",
  "ciphertext",
  "creds",
  "credentials",
];

/** Header names (lower-case, as Node delivers them) that carry credentials, including exchange signing headers. */
const SECRET_HEADERS = [
  "authorization",
  "cookie",
  "set-cookie",
  "x-mbx-apikey",
  "ok-access-key",
  "ok-access-sign",
  "ok-access-passphrase",
  "x-bapi-api-key",
  "x-bapi-sign",
  "kc-api-key",
  "kc-api-sign",
  "kc-api-passphrase",
  "api-key",
  "api-sign",
  "x-gemini-apikey",
  "x-gemini-signature",
  "x-gemini-payload",
  "x-auth",
  "x-auth-signature",
  "cb-access-key",
  "cb-access-sign",
];

const DEPTHS = ["", "*.", "*.*.", "*.*.*."];

export const REDACT_PATHS: string[] = [
  ...DEPTHS.flatMap((prefix) => SECRET_FIELDS.map((f) => `${prefix}${f}`)),
  ...["headers", "*.headers", "*.*.headers"].flatMap((h) => SECRET_HEADERS.map((name) => `${h}["${name}"]`)),
  "env.LOTWISE_ENCRYPTION_KEY",
  "env.AUTH_SECRET",
  "env.DATABASE_URL",
];

export interface CreateLoggerOptions {
  level?: LoggerOptions["level"];
  name?: string;
  /** Where lines go (tests pass a capture stream); stdout when omitted. */
  destination?: DestinationStream;
}

export function createLogger(opts: CreateLoggerOptions = {}): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? process.env.LOG_LEVEL ?? "info",
    name: opts.name ?? "lotwise",
    redact: { paths: REDACT_PATHS, censor: REDACTED },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

export const log: Logger = createLogger();

/**
 * Replaces every occurrence of each secret (and its URL-encoded form) in
 * `text`. Use on any free text that crossed an exchange boundary before it is
 * logged or stored. Very short strings are skipped: replacing "a" everywhere
 * would hide the message without protecting anything.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined | null)[]): string {
  let out = text;
  const variants = new Set<string>();
  for (const s of secrets) {
    if (typeof s !== "string" || s.length < 4) continue;
    variants.add(s);
    variants.add(encodeURIComponent(s));
    // PEM secrets are often pasted with literal "\n": cover both spellings.
    if (s.includes("\n")) variants.add(s.replace(/\n/g, "\\n"));
  }
  // Longest first, so a secret containing another is replaced whole.
  for (const v of [...variants].sort((a, b) => b.length - a.length)) {
    out = out.split(v).join(REDACTED);
  }
  return out;
}
