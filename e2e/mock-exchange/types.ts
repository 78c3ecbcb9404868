import type { IncomingHttpHeaders } from "node:http";
import type { MockDataset } from "./dataset";
import type { Grants, MockExchangeId, Scenario } from "./keys";

export interface MockRequest {
  method: string;
  /** Path after the `/<exchange>` prefix, without the query string. */
  path: string;
  /** Path and query after the prefix, exactly as received. */
  pathWithQuery: string;
  /** The URL as the client built it (`http://host:port/<exchange>/...`): Bitstamp and Coinbase sign it. */
  fullUrl: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface MockReply {
  status: number;
  /** Objects are sent as JSON, strings as text. */
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  req: MockRequest;
  apiKey: string;
  scenario: Scenario;
  grants: Grants;
  dataset: MockDataset;
}

interface RouteBase {
  method: "GET" | "POST" | "DELETE";
  /** Exact path, or a pattern for parameterised paths. */
  path: string | RegExp;
  /** Logged with each request: "ohlcv" for public candle routes, "history" for account history. */
  category?: "ohlcv" | "history";
}
export interface PublicRoute extends RouteBase {
  auth: "public";
  handle(req: MockRequest): MockReply;
}
export interface PrivateRoute extends RouteBase {
  auth: "private";
  handle(ctx: RouteContext): MockReply;
}
export type Route = PublicRoute | PrivateRoute;

/** The exchange's own error replies, as ccxt 4.5.84 parses them (notes: per-exchange "Errors"). */
export interface ErrorReplies {
  invalidKey(): MockReply;
  revokedKey(): MockReply;
  ipBlocked(): MockReply;
  rateLimited(): MockReply;
  down(): MockReply;
  notFound(req: MockRequest): MockReply;
}

export interface ExchangeMock {
  id: MockExchangeId;
  routes: readonly Route[];
  /** The API key a private request claims, before any check; undefined when the auth headers are missing. */
  apiKeyOf(req: MockRequest): string | undefined;
  /** Checks the signature (and passphrase) against the key's derived secret; returns the exchange's error reply on mismatch. */
  verify(req: MockRequest, apiKey: string): MockReply | undefined;
  errors: ErrorReplies;
}

export function json(body: unknown, status = 200, headers?: Record<string, string>): MockReply {
  return { status, body, headers };
}
