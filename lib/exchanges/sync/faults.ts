import ccxt, { type Exchange } from "ccxt";
import type { Logger } from "pino";
import { redactSecrets } from "../../log";
import { EXCHANGE_CATALOG, type ExchangeId } from "../catalog";
import { classifyFailure } from "../classify-failure";
import { clearLastFailedResponse, lastFailedResponse } from "../client";
import { failureMessage, type FailureCode, type FailureDetail } from "../errors";
import type { BackoffOptions, WaitInfo } from "./types";

/**
 * Faults during a sync. Retry policy (notes, "Errors ccxt throws"): retry
 * ccxt `NetworkError` subclasses with exponential backoff and jitter
 * (RateLimitExceeded, DDoSProtection, RequestTimeout, ExchangeNotAvailable /
 * OnMaintenance; InvalidNonce once); never retry AuthenticationError /
 * PermissionDenied: the key was revoked or changed, and only the user can fix
 * that. The exchange's own error code decides first (classify-failure.ts),
 * because ccxt blurs causes (KuCoin's 429000 is a plain ExchangeError, and an
 * unparseable 404 is ExchangeNotAvailable, which must not be retried).
 *
 * Messages are ours, never ccxt's or the exchange's text (which can quote
 * signed URLs): the same rule as lib/exchanges/errors.ts.
 */

export const SYNC_ERROR_CODES = ["needs-attention", "exchange-down", "rate-limited", "unsupported", "unknown"] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export interface SyncErrorInit {
  code: SyncErrorCode;
  exchangeId: ExchangeId;
  title: string;
  /** What happened, for the user. */
  message: string;
  /** What to do about it, for the user (needs-attention). */
  fix?: string;
  /** The key-wizard code behind a needs-attention stop (revoked-key, not-read-only, ...). */
  failure?: FailureCode;
  detail?: FailureDetail;
  /** Why a key is no longer read-only (from the permission report). */
  reasons?: string[];
}

export class SyncError extends Error {
  readonly code: SyncErrorCode;
  readonly exchangeId: ExchangeId;
  readonly title: string;
  readonly fix?: string;
  readonly failure?: FailureCode;
  readonly detail?: FailureDetail;
  readonly reasons?: string[];

  constructor(init: SyncErrorInit) {
    super(init.message);
    this.name = "SyncError";
    this.code = init.code;
    this.exchangeId = init.exchangeId;
    this.title = init.title;
    this.fix = init.fix;
    this.failure = init.failure;
    this.detail = init.detail;
    this.reasons = init.reasons;
  }
}

const nameOf = (id: ExchangeId) => EXCHANGE_CATALOG[id].name;

export function needsAttention(exchangeId: ExchangeId, cause: FailureCode, detail?: FailureDetail, reasons?: string[], fixText?: string): SyncError {
  const name = nameOf(exchangeId);
  if (cause === "not-read-only") {
    return new SyncError({
      code: "needs-attention",
      exchangeId,
      failure: cause,
      reasons,
      title: "Key can now do more than read",
      message: `This ${name} key has gained permissions beyond reading, so Lotwise stopped syncing and will not use it.`,
      fix: fixText ?? `Remove the trading and withdrawal permissions from the key on ${name}, or create a new read-only key and enter it here.`,
    });
  }
  // The wizard's wording says why the exchange refused the key; the fix is the same for a stored key.
  const { title, message } = failureMessage(cause, exchangeId, detail);
  return new SyncError({
    code: "needs-attention",
    exchangeId,
    failure: cause,
    detail,
    title,
    message: `${name} refused the stored key, so the sync stopped. ${message}`,
    fix: `Check the key on ${name}; if it was deleted or expired, create a new read-only key and enter it for this connection.`,
  });
}

export function exchangeDown(exchangeId: ExchangeId, attempts: number): SyncError {
  const name = nameOf(exchangeId);
  return new SyncError({
    code: "exchange-down",
    exchangeId,
    title: `${name} is unavailable`,
    message: `${name} could not be reached or was under maintenance (${attempts} attempts). Everything fetched so far is saved; the next sync continues from there.`,
  });
}

export function rateLimited(exchangeId: ExchangeId, attempts: number): SyncError {
  const name = nameOf(exchangeId);
  return new SyncError({
    code: "rate-limited",
    exchangeId,
    title: "Too many requests",
    message: `${name} kept limiting requests from this server (${attempts} attempts). Everything fetched so far is saved; the next sync continues from there.`,
  });
}

/** `notBuilt`: Lotwise has no API sync for this exchange yet (rather than the exchange refusing a call). */
export function unsupported(exchangeId: ExchangeId, reason: "not-offered" | "not-built" = "not-offered"): SyncError {
  const name = nameOf(exchangeId);
  return new SyncError({
    code: "unsupported",
    exchangeId,
    title: "Not available through the API",
    message:
      reason === "not-built"
        ? `Lotwise cannot sync ${name} through its API yet. Import ${name}'s CSV export instead.`
        : `${name} does not provide part of this history through its API. Import ${name}'s CSV export for it.`,
  });
}

export function unknownFailure(exchangeId: ExchangeId): SyncError {
  const name = nameOf(exchangeId);
  return new SyncError({
    code: "unknown",
    exchangeId,
    title: "The sync failed",
    message: `Something unexpected happened while reading your history from ${name}. Everything fetched so far is saved; try again, and if it keeps happening check the server log.`,
  });
}

type Fault =
  | { kind: "retry"; reason: WaitInfo["reason"]; maxRetries?: number }
  | { kind: "stop"; error: (attempts: number) => SyncError };

/** Decides what a failed call means. Pure apart from reading the client's last failed response. */
export function classifySyncFault(exchangeId: ExchangeId, error: unknown, client: Exchange): Fault {
  if (error instanceof SyncError) return { kind: "stop", error: () => error };
  if (error instanceof ccxt.NotSupported) return { kind: "stop", error: () => unsupported(exchangeId) };
  if (!(error instanceof ccxt.BaseError)) return { kind: "stop", error: () => unknownFailure(exchangeId) };
  const { code, detail } = classifyFailure(exchangeId, error, lastFailedResponse(client), "balance");
  switch (code) {
    case "rate-limited":
      return { kind: "retry", reason: "rate-limited" };
    case "exchange-down":
    case "timeout":
      return { kind: "retry", reason: "exchange-down" };
    case "invalid-key":
    case "revoked-key":
    case "ip-restricted":
    case "missing-read-permission":
      return { kind: "stop", error: () => needsAttention(exchangeId, code, detail) };
    case "not-read-only":
      return { kind: "stop", error: () => needsAttention(exchangeId, "not-read-only") };
    case "unknown-error":
      // A nonce clash (Kraken: another program using the key) clears on a fresh nonce: retry once.
      if (detail === "clock-skew") return { kind: "retry", reason: "exchange-down", maxRetries: 1 };
      if (detail === "account-suspended" || detail === "restricted-location") return { kind: "stop", error: () => needsAttention(exchangeId, "unknown-error", detail) };
      return { kind: "stop", error: () => unknownFailure(exchangeId) };
  }
}

export interface RetryContext {
  exchangeId: ExchangeId;
  client: Exchange;
  backoff?: BackoffOptions;
  onWait?(info: WaitInfo): void;
  signal?: AbortSignal;
  logger: Logger;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Delay before retry `attempt` (1-based): base·2^(attempt-1), capped, minus up to `jitter` of it at random. */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? 1_000;
  const cap = opts.maxMs ?? 60_000;
  const jitter = Math.min(1, Math.max(0, opts.jitter ?? 0.5));
  const raw = Math.min(cap, base * 2 ** (attempt - 1));
  return Math.round(raw * (1 - jitter * (opts.random ?? Math.random)()));
}

/** Runs one exchange call; retries transient faults, turns the rest into `SyncError`. */
export async function withRetry<T>(ctx: RetryContext, fn: () => Promise<T>): Promise<T> {
  const retries = ctx.backoff?.retries ?? 6;
  const sleep = ctx.backoff?.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    ctx.signal?.throwIfAborted();
    clearLastFailedResponse(ctx.client);
    try {
      return await fn();
    } catch (e) {
      if (ctx.signal?.aborted) throw ctx.signal.reason;
      const fault = classifySyncFault(ctx.exchangeId, e, ctx.client);
      const allowed = fault.kind === "retry" ? Math.min(retries, fault.maxRetries ?? retries) : 0;
      logFault(ctx, e, fault.kind === "retry" && attempt <= allowed ? `retrying (${fault.reason})` : "giving up", attempt);
      if (fault.kind === "stop") throw fault.error(attempt);
      if (attempt > allowed) throw fault.reason === "rate-limited" ? rateLimited(ctx.exchangeId, attempt) : exchangeDown(ctx.exchangeId, attempt);
      const retryInMs = backoffDelay(attempt, ctx.backoff);
      ctx.onWait?.({ reason: fault.reason, retryInMs, attempt });
      await sleep(retryInMs, ctx.signal);
    }
  }
}

function logFault(ctx: RetryContext, e: unknown, action: string, attempt: number): void {
  const failed = lastFailedResponse(ctx.client);
  const secrets = [ctx.client.secret, ctx.client.password, ctx.client.apiKey];
  ctx.logger.warn(
    {
      exchangeId: ctx.exchangeId,
      attempt,
      action,
      errorClass: e instanceof Error ? e.constructor.name : typeof e,
      httpStatus: failed?.status,
      // For the operator only, scrubbed: the exchange's answer can echo a signed URL.
      exchangeBody: failed ? redactSecrets(failed.body.slice(0, 300), secrets) : undefined,
    },
    "exchange sync call failed",
  );
}
