import type { Exchange } from "ccxt";
import type { Logger } from "pino";
import { log as defaultLog, redactSecrets } from "../log";
import { EXCHANGE_CATALOG, type ExchangeId } from "./catalog";
import { classifyFailure, type Classified, type VerifyStep } from "./classify-failure";
import { clearLastFailedResponse, createExchangeClient, lastFailedResponse, type ClientOptions, type ExchangeCredentials } from "./client";
import { failureMessage, type FailureCode, type FailureDetail } from "./errors";
import { PERMISSION_CHECKS } from "./permissions";

/**
 * The key wizard's check, server side: (1) a balance read proves the key
 * authenticates and can read; (2) the exchange's permission report (or, where
 * none exists, side-effect-free probes) proves it can do nothing else.
 * Every failure becomes a typed outcome with our own message; no ccxt or
 * exchange text, which can quote URLs and signed bodies, reaches the result.
 */

export interface VerifyOptions extends ClientOptions {
  /** Where failures are logged (class, status, exchange code; never the secret). Defaults to the app logger. */
  logger?: Logger;
}

export type VerifyOutcome =
  | {
      ok: true;
      code: "read-only";
      exchangeId: ExchangeId;
      /** How read-only was established ("report" or "probe"), and the sentence to show. */
      method: "report" | "probe";
      checkedBy: string;
      description: string;
    }
  | {
      ok: false;
      code: "not-read-only";
      exchangeId: ExchangeId;
      title: string;
      message: string;
      reasons: string[];
      fix: string;
      checkedBy: string;
    }
  | {
      ok: false;
      code: Exclude<FailureCode, "not-read-only">;
      exchangeId: ExchangeId;
      title: string;
      message: string;
      detail?: FailureDetail;
      /** Set when the exchange's answer fits several codes (e.g. Binance -2015). */
      possibleCauses?: FailureCode[];
      /** Which call failed, for the server log. */
      step?: VerifyStep;
    };

type FailureOutcome = Extract<VerifyOutcome, { ok: false; code: Exclude<FailureCode, "not-read-only"> }>;

export async function verifyReadOnly(exchangeId: ExchangeId, creds: ExchangeCredentials, opts: VerifyOptions = {}): Promise<VerifyOutcome> {
  const precheck = checkCredentialShape(exchangeId, creds);
  if (precheck) return fail(exchangeId, precheck);

  let ex: Exchange;
  try {
    ex = createExchangeClient(exchangeId, creds, opts);
  } catch {
    return fail(exchangeId, { code: "unknown-error" });
  }

  const ctx: StepContext = { ex, exchangeId, logger: opts.logger ?? defaultLog, secrets: [creds.secret, creds.password, creds.apiKey] };
  const balance = await step(ctx, "balance", () => ex.fetchBalance());
  if (!balance.ok) return balance.outcome;

  const check = PERMISSION_CHECKS[exchangeId];
  const report = await step(ctx, "permissions", () => check.fetchReport(ex));
  if (!report.ok) return report.outcome;

  const assessment = check.assessPermissions(report.value);
  const entry = EXCHANGE_CATALOG[exchangeId];
  if (assessment.readOnly) {
    return { ok: true, code: "read-only", exchangeId, method: entry.readOnlyCheck.method, checkedBy: assessment.checkedBy, description: entry.readOnlyCheck.description };
  }
  const { title, message } = failureMessage("not-read-only", exchangeId);
  return { ok: false, code: "not-read-only", exchangeId, title, message, reasons: assessment.reasons, fix: assessment.fix, checkedBy: assessment.checkedBy };
}

interface StepContext {
  ex: Exchange;
  exchangeId: ExchangeId;
  logger: Logger;
  /** Scrubbed from anything logged. */
  secrets: (string | undefined)[];
}

async function step<T>(ctx: StepContext, name: VerifyStep, call: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; outcome: FailureOutcome }> {
  const { ex, exchangeId } = ctx;
  clearLastFailedResponse(ex);
  try {
    return { ok: true, value: await call() };
  } catch (e) {
    const failed = lastFailedResponse(ex);
    const classified = classifyFailure(exchangeId, e, failed, name);
    // For the operator: the class, the HTTP status and a scrubbed excerpt of the exchange's answer.
    ctx.logger.warn(
      {
        exchangeId,
        step: name,
        outcome: classified.code,
        detail: classified.detail,
        errorClass: e instanceof Error ? e.constructor.name : typeof e,
        httpStatus: failed?.status,
        exchangeBody: failed ? redactSecrets(failed.body.slice(0, 300), ctx.secrets) : undefined,
        error: classified.code === "unknown-error" && e instanceof Error ? redactSecrets(e.message.slice(0, 300), ctx.secrets) : undefined,
      },
      "exchange key verification failed",
    );
    return { ok: false, outcome: { ...fail(exchangeId, classified), step: name } };
  }
}

function fail(exchangeId: ExchangeId, { code, detail }: Classified): FailureOutcome {
  // not-read-only is only produced from an assessment, never from an error.
  const failureCode = code === "not-read-only" ? "unknown-error" : code;
  const { title, message } = failureMessage(failureCode, exchangeId, detail);
  const outcome: FailureOutcome = { ok: false, code: failureCode, exchangeId, title, message };
  if (detail) outcome.detail = detail;
  if (detail === "ambiguous-auth") outcome.possibleCauses = ["invalid-key", "revoked-key", "ip-restricted"];
  return outcome;
}

/** Cheap checks that save a round trip and give a precise message. */
function checkCredentialShape(exchangeId: ExchangeId, creds: ExchangeCredentials): Classified | undefined {
  const apiKey = creds.apiKey.trim();
  const secret = creds.secret.trim();
  if (apiKey === "" || secret === "") return { code: "invalid-key" };
  if (EXCHANGE_CATALOG[exchangeId].needsPassphrase && !creds.password?.trim()) return { code: "invalid-key", detail: "missing-passphrase" };
  // ccxt refuses Gemini master keys before sending anything (notes, "Gemini").
  if (exchangeId === "gemini" && !apiKey.includes("account")) return { code: "invalid-key", detail: "gemini-master-key" };
  // CDP keys: the name goes in the key field, the private key in the secret field (notes, "Coinbase"):
  // an EC PEM, or the base64 Ed25519 form ccxt also signs with.
  const coinbaseSecret = secret.startsWith("-----BEGIN") || /^[A-Za-z0-9+/]{86}==$/.test(secret);
  if (exchangeId === "coinbase" && (apiKey.startsWith("-----BEGIN") || !coinbaseSecret)) {
    return { code: "invalid-key", detail: "key-format" };
  }
  return undefined;
}
