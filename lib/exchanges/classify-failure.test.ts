import ccxt from "ccxt";
import { describe, expect, it } from "vitest";
import type { ExchangeId } from "./catalog";
import { classifyFailure, type VerifyStep } from "./classify-failure";

/** Recorded error bodies (notes, per-exchange "Errors") with the class ccxt 4.5.84 throws for each. */
const ROWS: { name: string; id: ExchangeId; error: Error; status?: number; body?: string; step?: VerifyStep; want: object }[] = [
  { name: "binance -2015", id: "binance", error: new ccxt.AuthenticationError("x"), status: 401, body: '{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}', want: { code: "invalid-key", detail: "ambiguous-auth" } },
  { name: "binance bad signature", id: "binance", error: new ccxt.AuthenticationError("x"), status: 400, body: '{"code":-1022,"msg":"Signature for this request is not valid."}', want: { code: "invalid-key", detail: "wrong-secret" } },
  { name: "binance 429 is DDoSProtection", id: "binance", error: new ccxt.DDoSProtection("x"), status: 429, body: '{"code":-1003,"msg":"Too many requests"}', want: { code: "rate-limited" } },
  { name: "binance 418 ban", id: "binance", error: new ccxt.DDoSProtection("x"), status: 418, body: "", want: { code: "rate-limited" } },
  { name: "binance timestamp", id: "binance", error: new ccxt.InvalidNonce("x"), status: 400, body: '{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}', want: { code: "unknown-error", detail: "clock-skew" } },
  { name: "coinbase 401", id: "coinbase", error: new ccxt.AuthenticationError("x"), status: 401, body: "Unauthorized", want: { code: "invalid-key", detail: "ambiguous-auth" } },
  { name: "coinbase rate limit", id: "coinbase", error: new ccxt.RateLimitExceeded("x"), status: 429, body: '{"error":"rate_limit_exceeded"}', want: { code: "rate-limited" } },
  { name: "kraken invalid key", id: "kraken", error: new ccxt.AuthenticationError("x"), status: 200, body: '{"error":["EAPI:Invalid key"]}', want: { code: "invalid-key", detail: "ambiguous-auth" } },
  { name: "kraken balance denied", id: "kraken", error: new ccxt.PermissionDenied("x"), status: 200, body: '{"error":["EGeneral:Permission denied"]}', step: "balance", want: { code: "missing-read-permission" } },
  { name: "kraken lockout", id: "kraken", error: new ccxt.DDoSProtection("x"), status: 200, body: '{"error":["EGeneral:Temporary lockout"]}', want: { code: "rate-limited" } },
  { name: "kraken nonce", id: "kraken", error: new ccxt.InvalidNonce("x"), status: 200, body: '{"error":["EAPI:Invalid nonce"]}', want: { code: "unknown-error", detail: "clock-skew" } },
  { name: "okx invalid key", id: "okx", error: new ccxt.AuthenticationError("x"), status: 401, body: '{"msg":"Invalid OK-ACCESS-KEY","code":"50111"}', want: { code: "invalid-key" } },
  { name: "okx key gone", id: "okx", error: new ccxt.ExchangeError("x"), status: 401, body: '{"msg":"API key doesn\'t exist","code":"50119"}', want: { code: "revoked-key" } },
  { name: "okx IP", id: "okx", error: new ccxt.PermissionDenied("x"), status: 401, body: '{"code":"50110","msg":"Your IP 1.2.3.4 is not included in your API key\'s IP whitelist."}', want: { code: "ip-restricted" } },
  { name: "okx passphrase", id: "okx", error: new ccxt.AuthenticationError("x"), status: 401, body: '{"code":"50105","msg":"incorrect"}', want: { code: "invalid-key", detail: "wrong-passphrase" } },
  { name: "bybit expired", id: "bybit", error: new ccxt.AuthenticationError("x"), status: 401, body: '{"retCode":33004,"retMsg":"Your api key has expired."}', want: { code: "revoked-key" } },
  { name: "bybit IP", id: "bybit", error: new ccxt.PermissionDenied("x"), status: 401, body: '{"retCode":10010,"retMsg":"Unmatched IP"}', want: { code: "ip-restricted" } },
  { name: "kucoin 429000 is a plain ExchangeError", id: "kucoin", error: new ccxt.ExchangeError("x"), status: 429, body: '{"code":"429000","msg":"Too Many Requests"}', want: { code: "rate-limited" } },
  { name: "kucoin IP", id: "kucoin", error: new ccxt.AuthenticationError("x"), status: 401, body: '{"code":"400006","msg":"Invalid request ip"}', want: { code: "ip-restricted" } },
  { name: "gemini missing role", id: "gemini", error: new ccxt.AuthenticationError("x"), status: 403, body: '{"result":"error","reason":"MissingRole","message":"…"}', want: { code: "missing-read-permission" } },
  { name: "gemini maintenance", id: "gemini", error: new ccxt.OnMaintenance("x"), status: 503, body: '{"result":"error","reason":"Maintenance","message":"…"}', want: { code: "exchange-down" } },
  { name: "bitstamp IP is PermissionDenied too", id: "bitstamp", error: new ccxt.PermissionDenied("x"), status: 403, body: '{"status":"error","reason":"IP address not allowed"}', want: { code: "ip-restricted" } },
  { name: "bitstamp balance denied", id: "bitstamp", error: new ccxt.PermissionDenied("x"), status: 403, body: '{"status":"error","reason":"No permission found"}', step: "balance", want: { code: "missing-read-permission" } },
  { name: "unmapped 403 body is not 'down'", id: "okx", error: new ccxt.ExchangeNotAvailable("x"), status: 403, body: "<html>forbidden</html>", want: { code: "unknown-error" } },
  { name: "502 from a proxy", id: "binance", error: new ccxt.ExchangeNotAvailable("x"), status: 502, body: "<html>Bad Gateway</html>", want: { code: "exchange-down" } },
  { name: "connection refused", id: "kraken", error: new ccxt.NetworkError("x"), want: { code: "exchange-down" } },
  { name: "timeout beats an old body", id: "okx", error: new ccxt.RequestTimeout("x"), status: 401, body: '{"code":"50111"}', want: { code: "timeout" } },
  { name: "account suspended", id: "kraken", error: new ccxt.AccountSuspended("x"), status: 200, body: '{"error":["ETrade:User Locked"]}', want: { code: "unknown-error", detail: "account-suspended" } },
  { name: "binance 451 (restricted location)", id: "binance", error: new ccxt.ExchangeNotAvailable("x"), status: 451, body: '{"code":0,"msg":"Service unavailable from a restricted location"}', want: { code: "unknown-error", detail: "restricted-location" } },
  { name: "not a ccxt error", id: "okx", error: new TypeError("cannot read properties"), want: { code: "unknown-error" } },
];

describe("classifyFailure", () => {
  it.each(ROWS)("$name", ({ id, error, status, body, step, want }) => {
    const failed = status === undefined ? undefined : { status, body: body ?? "" };
    expect(classifyFailure(id, error, failed, step ?? "balance")).toEqual(want);
  });
});
