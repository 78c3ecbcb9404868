import type { MockDataset, MockReward, MockTrade, MockTransfer } from "../dataset";
import { MARKET_ID, MOCK_MARKETS } from "../history-ids";

/** Shared helpers for the mocks' history routes. */

export function splitSymbol(symbol: string): [string, string] {
  return symbol.split("/") as [string, string];
}

/** Unified symbol of an exchange market id, among the mock's markets. */
export function symbolOf(exchange: keyof typeof MARKET_ID, marketId: string | null | undefined): string | undefined {
  if (!marketId) return undefined;
  return MOCK_MARKETS.find((s) => MARKET_ID[exchange](s) === marketId);
}

export interface HistoryLists {
  trades: readonly MockTrade[];
  deposits: readonly MockTransfer[];
  withdrawals: readonly MockTransfer[];
  rewards: readonly MockReward[];
}

export function history(ds: MockDataset): HistoryLists {
  return { trades: ds.trades ?? [], deposits: ds.deposits ?? [], withdrawals: ds.withdrawals ?? [], rewards: ds.rewards ?? [] };
}

/** An optional integer parameter; NaN when present but malformed (the route answers the exchange's error). */
export function intParam(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  return /^-?\d+$/.test(value) ? Number.parseInt(value, 10) : Number.NaN;
}

/** Seconds with up to 4 decimals (Kraken) or an ISO-like second/ms string, from epoch ms. */
export function isoMs(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** "2024-01-02 03:04:05" (UTC), the format of Binance's applyTime and Bitstamp's datetime. */
export function sqlTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "");
}

/** Rows newest first, as most history endpoints list them. */
export function newestFirst<T extends { time: number; id: number }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => b.time - a.time || b.id - a.id);
}

export function oldestFirst<T extends { time: number; id: number }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => a.time - b.time || a.id - b.id);
}
