import type Decimal from "decimal.js";
import { defineImporter } from "./define";
import { utcInstant } from "./dates";
import { emitTrade } from "./trades";
import type { AssetAmount } from "./types";

interface AssetColumns {
  asset: string;
  amount: number;
  fee: number;
}

/** Per-asset columns: `BTC Amount BTC`, `Fee (BTC) BTC` (the set depends on the account). */
function assetColumns(keys: readonly string[]): AssetColumns[] {
  const out: AssetColumns[] = [];
  keys.forEach((k, i) => {
    const m = /^([a-z0-9]+) amount \1$/.exec(k);
    if (m?.[1]) out.push({ asset: m[1].toUpperCase(), amount: i, fee: keys.indexOf(`fee (${m[1]}) ${m[1]}`) });
  });
  return out;
}

/** `Date` + `Time (UTC)` as two cells: `2024-01-02` and `15:01:33.412`. */
function geminiTime(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(time);
  if (!d || !t) return null;
  const n = (s: string | undefined) => (s ? parseInt(s, 10) : 0);
  return utcInstant(n(d[1]), n(d[2]), n(d[3]), n(t[1]), n(t[2]), n(t[3]), n((t[4] ?? "").padEnd(3, "0")), 0);
}

const INCOME: [RegExp, string][] = [
  [/staking/i, "staking"],
  [/interest|earn/i, "interest"],
  [/airdrop/i, "airdrop"],
  [/reward|promo|bonus|referral|administrative credit/i, "income"],
];

/**
 * Gemini: Account → Statements/History → "Transaction History" (an XLSX; this reads its CSV
 * save). Fixed columns, then three per asset (`<A> Amount <A>`, `Fee (<A>) <A>`, `<A> Balance
 * <A>`), then trade/transfer details. Amounts and fees are signed; a save from Excel may show
 * negatives as `(1,000.00)` and money with `$`, both accepted. `Symbol` (`BTCUSD`, `ETHBTC`) is
 * split using the assets the header declares.
 */
export default defineImporter({
  id: "gemini-transactions",
  name: "transaction history",
  exchange: "Gemini",
  signature: ["date", "time (utc)", "type", "symbol", "specification"],
  columns: { date: "date", time: "time (utc)", type: "type", symbol: "symbol", spec: "specification", tradeId: { optional: "trade id" }, txHash: { optional: "tx hash" } },
  open(cols, ctx) {
    const assets = assetColumns(cols.header.keys);
    const bySymbol = new Map(assets.map((a) => [a.asset, a]));
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const date = c.required("date");
        const clock = c.required("time");
        const type = c.required("type").toLowerCase();
        const symbol = c.required("symbol").toUpperCase();
        const spec = c.text("spec");
        const time = geminiTime(date, clock);
        if (date && clock && !time) c.fail("date", `invalid date "${date} ${clock}"`);
        const read = (a: AssetColumns): { amount: Decimal | null; fee: Decimal | null } => ({
          amount: c.at(a.amount) === "" ? null : c.decimalAt(a.amount),
          fee: a.fee < 0 || c.at(a.fee) === "" ? null : c.decimalAt(a.fee),
        });
        const values = assets.map((a) => ({ asset: a.asset, ...read(a) }));
        if (c.failed || !time) return;
        const fees: AssetAmount[] = values.filter((v) => v.fee && !v.fee.isZero()).map((v) => ({ asset: v.asset, amount: v.fee as Decimal }));
        const base = { line: row.line, time, description: spec || type, txHash: c.text("txHash") || null };

        if (type === "buy" || type === "sell") {
          const moved = values.filter((v) => v.amount && !v.amount.isZero());
          const out = moved.find((v) => v.amount?.lt(0));
          const into = moved.find((v) => v.amount?.gt(0));
          const split = [...bySymbol.keys()].some((b) => symbol.startsWith(b) && bySymbol.has(symbol.slice(b.length)));
          if (!out || !into || moved.length !== 2 || !split || !symbol.includes(out.asset) || !symbol.includes(into.asset)) {
            return c.fail("symbol", `${type} of ${symbol} needs exactly one negative and one positive amount in its two assets`);
          }
          const tradeId = c.text("tradeId");
          return emitTrade(ctx, {
            ...base,
            sent: { asset: out.asset, amount: out.amount as Decimal },
            received: { asset: into.asset, amount: into.amount as Decimal },
            fees,
            externalId: tradeId ? `gemini:${tradeId}` : undefined,
          });
        }
        if (type === "credit" || type === "debit") {
          const v = values.find((x) => x.asset === symbol);
          if (!v) return c.fail("symbol", `no "${symbol} Amount ${symbol}" column for this ${type}`);
          if (!v.amount || v.amount.isZero()) return c.failAt(bySymbol.get(symbol)?.amount ?? -1, "missing amount");
          const amount = { asset: symbol, amount: v.amount };
          const fee = fees[0] ?? null;
          const label = type === "credit" ? INCOME.find(([re]) => re.test(spec))?.[1] : undefined;
          if (label) return ctx.emit({ ...base, kind: "income", label, received: amount, fee });
          if (type === "credit") return ctx.emit({ ...base, kind: "deposit", received: amount, fee });
          return ctx.emit({ ...base, kind: "withdrawal", sent: amount, fee });
        }
        c.fail("type", `unsupported Gemini transaction type "${type}"`);
      },
    };
  },
});
