import type { LedgerEntry as CcxtLedgerEntry, Trade, Transaction } from "ccxt";
import { mapLedgerEntry, mapTrade, mapTransfer, type LedgerClass, type MapContext } from "../map-ccxt";
import { descendingStream, isTimeCursor, nextTimeCursor, type Row, type TimeCursor } from "../pagers";
import { anyStream, type ExchangePlan } from "../plan";
import type { StreamContext } from "../types";

/**
 * OKX (notes, "OKX" → History). Which source for what:
 * - trades: `GET /api/v5/trade/fills-history?instType=SPOT`, newest first,
 *   100 per page, paged with `after` = the oldest bill id of the page, bounded
 *   by `begin`/`end`. OKX keeps only the last 3 months here; older fills need
 *   the "fills archive" export (CSV).
 * - deposits / withdrawals: `/api/v5/asset/deposit-history` and
 *   `/withdrawal-history` (the whole history), newest first, 100 per page,
 *   paged by timestamp: ccxt sends `before = since − 1`, and `until` becomes
 *   `after` (exclusive). Only state 2 (successful) rows become entries.
 * - ledger: funding-account bills `/api/v5/asset/bills` (ccxt fetchLedger
 *   with `method: privateGetAssetBills`), paged like deposits. Kept: type 83
 *   staking yield → income "staking"; 85/87 mining yield → "mining"; 48/72
 *   received from activities / tokens received → "airdrop". Skipped: 1/2/13
 *   deposits, withdrawals, canceled withdrawals (their own endpoints), 20/21
 *   sub-account and 75/76/80/82/89-91 savings and staking subscribe/redeem
 *   (internal moves), 61 conversions (two legs; CSV), anything else (counted
 *   in `skipped`; the balance proof shows the effect).
 */

const PAGE = 100;
const mapCtx = (ctx: StreamContext): MapContext => ({ exchangeId: ctx.exchangeId, account: ctx.account });
const isBillId = (x: unknown): x is string => typeof x === "string" && /^\d+$/.test(x);

function fills() {
  return descendingStream<string>({
    stream: "trades",
    phase: "trades",
    overlapMs: 0,
    isInner: isBillId,
    async fetch(from, to, after, ctx) {
      const trades: Trade[] = await ctx.client.fetchMyTrades(undefined, from, undefined, { until: to, ...(after ? { after } : {}) });
      const rows: Row[] = trades.map((t) => {
        const instId = (t.info as { instId?: string }).instId ?? t.symbol ?? "";
        return { id: `${instId}:${t.id ?? ""}`, time: t.timestamp ?? 0, entry: mapTrade(t, mapCtx(ctx), instId) };
      });
      if (trades.length < PAGE) return { rows, next: null };
      const billIds = trades.map((t) => BigInt((t.info as { billId?: string }).billId ?? "0"));
      const oldest = billIds.reduce((a, b) => (b < a ? b : a));
      return { rows, next: oldest.toString() };
    },
  });
}

function transfers(kind: "deposit" | "withdrawal") {
  return descendingStream<TimeCursor>({
    stream: kind === "deposit" ? "deposits" : "withdrawals",
    phase: kind === "deposit" ? "deposits" : "withdrawals",
    overlapMs: 0,
    isInner: isTimeCursor,
    async fetch(from, to, cursor, ctx) {
      // `until` is OKX's exclusive `after`: +1 keeps the bound instant itself.
      const params = { until: (cursor?.at ?? to) + 1 };
      const txs: Transaction[] = kind === "deposit" ? await ctx.client.fetchDeposits(undefined, from, PAGE, params) : await ctx.client.fetchWithdrawals(undefined, from, PAGE, params);
      const raw = txs.map((tx) => ({ id: tx.id ?? "", time: tx.timestamp ?? 0, tx }));
      const skip = new Set(cursor?.ids ?? []);
      const rows: Row[] = raw
        .filter((r) => !skip.has(r.id))
        .map(({ id, time, tx }) => {
          const out = mapTransfer(tx, kind, mapCtx(ctx));
          return { id, time, entry: "entry" in out ? out.entry : null, pending: "pending" in out };
        });
      return { rows, next: nextTimeCursor(raw, PAGE, cursor) };
    },
  });
}

const INCOME: Readonly<Record<string, LedgerClass>> = {
  "83": { kind: "income", label: "staking" },
  "85": { kind: "income", label: "mining" },
  "87": { kind: "income", label: "mining" },
  "48": { kind: "income", label: "airdrop" },
  "72": { kind: "income", label: "airdrop" },
};

function classify(row: CcxtLedgerEntry): LedgerClass {
  const type = String((row.info as { type?: unknown } | undefined)?.type ?? "");
  const cls = INCOME[type];
  if (cls && row.direction !== "out" && !String(row.amount ?? "").startsWith("-")) return cls;
  return { kind: "skip", reason: `bill type ${type}` };
}

function fundingBills() {
  return descendingStream<TimeCursor>({
    stream: "ledger",
    phase: "ledger",
    overlapMs: 0,
    isInner: isTimeCursor,
    async fetch(from, to, cursor, ctx) {
      // ccxt's fetchLedger takes no `since` here: pass OKX's own exclusive bounds.
      const rowsIn: CcxtLedgerEntry[] = await ctx.client.fetchLedger(undefined, undefined, PAGE, {
        method: "privateGetAssetBills",
        before: String(from - 1),
        after: String((cursor?.at ?? to) + 1),
      });
      const raw = rowsIn.map((r) => ({ id: r.id ?? "", time: r.timestamp ?? 0, r }));
      const skip = new Set(cursor?.ids ?? []);
      const rows: Row[] = raw.filter((x) => !skip.has(x.id)).map(({ id, time, r }) => ({ id, time, entry: mapLedgerEntry(r, classify(r), mapCtx(ctx)) }));
      return { rows, next: nextTimeCursor(raw, PAGE, cursor) };
    },
  });
}

export const okxPlan: ExchangePlan = {
  historyStart: Date.UTC(2017, 0, 1),
  streams: () => [anyStream(transfers("deposit")), anyStream(transfers("withdrawal")), anyStream(fundingBills())],
  tradeStreams: () => [anyStream(fills())],
};
