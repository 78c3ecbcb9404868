import type { Exchange, LedgerEntry as CcxtLedgerEntry, Trade, Transaction } from "ccxt";
import { incomeLabel, mapLedgerEntry, mapTrade, mapTransfer, type LedgerClass, type MapContext } from "../map-ccxt";
import { windowedStream, type Row } from "../pagers";
import { anyStream, type ExchangePlan } from "../plan";
import { dec, positive } from "../precise";
import type { Leg, StreamContext } from "../types";

/**
 * KuCoin, classic and high-frequency (HF) spot accounts. Sources: notes,
 * "KuCoin"; KuCoin's API docs (github.com/Kucoin/kucoin-api-docs,
 * source/localizable/index.html.md: "List Fills", "Get Account Ledgers",
 * "Get Deposit List", "Get Withdrawals List", "Pagination"; docs-new "Get HF
 * Filled List"); ccxt 4.5.84 ts/src/kucoin.ts. Which source for what:
 *
 * - trades, classic account: `GET /api/v1/fills` (ccxt fetchMyTrades; all
 *   symbols in one list). "If the time period of the queried data exceeds one
 *   week (… 7*24 hours), the system will prompt": 7-day windows; newest first,
 *   `currentPage`/`pageSize` ≤ 500; at most 50 000 rows per query.
 * - trades, HF account: ccxt reads `GET /api/v1/hf/accounts/opened` while
 *   loading markets (`options.hf`) and then calls `GET /api/v1/hf/fills`,
 *   where the symbol is mandatory ("Get HF Filled List"; ≤ 100 per page,
 *   `lastId` pages to older rows): one stream per market the account touched
 *   (market discovery, as on Binance), 7-day windows. The classic list is
 *   read for HF accounts too, for fills made before the upgrade (assumed, not
 *   documented: a fill is in one list or the other, so nothing is stored
 *   twice either way).
 *   Neither list has trades before 2019-02-18 (ccxt fetchMySpotTrades: "does
 *   not return trades earlier than 2019-02-18T00:00:00Z", KuCoin's V2
 *   launch): the plan's history start.
 * - deposits / withdrawals: `GET /api/v1/deposits` and `/api/v1/withdrawals`
 *   (ccxt fetchDeposits / fetchWithdrawals), newest first, `currentPage` /
 *   `pageSize` ≤ 500; "the data of the latest one month will be queried by
 *   default", so 30-day windows. Deposits have no id field: the external id
 *   is KuCoin's `walletTxId` (hash@address@index, or KuCoin's internal
 *   transfer id), which names one credit. A withdrawal's fee is charged on
 *   top of its amount.
 * - ledger: `GET /api/v1/accounts/ledgers` (ccxt fetchLedger with `hf:
 *   false`; the HF ledger `/api/v1/hf/accounts/ledgers` only reaches back 3
 *   days), newest first, `currentPage`/`pageSize` ≤ 500. "The start and end
 *   time range cannot exceed 24 hours. An error will occur…" (the error is
 *   400100 "not in the given range!", ccxt PR #27588) and "Support to obtain
 *   1 year historical data": 24-hour windows over the last 364 days only.
 *   Kept (bizType, KuCoin's BizType table):
 *     Staking Profits, Soft Staking Profits, Voting Earnings, Staking Rewards,
 *     Earn / interest credits → income "staking" / "interest";
 *     KuCoin Bonus, Rewards, Other rewards, Airdrop/Fork, Distribution,
 *     Referral Bonus, Fee Rebate, Refunded Fees → income;
 *     Instant Exchange, Convert to KCS, Convert → conversion legs joined by
 *     the context's `orderId` → one trade row `kucoin:convert:<orderId>`.
 *   Skipped: trade legs (Exchange / Trade_Exchange: the fills have them with
 *   price and fee), deposits and withdrawals (own streams), Transfer and
 *   sub-account transfers (between the user's own accounts), margin,
 *   lending and futures rows, KCS Pay Fees (the fill reports its fee in KCS).
 *   The ledger's `amount` "includes fees": an outgoing leg sends amount − fee
 *   and pays fee; an incoming leg receives amount and pays fee from it.
 * Not covered (limitations.ts): the ledger before the last 12 months, V1
 * (pre-2019) history, unified (UTA) accounts' own endpoints.
 */

const DAY = 86_400_000;
const PAGE = 500;
const HF_PAGE = 100;
const QUOTES = ["USDT", "USDC", "BTC", "ETH", "KCS", "TUSD", "DAI", "EUR", "TRX"];
/**
 * KuCoin's lists are "not real-time" (its docs say so of fills): a row can
 * appear a little after its timestamp. The next sync re-reads this far back,
 * skipping the ids it already has.
 */
const FILLS_OVERLAP = 10 * 60_000;
const LEDGER_OVERLAP = 60 * 60_000;

const mapCtx = (ctx: StreamContext): MapContext => ({ exchangeId: ctx.exchangeId, account: ctx.account });
const isPage = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 1;
const isLastId = (x: unknown): x is string => typeof x === "string" && /^\d+$/.test(x);

/** ccxt's `options.hf`, set from /api/v1/hf/accounts/opened while markets load. */
export function isHfAccount(client: Exchange): boolean {
  return (client.options as { hf?: unknown }).hf === true;
}

// ---------------------------------------------------------------------------
// Trades

function classicFills() {
  return windowedStream<number>({
    stream: "trades",
    phase: "trades",
    windowMs: 7 * DAY - 1,
    overlapMs: FILLS_OVERLAP,
    isInner: isPage,
    async fetch(from, to, page, ctx) {
      const current = page ?? 1;
      const trades: Trade[] = await ctx.client.fetchMyTrades(undefined, from, undefined, { until: to, hf: false, currentPage: current, pageSize: PAGE });
      const rows: Row[] = trades.map((t) => {
        const marketId = (t.info as { symbol?: string }).symbol ?? t.symbol ?? "";
        return { id: `${marketId}:${t.id ?? ""}`, time: t.timestamp ?? 0, entry: mapTrade(t, mapCtx(ctx), marketId) };
      });
      return { rows, next: trades.length === PAGE ? current + 1 : null };
    },
  });
}

/**
 * The HF list sends `tradeId` as a JSON number (HF docs example); past 2^53
 * JSON.parse rounds it, and neighbouring trades of a market could then share
 * one. Such a fill is named by its own row `id` (a smaller number) instead.
 */
function hfTradeId(t: Trade): string {
  const info = (t.info ?? {}) as { tradeId?: unknown; id?: unknown };
  if (typeof info.tradeId === "number" && !Number.isSafeInteger(info.tradeId) && (typeof info.id === "number" || typeof info.id === "string")) return `f${String(info.id)}`;
  return t.id ?? "";
}

function hfFills(symbol: string) {
  return windowedStream<string>({
    stream: `trades:${symbol}`,
    phase: "trades",
    windowMs: 7 * DAY - 1,
    overlapMs: FILLS_OVERLAP,
    isInner: isLastId,
    async fetch(from, to, lastId, ctx) {
      const trades: Trade[] = await ctx.client.fetchMyTrades(symbol, from, HF_PAGE, { until: to, hf: true, ...(lastId ? { lastId } : {}) });
      const marketId = ctx.client.market(symbol).id ?? symbol;
      const rows: Row[] = trades.map((t) => {
        const id = hfTradeId(t);
        return { id: `${marketId}:${id}`, time: t.timestamp ?? 0, entry: mapTrade({ ...t, id }, mapCtx(ctx), marketId) };
      });
      if (trades.length < HF_PAGE) return { rows, next: null };
      // ccxt drops the response's own lastId; it is the smallest row id of the page (rows are newest first).
      const ids = trades.map((t) => String((t.info as { id?: unknown }).id ?? "")).filter((x) => /^\d+$/.test(x));
      if (ids.length === 0) return { rows, next: null };
      const oldest = ids.map((x) => BigInt(x)).reduce((a, b) => (b < a ? b : a));
      return { rows, next: oldest.toString() };
    },
  });
}

// ---------------------------------------------------------------------------
// Deposits and withdrawals

const PENDING = new Set(["PROCESSING", "WALLET_PROCESSING", "REVIEW"]);

function transferRow(tx: Transaction, kind: "deposit" | "withdrawal", ctx: StreamContext): Row {
  const info = (tx.info ?? {}) as { walletTxId?: string; status?: string; isInner?: boolean };
  const id = kind === "deposit" ? (info.walletTxId ?? "") : (tx.id ?? "");
  const time = tx.timestamp ?? 0;
  if (info.status && PENDING.has(info.status)) return { id, time, entry: null, pending: true };
  const out = mapTransfer(tx, kind, mapCtx(ctx), id);
  if ("entry" in out && info.isInner) out.entry.txHash = null;
  return { id, time, entry: "entry" in out ? out.entry : null, pending: "pending" in out };
}

function transfers(kind: "deposit" | "withdrawal") {
  return windowedStream<number>({
    stream: kind === "deposit" ? "deposits" : "withdrawals",
    phase: kind === "deposit" ? "deposits" : "withdrawals",
    windowMs: 30 * DAY - 1,
    // A deposit is listed at its creation time and credited later: re-read a day.
    overlapMs: DAY,
    isInner: isPage,
    async fetch(from, to, page, ctx) {
      const current = page ?? 1;
      const params = { until: to, currentPage: current };
      const txs: Transaction[] = kind === "deposit" ? await ctx.client.fetchDeposits(undefined, from, PAGE, params) : await ctx.client.fetchWithdrawals(undefined, from, PAGE, params);
      return { rows: txs.map((tx) => transferRow(tx, kind, ctx)), next: txs.length === PAGE ? current + 1 : null };
    },
  });
}

// ---------------------------------------------------------------------------
// Ledger

/** bizType → what the row is; KuCoin prints names ("Staking Profits") or codes ("KUCOIN_BONUS"): compared lowercased, letters only. */
const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, "");
const CONVERSIONS = new Set(["instantexchange", "converttokcs", "convert", "flashexchange"]);
const INCOME: Readonly<Record<string, LedgerClass>> = {
  stakingprofits: { kind: "income", label: "staking" },
  softstakingprofits: { kind: "income", label: "staking" },
  stakingrewards: { kind: "income", label: "staking" },
  votingearnings: { kind: "income", label: "staking" },
  kucoinbonus: { kind: "income", label: "income" },
  rewards: { kind: "income", label: "airdrop" },
  otherrewards: { kind: "income", label: "airdrop" },
  airdropfork: { kind: "income", label: "airdrop" },
  distribution: { kind: "income", label: "airdrop" },
  referralbonus: { kind: "income", label: "income" },
  feerebate: { kind: "income", label: "income" },
  refundedfees: { kind: "income", label: "income" },
};

function classify(bizType: string, incoming: boolean): LedgerClass | "conversion" {
  const key = norm(bizType);
  if (CONVERSIONS.has(key)) return "conversion";
  const cls = INCOME[key] ?? (/earn|interest|savings/.test(key) ? ({ kind: "income", label: incomeLabel(bizType) } as const) : undefined);
  if (cls && incoming) return cls;
  return { kind: "skip", reason: bizType || "unknown" };
}

/** `context` is a JSON string; the HF docs show it with single quotes. */
function contextOf(raw: unknown): Record<string, unknown> {
  if (typeof raw !== "string" || raw.trim() === "") return {};
  for (const text of [raw, raw.replace(/'/g, '"')]) {
    try {
      const v: unknown = JSON.parse(text);
      if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // try the next spelling
    }
  }
  return {};
}

function legOf(r: CcxtLedgerEntry): Leg | null {
  const info = (r.info ?? {}) as { bizType?: string; context?: unknown };
  const orderId = contextOf(info.context).orderId;
  const amount = dec(r.amount)?.abs();
  if (!r.id || !r.currency || r.timestamp === undefined || typeof orderId !== "string" || orderId === "" || !amount) return null;
  const fee = positive(r.fee?.cost);
  const out = r.direction === "out";
  // "amount … (fees included)": what left is amount − fee, and the fee went with it.
  const moved = out && fee ? amount.minus(fee) : amount;
  return {
    id: r.id,
    key: orderId,
    time: r.timestamp,
    asset: r.currency,
    amount: `${out ? "-" : ""}${moved.toFixed()}`,
    ...(fee ? { fee: { asset: r.currency, amount: fee.toFixed() } } : {}),
    label: `KuCoin ${info.bizType ?? "conversion"}`,
  };
}

function ledgerRow(r: CcxtLedgerEntry, ctx: StreamContext): Row {
  const id = r.id ?? "";
  const time = r.timestamp ?? 0;
  const bizType = String((r.info as { bizType?: unknown } | undefined)?.bizType ?? "");
  const cls = classify(bizType, r.direction === "in");
  if (cls === "conversion") {
    const leg = legOf(r);
    return leg ? { id, time, entry: null, leg } : { id, time, entry: null };
  }
  const e = mapLedgerEntry(r, cls, mapCtx(ctx));
  if (e) e.description = bizType || e.description;
  return { id, time, entry: e };
}

function accountLedgers() {
  return windowedStream<number>({
    stream: "ledger",
    phase: "ledger",
    windowMs: DAY - 1,
    overlapMs: LEDGER_OVERLAP,
    isInner: isPage,
    async fetch(from, to, page, ctx) {
      // KuCoin keeps one year of ledger; older windows would only answer errors or nothing.
      if (to < ctx.now - 364 * DAY) return { rows: [], next: null };
      const current = page ?? 1;
      const items: CcxtLedgerEntry[] = await ctx.client.fetchLedger(undefined, from, PAGE, { until: to, hf: false, currentPage: current });
      return { rows: items.map((r) => ledgerRow(r, ctx)), next: items.length === PAGE ? current + 1 : null };
    },
  });
}

export const kucoinPlan: ExchangePlan = {
  historyStart: Date.UTC(2019, 1, 18),
  streams: () => [anyStream(transfers("deposit")), anyStream(transfers("withdrawal")), anyStream(accountLedgers())],
  // Classic accounts list every market's fills at once; an HF account's need a symbol per call (plus the
  // classic list for fills from before its upgrade).
  tradeStreams: (ctx, symbols) => [anyStream(classicFills()), ...(isHfAccount(ctx.client) ? (symbols ?? []).map((s) => anyStream(hfFills(s))) : [])],
  discoverMarkets: { quotes: QUOTES },
};
