import ccxt from "ccxt";
import type { ExchangeId } from "./catalog";
import type { FailedResponse } from "./client";
import type { FailureCode, FailureDetail } from "./errors";

/**
 * Maps a failed ccxt call to a user-facing code. The exchange's own error
 * code (read from the raw body) decides first, because ccxt's classes blur
 * causes: Bybit's expired key and OKX's unknown key are plain
 * `AuthenticationError`/`ExchangeError`, KuCoin's 429000 is an `ExchangeError`,
 * and the IP refusals of OKX, Bybit and Bitstamp are `PermissionDenied` like a
 * missing permission. Codes per exchange: notes, "Errors" of each section.
 */

export interface Classified {
  code: FailureCode;
  detail?: FailureDetail;
}

/** Which call failed: a refusal of the balance read means something else than one of the report. */
export type VerifyStep = "balance" | "permissions";

type BodyRule = (body: string, status: number, step: VerifyStep) => Classified | undefined;

const c = (code: FailureCode, detail?: FailureDetail): Classified => (detail ? { code, detail } : { code });

function parse(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function fieldOf(body: string, ...names: string[]): string | undefined {
  const obj = parse(body);
  for (const n of names) {
    const v = obj?.[n];
    if (typeof v === "string" || typeof v === "number") return String(v);
  }
  return undefined;
}

function table(entries: Record<string, Classified>): (key: string | undefined) => Classified | undefined {
  return (key) => (key === undefined ? undefined : entries[key]);
}

const binanceCodes = table({
  // -2015 covers a wrong key, a deleted key and a non-whitelisted IP alike.
  "-2015": c("invalid-key", "ambiguous-auth"),
  "-2014": c("invalid-key", "key-format"),
  "-2008": c("invalid-key"),
  "-1022": c("invalid-key", "wrong-secret"),
  "-1002": c("missing-read-permission"),
  "-1003": c("rate-limited"),
  "-1015": c("rate-limited"),
  "-1021": c("unknown-error", "clock-skew"),
});

const okxCodes = table({
  "50111": c("invalid-key"),
  "50113": c("invalid-key", "wrong-secret"),
  "50105": c("invalid-key", "wrong-passphrase"),
  "50104": c("invalid-key", "missing-passphrase"),
  // "API key doesn't exist": deleted, expired, or created on another OKX site (my.okx.com / app.okx.com).
  "50119": c("revoked-key"),
  "50110": c("ip-restricted"),
  "50011": c("rate-limited"),
  "50061": c("rate-limited"),
  "50001": c("exchange-down"),
  "50005": c("exchange-down"),
  "50013": c("exchange-down"),
  "50026": c("exchange-down"),
  "50102": c("unknown-error", "clock-skew"),
  "50112": c("unknown-error", "clock-skew"),
  "50007": c("unknown-error", "account-suspended"),
});

const bybitCodes = table({
  "10003": c("invalid-key"),
  "10004": c("invalid-key", "wrong-secret"),
  "33004": c("revoked-key"),
  "10010": c("ip-restricted"),
  "10005": c("missing-read-permission"),
  "10006": c("rate-limited"),
  "10018": c("rate-limited"),
  "10016": c("exchange-down"),
  "10002": c("unknown-error", "clock-skew"),
  "10008": c("unknown-error", "account-suspended"),
});

const kucoinCodes = table({
  // "KC-API-KEY not exists": mistyped or deleted.
  "400003": c("invalid-key", "ambiguous-auth"),
  "400004": c("invalid-key", "wrong-passphrase"),
  "400005": c("invalid-key", "wrong-secret"),
  "400006": c("ip-restricted"),
  "400007": c("missing-read-permission"),
  "429000": c("rate-limited"),
  "500000": c("exchange-down"),
  "400002": c("unknown-error", "clock-skew"),
  "411100": c("unknown-error", "account-suspended"),
});

const geminiReasons = table({
  InvalidApiKey: c("invalid-key", "ambiguous-auth"),
  InvalidSignature: c("invalid-key", "wrong-secret"),
  MissingRole: c("missing-read-permission"),
  RateLimit: c("rate-limited"),
  Maintenance: c("exchange-down"),
  System: c("exchange-down"),
  InvalidNonce: c("unknown-error", "clock-skew"),
  AccountClosed: c("revoked-key"),
});

const krakenErrors = table({
  "EAPI:Invalid key": c("invalid-key", "ambiguous-auth"),
  "EAPI:Invalid signature": c("invalid-key", "wrong-secret"),
  "EAPI:Bad request": c("unknown-error"),
  "EAPI:Rate limit exceeded": c("rate-limited"),
  "EGeneral:Temporary lockout": c("rate-limited"),
  "EGeneral:Too many requests": c("rate-limited"),
  "EService:Unavailable": c("exchange-down"),
  "EService:Busy": c("exchange-down"),
  "EGeneral:Internal error": c("exchange-down"),
  "EAPI:Invalid nonce": c("unknown-error", "clock-skew"),
  "ETrade:User Locked": c("unknown-error", "account-suspended"),
});

const bitstampReasons = table({
  "API key not found": c("invalid-key", "ambiguous-auth"),
  "Invalid signature": c("invalid-key", "wrong-secret"),
  "Wrong API key format": c("invalid-key", "key-format"),
  "Authentication failed": c("invalid-key"),
  "IP address not allowed": c("ip-restricted"),
  "Rate limit exceeded": c("rate-limited"),
  "Invalid nonce": c("unknown-error", "clock-skew"),
  "Your account is frozen": c("unknown-error", "account-suspended"),
});

const BODY_RULES: Record<ExchangeId, BodyRule> = {
  binance: (body) => binanceCodes(fieldOf(body, "code")),
  okx: (body) => okxCodes(fieldOf(body, "code")),
  bybit: (body) => bybitCodes(fieldOf(body, "retCode", "ret_code")),
  kucoin: (body) => kucoinCodes(fieldOf(body, "code")),
  gemini: (body) => geminiReasons(fieldOf(body, "reason")),
  kraken: (body, _status, step) => {
    const errors = parse(body)?.error;
    const first = Array.isArray(errors) && typeof errors[0] === "string" ? errors[0] : undefined;
    if (first === "EGeneral:Permission denied" && step === "balance") return c("missing-read-permission");
    return krakenErrors(first);
  },
  bitstamp: (body, _status, step) => {
    const reason = fieldOf(body, "reason");
    if (reason === "No permission found" && step === "balance") return c("missing-read-permission");
    return bitstampReasons(reason);
  },
  // Coinbase answers a bad CDP JWT with a bare 401 and no code to tell causes apart.
  coinbase: (body, status) => (status === 401 ? c("invalid-key", "ambiguous-auth") : undefined),
};

const DOWN_STATUSES = new Set([502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 527, 530]);

export function classifyFailure(exchangeId: ExchangeId, error: unknown, failed: FailedResponse | undefined, step: VerifyStep): Classified {
  // A timeout has no response; an older failure must not be blamed for it.
  if (error instanceof ccxt.RequestTimeout) return c("timeout");
  if (error instanceof ccxt.RestrictedLocation || failed?.status === 451) return c("unknown-error", "restricted-location");
  if (failed) {
    const byBody = BODY_RULES[exchangeId](failed.body, failed.status, step);
    if (byBody) return byBody;
    if (failed.status === 429) return c("rate-limited");
    if (DOWN_STATUSES.has(failed.status)) return c("exchange-down");
  }
  if (error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection) return c("rate-limited");
  if (error instanceof ccxt.InvalidNonce) return c("unknown-error", "clock-skew");
  // ccxt maps unparseable 400/403/404 bodies to ExchangeNotAvailable too (notes, "Errors ccxt throws"): only 5xx or no response means "down".
  if (error instanceof ccxt.ExchangeNotAvailable && (failed === undefined || failed.status >= 500)) return c("exchange-down");
  if (error instanceof ccxt.NetworkError && !(error instanceof ccxt.ExchangeNotAvailable)) return c("exchange-down");
  if (error instanceof ccxt.AccountSuspended) return c("unknown-error", "account-suspended");
  if (error instanceof ccxt.PermissionDenied) return step === "balance" ? c("missing-read-permission") : c("unknown-error");
  if (error instanceof ccxt.AuthenticationError) return c("invalid-key");
  return c("unknown-error");
}
