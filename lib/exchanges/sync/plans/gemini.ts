import type { Trade, Transaction } from "ccxt";
import { mapTrade, mapTransfer, type MapContext } from "../map-ccxt";
import { timeAscendingStream, type Row } from "../pagers";
import { anyStream, type ExchangePlan } from "../plan";
import type { StreamContext } from "../types";

/**
 * Gemini (notes, "Gemini" → History). Which source for what:
 * - trades: `POST /v1/mytrades` per symbol (a symbol is required, so markets
 *   are discovered as on Binance), `timestamp` = on or after (ccxt sends
 *   seconds), ≤ 500 per request: the oldest trades after the watermark.
 * - deposits and withdrawals: `POST /v1/transfers` (fetchDepositsWithdrawals;
 *   ccxt has no separate calls), `timestamp` in ms, ≤ 50 per request; one
 *   stream "transfers" in the deposits phase.
 * - ledger: none. Staking and Earn payouts are not exposed by ccxt's Gemini
 *   API: import Gemini's transaction history CSV for those (the balance proof
 *   shows them as a difference until then).
 */

const TRADES_PAGE = 500;
const TRANSFERS_PAGE = 50;
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

export const geminiPlan: ExchangePlan = {
  historyStart: Date.UTC(2015, 9, 1),
  streams: () => [anyStream(transfers())],
  tradeStreams: (_ctx, symbols) => (symbols ?? []).map((s) => anyStream(myTrades(s))),
  discoverMarkets: { quotes: QUOTES },
};
