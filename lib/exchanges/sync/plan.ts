import type { StreamContext, StreamDef } from "./types";

/**
 * How one exchange's history is read: which streams, in which order, and
 * whether trades need a symbol per call (then the driver discovers the
 * markets the account touched before the trade streams run).
 *
 * Order for every exchange: deposits, withdrawals, ledger, then trades, so
 * that assets first seen in this run's deposits or ledger are known to market
 * discovery before the trade streams are chosen.
 */
export interface ExchangePlan {
  /** Default lower bound of history (epoch ms) when the caller gives no `since`. */
  historyStart: number;
  /** Non-trade streams, in order. */
  streams(ctx: StreamContext): Promise<StreamDef<unknown>[]> | StreamDef<unknown>[];
  /**
   * Trade streams. `symbols` is set when `discoverMarkets` is: one stream per
   * symbol (`trades:<symbol>`); otherwise null and a plan returns one stream
   * over all markets.
   */
  tradeStreams(ctx: StreamContext, symbols: readonly string[] | null): StreamDef<unknown>[];
  /** Set for exchanges whose trade history needs a symbol per call (Binance, Gemini). */
  discoverMarkets?: {
    /** Quote currencies paired with every asset the account touched. */
    quotes: readonly string[];
  };
}

/** Erases a stream's state type for the plan's list (states are opaque JSON to the driver). */
export function anyStream<S>(def: StreamDef<S>): StreamDef<unknown> {
  return def as unknown as StreamDef<unknown>;
}
