import type { Account, LedgerEntry as CcxtLedgerEntry, Trade } from "ccxt";
import { mapLedgerEntry, mapTrade, type LedgerClass, type MapContext } from "../map-ccxt";
import { descendingStream, type Row } from "../pagers";
import { anyStream, type ExchangePlan } from "../plan";
import { dec } from "../precise";
import type { Leg, StreamContext, StreamDef, StreamPage } from "../types";

/**
 * Coinbase (notes, "Coinbase" → History). Which source for what:
 * - trades: Advanced Trade fills `GET /api/v3/brokerage/orders/historical/fills`
 *   (all products in one list, newest first, `cursor` paging, bounded by
 *   start/end_sequence_timestamp).
 * - deposits, withdrawals and income: the Coinbase App v2 transactions of
 *   each account (`GET /v2/accounts/{id}/transactions`, found through
 *   fetchAccounts): one pass over every wallet, oldest first
 *   (`order=asc&starting_after=<last id>`), so each wallet's watermark is
 *   simply its last transaction id. `send` in → deposit, out → withdrawal
 *   (with the network hash and fee); `fiat_deposit`/`fiat_withdrawal` →
 *   deposit/withdrawal; `staking_reward`/`inflation_reward` → income
 *   "staking"; `interest` → income "interest".
 *   Skipped: `advanced_trade_fill` (the fills stream has them with price and
 *   fee).
 * - app buys, sells and converts: `buy` / `sell` / `trade` transactions (ccxt
 *   coinbase.ts parseLedgerEntry examples: a `buy` in the ETH wallet "Using
 *   EUR Wallet", with `buy: { id, resource: "buy" }`). Each sits in both
 *   wallets it touches (crypto in, cash out for a buy; the reverse for a
 *   sell; one crypto out, another in for a convert), and both transactions
 *   point to the same buy / sell / trade resource id. They are handed to the
 *   driver as conversion legs keyed by that id, and stored as ONE buy / sell
 *   / trade row `coinbase:convert:<id>` once the second wallet has been read.
 *   The wallet legs carry no fee field: Coinbase's spread and fee are inside
 *   the amounts (what left the cash wallet, what arrived in the crypto one).
 *   A buy paid by card or bank has no cash-wallet leg and stays waiting
 *   (limitations.ts: import the Coinbase CSV for those; the balance proof
 *   shows the coin).
 */

const FILLS_PAGE = 250;
const CONVERSION_TYPES = new Set(["buy", "sell", "trade"]);
const FAILED = new Set(["canceled", "cancelled", "failed", "expired"]);

/** An app buy / sell / convert transaction as one leg, keyed by the buy / sell / trade resource it belongs to. */
function legOf(row: CcxtLedgerEntry): Leg | null {
  const info = (row.info ?? {}) as Record<string, unknown> & { type?: string; amount?: { amount?: string } };
  const type = info.type ?? "";
  const resource = info[type] as { id?: unknown } | undefined;
  const amount = dec(info.amount?.amount);
  if (!CONVERSION_TYPES.has(type) || typeof resource?.id !== "string" || !row.id || !row.currency || row.timestamp === undefined || !amount || amount.isZero()) return null;
  return { id: row.id, key: resource.id, time: row.timestamp, asset: row.currency, amount: amount.toFixed(), label: `Coinbase ${type}` };
}
const TX_PAGE = 100;
const mapCtx = (ctx: StreamContext): MapContext => ({ exchangeId: ctx.exchangeId, account: ctx.account });

function fills() {
  return descendingStream<string>({
    stream: "trades",
    phase: "trades",
    overlapMs: 0,
    isInner: (x): x is string => typeof x === "string" && x.length > 0,
    async fetch(from, to, cursor, ctx) {
      const trades: Trade[] = await ctx.client.fetchMyTrades(undefined, from, FILLS_PAGE, { until: to, ...(cursor ? { cursor } : {}) });
      const rows: Row[] = trades.map((t) => {
        const productId = (t.info as { product_id?: string }).product_id ?? t.symbol ?? "";
        return { id: `${productId}:${t.id ?? ""}`, time: t.timestamp ?? 0, entry: mapTrade(t, mapCtx(ctx), productId) };
      });
      // ccxt moves the response's `cursor` onto the first raw fill's info.
      const next = trades.map((t) => (t.info as { cursor?: string }).cursor).find((c) => typeof c === "string" && c !== "");
      return { rows, next: trades.length === FILLS_PAGE && next ? next : null };
    },
  });
}

function classify(row: CcxtLedgerEntry): LedgerClass {
  const type = String((row.info as { type?: unknown } | undefined)?.type ?? "");
  const incoming = row.direction === "in";
  switch (type) {
    case "send":
      return incoming ? { kind: "deposit" } : { kind: "withdrawal" };
    case "fiat_deposit":
      return { kind: "deposit" };
    case "fiat_withdrawal":
      return { kind: "withdrawal" };
    case "staking_reward":
    case "inflation_reward":
      return incoming ? { kind: "income", label: "staking" } : { kind: "skip", reason: type };
    case "interest":
      return incoming ? { kind: "income", label: "interest" } : { kind: "skip", reason: type };
    case "buy":
    case "sell":
    case "trade":
      return { kind: "skip", reason: "conversion leg" };
    default:
      return { kind: "skip", reason: type || "unknown" };
  }
}

interface Wallet {
  id: string;
  code: string;
}

interface LedgerState {
  /** Last transaction id taken per wallet id. */
  after: Record<string, string>;
  /** Wallets still to read in the pass in progress (first = current); null between passes. */
  pass: Wallet[] | null;
}

function isLedgerState(x: unknown): x is LedgerState {
  if (typeof x !== "object" || x === null) return false;
  const s = x as LedgerState;
  const walletsOk = s.pass === null || (Array.isArray(s.pass) && s.pass.every((w) => typeof w?.id === "string" && typeof w?.code === "string"));
  return typeof s.after === "object" && s.after !== null && Object.values(s.after).every((v) => typeof v === "string") && walletsOk;
}

async function listWallets(ctx: StreamContext): Promise<Wallet[]> {
  const wallets: Wallet[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page: Account[] = await ctx.call(() => ctx.client.fetchAccounts(cursor ? { cursor } : {}));
    for (const a of page) if (a.id && a.code) wallets.push({ id: a.id, code: a.code });
    cursor = (page.at(-1)?.info as { cursor?: string } | undefined)?.cursor;
    if (!cursor) break;
  }
  return wallets.sort((a, b) => a.code.localeCompare(b.code) || a.id.localeCompare(b.id));
}

function walletTransactions(): StreamDef<LedgerState> {
  return {
    stream: "ledger",
    phase: "ledger",
    initial: () => ({ after: {}, pass: null }),
    restore: (s) => (isLedgerState(s) ? s : undefined),
    async next(state, ctx): Promise<StreamPage<LedgerState>> {
      const pass = state.pass ?? (await listWallets(ctx));
      const wallet = pass[0];
      if (!wallet) return { entries: [], state: { after: state.after, pass: null }, done: true };
      const after = state.after[wallet.id];
      const rows: CcxtLedgerEntry[] = await ctx.call(() =>
        // No currency code: ccxt would insist on knowing it (delisted coins are not), and account_id already names the wallet.
        ctx.client.fetchLedger(undefined, undefined, TX_PAGE, { account_id: wallet.id, order: "asc", ...(after ? { starting_after: after } : {}) }),
      );
      const entries = [];
      const legs: Leg[] = [];
      let skipped = 0;
      for (const r of rows) {
        const status = (r.info as { status?: string } | undefined)?.status ?? "";
        const leg = legOf(r);
        if (leg) {
          // A canceled or failed buy moved nothing; its other leg (if any) says the same.
          if (FAILED.has(status)) {
            skipped++;
            continue;
          }
          if (leg.time >= ctx.since) legs.push(leg);
          else skipped++;
          continue;
        }
        const e = mapLedgerEntry(r, classify(r), mapCtx(ctx));
        if (!e || e.time.getTime() < ctx.since) {
          skipped++;
          continue;
        }
        const hash = (r.info as { network?: { hash?: string } } | undefined)?.network?.hash;
        if (hash) e.txHash = hash;
        entries.push(e);
      }
      // The API's own continuation id sits on the last row's info; otherwise the last row (oldest-first order) is the watermark.
      const last = rows.at(-1);
      const lastId = (last?.info as { next_starting_after?: string } | undefined)?.next_starting_after ?? last?.id ?? after;
      const nextAfter = lastId ? { ...state.after, [wallet.id]: lastId } : state.after;
      const rest = rows.length < TX_PAGE ? pass.slice(1) : pass;
      return { entries, legs, skipped, state: { after: nextAfter, pass: rest.length > 0 ? rest : null }, done: rest.length === 0 };
    },
  };
}

export const coinbasePlan: ExchangePlan = {
  historyStart: Date.UTC(2012, 0, 1),
  streams: () => [anyStream(walletTransactions())],
  tradeStreams: () => [anyStream(fills())],
};
