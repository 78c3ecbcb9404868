import type { Exchange } from "ccxt";
import type { Logger } from "pino";
import type { LedgerEntry } from "../../ledger/types";
import type { ExchangeId } from "../catalog";

/** What the sync is doing, for the progress line. */
export const SYNC_PHASES = ["markets", "trades", "deposits", "withdrawals", "ledger"] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];

export interface SyncProgress {
  phase: SyncPhase;
  /** 0-based index of the stream this page belongs to. */
  streamIndex: number;
  /**
   * Streams in this run as known now. It can grow once, when market discovery
   * (Binance, Gemini) has seen this run's deposits and ledger: the bar is
   * `streamIndex / streamCount`.
   */
  streamCount: number;
  /** Entries yielded so far in this run (all streams). */
  fetched: number;
}

/**
 * One page of history, ready to store. The caller writes `entries` and
 * `cursor` (under `stream`) in one transaction, then pulls the next page.
 */
export interface SyncPage {
  /** "trades:BTC/USDT", "trades", "deposits", "withdrawals", "ledger", "markets". */
  stream: string;
  phase: SyncPhase;
  entries: LedgerEntry[];
  /** Opaque JSON: persist it for `stream`, pass it back in `cursors` next time. */
  cursor: string;
  progress: SyncProgress;
  /** Rows the exchange returned that Lotwise deliberately did not turn into entries (internal transfers, pending transfers, unknown ledger types). */
  skipped: number;
  /**
   * Things the user should know about this stream's history, found while
   * reading it (e.g. "the key may not read Earn yield"). Persist them with the
   * run and show them with the sync result; `syncLimitations()` has the ones
   * known in advance.
   */
  notices?: string[];
}

export interface WaitInfo {
  reason: "rate-limited" | "exchange-down";
  retryInMs: number;
  /** 1 for the first retry of a call. */
  attempt: number;
}

export interface BackoffOptions {
  /** First delay (ms); doubled per retry. Default 1000. */
  baseMs?: number;
  /** Cap per delay (ms). Default 60 000. */
  maxMs?: number;
  /** Retries per call before giving up. Default 6 (about two minutes with the defaults). */
  retries?: number;
  /** Fraction of each delay that is randomised away (0 = none, 1 = "full jitter"). Default 0.5. */
  jitter?: number;
  /** Injected in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface FetchHistoryOptions {
  /** Saved cursors by stream name (from earlier pages). Missing streams start from the beginning. */
  cursors: Readonly<Record<string, string>>;
  /** `LedgerEntry.account` of every row (the connection's label). */
  account: string;
  /** Oldest history wanted; default: the exchange's launch of its API history. */
  since?: Date;
  onWait?(info: WaitInfo): void;
  signal?: AbortSignal;
  backoff?: BackoffOptions;
  /** Where retries and failures are logged (scrubbed); default the app logger. */
  logger?: Logger;
  /** Clock for the run's upper bound (tests that add rows "later"); default Date.now. */
  now?: () => number;
  /** Skip the read-only re-check (only for tests of the paging itself). */
  skipReadOnlyCheck?: boolean;
}

/** What a stream's page function gets. */
export interface StreamContext {
  client: Exchange;
  exchangeId: ExchangeId;
  account: string;
  /** Epoch ms lower bound of history (since option or the plan's default). */
  since: number;
  /** Epoch ms upper bound of this run, fixed at its start. */
  now: number;
  /** Runs one exchange call with retry/backoff and typed errors. */
  call<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * One side of a two-leg conversion: Kraken `spend`/`receive` ledger rows with
 * one refid, KuCoin "Instant Exchange" rows with one order id, Coinbase app
 * buy/sell/convert transactions in two wallets with one buy/sell/trade id.
 * Streams hand legs to the driver, which holds them in the stream's cursor
 * until the other side arrives (it may come on a later page, or a later
 * wallet) and then stores both as ONE trade row (`combineLegs`). Plain JSON:
 * held legs travel in the cursor.
 */
export interface Leg {
  /** The exchange's id of this row (a leg seen twice is held once). */
  id: string;
  /** What joins the legs; the combined row's external id is `<exchange>:convert:<key>`. */
  key: string;
  /** Epoch ms. */
  time: number;
  /** Unified currency code. */
  asset: string;
  /** Signed decimal string as the exchange printed it: negative = left the account. */
  amount: string;
  /** Charged on top of `amount` (Kraken, KuCoin ledger `fee`). */
  fee?: { asset: string; amount: string };
  /** For the combined row's description ("Kraken spend/receive", "Coinbase buy"). */
  label?: string;
}

export interface StreamPage<S> {
  entries: LedgerEntry[];
  state: S;
  /** True when the stream has caught up; `state` is then the watermark the next sync starts from. */
  done: boolean;
  skipped?: number;
  /** Conversion legs (see `Leg`): the driver pairs them into entries. */
  legs?: Leg[];
  /** See `SyncPage.notices`. */
  notices?: string[];
}

/** One paged data source ("trades:BTC/USDT", "deposits", ...), resumable from its JSON state. */
export interface StreamDef<S = unknown> {
  stream: string;
  phase: SyncPhase;
  /** State for a stream never synced before. */
  initial(ctx: StreamContext): S;
  /** Validates a saved state; undefined when unusable (the stream then starts over: rows dedupe by external id). */
  restore(saved: unknown): S | undefined;
  next(state: S, ctx: StreamContext): Promise<StreamPage<S>>;
}
