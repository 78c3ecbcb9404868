import type { gemini as Gemini, Trade, Transaction } from "ccxt";
import { ledgerEntry } from "../../../ledger/types";
import { externalId, mapTrade, mapTransfer, type MapContext } from "../map-ccxt";
import { timeAscendingStream, type Row } from "../pagers";
import { anyStream, type ExchangePlan } from "../plan";
import { positive } from "../precise";
import type { StreamContext } from "../types";

/**
 * Gemini (notes, "Gemini" → History). Which source for what:
 * - trades: `POST /v1/mytrades` per symbol (a symbol is required, so markets
 *   are discovered as on Binance), `timestamp` = on or after (ccxt sends
 *   seconds), ≤ 500 per request: the oldest trades after the watermark.
 * - deposits and withdrawals: `POST /v1/transfers` (fetchDepositsWithdrawals;
 *   ccxt has no separate calls), `timestamp` in ms, ≤ 50 per request; one
 *   stream "transfers" in the deposits phase.
 * - staking rewards: `POST /v1/staking/history` (ccxt implicit
 *   privatePostV1StakingHistory; Gemini "List Staking Event History": the
 *   Auditor role may read it) with `interestOnly: true` ("only return daily
 *   interest transactions") and `sortAsc: true`, `since` in ms (inclusive),
 *   `limit` ≤ 500; the answer is grouped per staking provider. Each Interest
 *   transaction → income "staking", external id
 *   `gemini:income:<transactionId>`. Amounts are JSON numbers here (the only
 *   Gemini list that sends them so); `dec` reads their printed digits.
 *   Deposits into and redemptions from staking move funds between the user's
 *   own Gemini balances and are not asked for; the balance proof adds the
 *   staking balances (`/v1/balances/staking`) to the exchange ones.
 * Not in the API sync: Gemini Earn interest (the program ended in November
 *   2022; limitations.ts).
 */

const TRADES_PAGE = 500;
const TRANSFERS_PAGE = 50;
const STAKING_PAGE = 500;
const QUOTES = ["USD", "BTC", "ETH", "EUR", "GBP", "SGD", "DAI", "USDT", "GUSD", "USDC"];
const mapCtx = (ctx: StreamContext): MapContext => ({ exchangeId: ctx.exchangeId, account: ctx.account });

function myTrades(symbol: string) {
  return timeAscendingStream({
    stream: `trades:${symbol}`,
    phase: "trades",
    pageSize: TRADES_PAGE,
    async fetch(since, ctx) {
      const trades: Trade[] = await ctx.client.fetchMyTrades(symbol, since, TRADES_PAGE);
      const marketId = ctx.client.market(symbol).id ?? symbol;
      return trades.map((t): Row => ({ id: t.id ?? "", time: t.timestamp ?? 0, entry: mapTrade(t, mapCtx(ctx), marketId) }));
    },
  });
}

function transfers() {
  return timeAscendingStream({
    stream: "transfers",
    phase: "deposits",
    pageSize: TRANSFERS_PAGE,
    async fetch(since, ctx) {
      const txs: Transaction[] = await ctx.client.fetchDepositsWithdrawals(undefined, since, TRANSFERS_PAGE);
      return txs.map((tx): Row => {
        const kind = tx.type === "withdrawal" ? "withdrawal" : "deposit";
        const out = mapTransfer(tx, kind, mapCtx(ctx));
        return { id: `${kind}:${tx.id ?? ""}`, time: tx.timestamp ?? 0, entry: "entry" in out ? out.entry : null, pending: "pending" in out };
      });
    },
  });
}

interface StakingTransaction {
  transactionId?: string;
  transactionType?: string;
  amountCurrency?: string;
  amount?: number | string;
  priceCurrency?: string;
  priceAmount?: number | string;
  dateTime?: number | string;
}

/** Gemini's TimestampType: ms (or s) as a number or a digit string. A timestamp, not money. */
function epochMs(v: number | string | undefined): number {
  const n = typeof v === "number" ? v : Number.parseInt(v ?? "", 10);
  if (!Number.isFinite(n)) return 0;
  return n < 1e11 ? n * 1000 : n;
}

function stakingRewards() {
  return timeAscendingStream({
    stream: "staking",
    phase: "ledger",
    pageSize: STAKING_PAGE,
    async fetch(since, ctx) {
      const groups = (await (ctx.client as Gemini).privatePostV1StakingHistory({ since, limit: STAKING_PAGE, interestOnly: true, sortAsc: true })) as { transactions?: StakingTransaction[] }[];
      const txs = groups.flatMap((g) => g.transactions ?? []);
      return txs.map((t): Row => {
        const id = t.transactionId ?? "";
        const time = epochMs(t.dateTime);
        const amount = positive(t.amount);
        if (!id || t.transactionType !== "Interest" || !t.amountCurrency || !amount) return { id, time, entry: null };
        const asset = ctx.client.safeCurrencyCode(t.amountCurrency) ?? t.amountCurrency.toUpperCase();
        const price = positive(t.priceAmount);
        const fiat = t.priceCurrency?.toUpperCase();
        return {
          id,
          time,
          entry: ledgerEntry({
            externalId: externalId(ctx.exchangeId, "income", id),
            time: new Date(time),
            account: ctx.account,
            kind: "income",
            receivedAsset: asset,
            receivedAmount: amount,
            label: "staking",
            // priceAmount is the token's market price at the reward (Gemini's schema), so the value is amount × price.
            ...(price && fiat ? { fiatValue: amount.mul(price), fiatCurrency: fiat } : {}),
            description: "Gemini Staking interest",
          }),
        };
      });
    },
  });
}

export const geminiPlan: ExchangePlan = {
  historyStart: Date.UTC(2015, 9, 1),
  streams: () => [anyStream(transfers()), anyStream(stakingRewards())],
  tradeStreams: (_ctx, symbols) => (symbols ?? []).map((s) => anyStream(myTrades(s))),
  discoverMarkets: { quotes: QUOTES },
};
