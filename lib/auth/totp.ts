/**
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30-second steps, what every authenticator app
 * speaks). Pure: no database, no keys. lib/db/two-factor.ts seals `TotpState` with the master key
 * and stores the last accepted step, so a code cannot be replayed within its window.
 */
import { generate, generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Accept the previous and the next step too, for phones whose clock is a little off. */
export const TOTP_DRIFT_STEPS = 1;
export const TOTP_ISSUER = "Lotwise";

/** What lib/db/two-factor.ts seals into User.totpSecretSealed. */
export interface TotpState {
  /** Base32, as authenticator apps take it. */
  secret: string;
  /** The time step of the last code accepted; codes from that step or earlier are refused. */
  lastStep: number | null;
}

/** 20 random bytes (160 bits, RFC 4226's recommendation) in Base32: 32 characters. */
export function generateTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function encodeTotpState(state: TotpState): string {
  return JSON.stringify({ v: 1, secret: state.secret, lastStep: state.lastStep });
}

/** Parses a decrypted payload; null when it is not one we wrote. */
export function decodeTotpState(json: string): TotpState | null {
  try {
    const v = JSON.parse(json) as { v?: unknown; secret?: unknown; lastStep?: unknown };
    if (v.v !== 1 || typeof v.secret !== "string" || !/^[A-Z2-7]{16,}$/.test(v.secret)) return null;
    if (v.lastStep !== null && !(typeof v.lastStep === "number" && Number.isSafeInteger(v.lastStep) && v.lastStep >= 0)) return null;
    return { secret: v.secret, lastStep: v.lastStep };
  } catch {
    return null;
  }
}

/** The otpauth:// URI authenticator apps scan. */
export function totpKeyUri(email: string, secret: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
}

/** The QR code for `uri` as an SVG data URL, rendered on the server (the page's CSP allows data: images). */
export async function totpQrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}

/** "ABCD EFGH …": easier to type into an app by hand. Spaces are ignored by every app we know. */
export function formatSecretForDisplay(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

/** Strips the spaces people type or paste ("123 456"); null unless six digits remain. */
export function normalizeTotpCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "");
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code) ? code : null;
}

export type TotpVerdict = { ok: true; step: number } | { ok: false; reason: "malformed" | "invalid" | "replayed" };

/**
 * Checks `code` against the steps around `now` (±TOTP_DRIFT_STEPS). A code whose step is not
 * after `lastStep` was already used (or an older one was), and is refused as a replay.
 */
export async function verifyTotp(secret: string, input: string, opts: { now: Date; lastStep: number | null }): Promise<TotpVerdict> {
  const token = normalizeTotpCode(input);
  if (!token) return { ok: false, reason: "malformed" };
  const epoch = Math.floor(opts.now.getTime() / 1000);
  const result = await verify({
    secret,
    token,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    epoch,
    epochTolerance: TOTP_DRIFT_STEPS * TOTP_PERIOD_SECONDS,
  });
  if (!result.valid) return { ok: false, reason: "invalid" };
  // The functional API's result type also covers HOTP, which has no timeStep; delta is relative to now's step.
  const step = "timeStep" in result ? result.timeStep : Math.floor(epoch / TOTP_PERIOD_SECONDS) + result.delta;
  if (opts.lastStep !== null && step <= opts.lastStep) return { ok: false, reason: "replayed" };
  return { ok: true, step };
}

/** The code an authenticator shows at `at` (tests and the e2e suite compute codes with it). */
export function totpCodeAt(secret: string, at: Date): Promise<string> {
  return generate({ secret, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, epoch: Math.floor(at.getTime() / 1000) });
}
