import type Decimal from "decimal.js";
import { Dec, ZERO } from "./amounts";
import { cryptocomKind } from "./cryptocom-kinds";
import { defineImporter } from "./define";
import { parseDateTime } from "./dates";
import { emitTrade } from "./trades";
import type { AssetAmount, ImportContext } from "./types";

interface Held {
  line: number;
  time: Date;
  coin: AssetAmount;
  native: Decimal;
  fiat: { amount: Decimal; currency: string } | null;
  description: string;
}

/**
 * `*_credited` + `*_debited` rows of one second form a trade (MCO→CRO swaps, dust conversions
 * of several coins into CRO). With several debited coins the credited amount is split in
 * proportion to their native value, as rotki does; the last share takes the remainder so the
 * credited total stays exact. Zero native values (dust) split evenly.
 */
function emitPairs(ctx: ImportContext, credited: Held[], debited: Held[], key: string): void {
  const [credit] = credited;
  if (credited.length !== 1 || !credit || debited.length === 0) {
    for (const h of [...credited, ...debited]) ctx.error(h.line, "Transaction Kind", `${key}: expected one credited row and at least one debited row in the same second, found ${credited.length} and ${debited.length}`);
    return;
  }
  const totalNative = debited.reduce((s, d) => s.plus(d.native.abs()), ZERO);
  let left = credit.coin.amount.abs();
  debited.forEach((d, i) => {
    const exact = totalNative.isZero() ? credit.coin.amount.abs().div(debited.length) : credit.coin.amount.abs().mul(d.native.abs()).div(totalNative);
    // 18 decimals: the App's own precision; the remainder goes to the last share.
    const share = i === debited.length - 1 ? left : exact.toDecimalPlaces(18, Dec.ROUND_DOWN);
    left = left.minus(share);
    emitTrade(ctx, { line: Math.min(d.line, credit.line), time: credit.time, sent: d.coin, received: { asset: credit.coin.asset, amount: share }, fees: [], fiat: d.fiat, description: credit.description });
  });
}

/**
 * Crypto.com App: Accounts → Crypto Wallet → Transaction history → Export. BOM; one row per
 * event with `Transaction Kind` as the machine type; exchanges fill `To Currency`/`To Amount`;
 * `Native Amount` is the fiat value (set as `fiatValue`); amounts carry up to 18 decimals.
 * Newer exports append `Transaction Hash`. Crypto.com Invest deposits are skipped and the
 * withdrawal books only what exceeds the principal as income (rotki's reading).
 */
export default defineImporter({
  id: "cryptocom-app",
  name: "App transaction history",
  exchange: "Crypto.com",
  signature: ["timestamp (utc)", "transaction description", "currency", "amount", "to currency", "to amount", "native currency", "native amount", "transaction kind"],
  columns: {
    time: "timestamp (utc)",
    description: "transaction description",
    currency: "currency",
    amount: "amount",
    toCurrency: "to currency",
    toAmount: "to amount",
    nativeCurrency: "native currency",
    nativeAmount: "native amount",
    kind: "transaction kind",
    txHash: { optional: "transaction hash" },
  },
  open(cols, ctx) {
    const pairs = new Map<string, { credited: Held[]; debited: Held[] }>();
    const broken = new Set<string>();
    const invest: (Held & { side: "deposit" | "withdrawal" })[] = [];
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const time = c.time("time", (s) => parseDateTime(s, 0));
        const kindText = c.required("kind");
        const asset = c.asset("currency");
        const amount = c.decimal("amount");
        const nativeCurrency = c.text("nativeCurrency") ? c.asset("nativeCurrency") : "";
        const native = c.optionalDecimal("nativeAmount");
        const kind = kindText ? cryptocomKind(kindText) : undefined;
        if (kindText && !kind) c.fail("kind", `unsupported Crypto.com transaction kind "${kindText}"`);
        const to = kind?.do === "trade" && kind.to === "to" ? { asset: c.asset("toCurrency"), amount: c.decimal("toAmount") } : null;
        // A purchase pays the native amount, a card top-up receives it: either way it is a leg of the trade.
        if (kind?.do === "trade" && (kind.from === "native" || kind.to === "native") && (!nativeCurrency || !native)) c.fail("nativeAmount", kind.from === "native" ? "purchase without a native amount" : `${kindText} without a native amount`);
        const pairKey = kind?.do === "pair" ? `${kind.family} at ${time.toISOString()}` : "";
        if (c.failed || !kind) {
          if (pairKey) broken.add(pairKey);
          return;
        }
        const description = c.text("description") || kindText;
        const fiat = native && nativeCurrency ? { amount: native, currency: nativeCurrency } : null;
        const coin = { asset, amount: amount.abs() };
        const nativeSide = { asset: nativeCurrency, amount: (native ?? ZERO).abs() };
        const base = { line: row.line, time, fiat, description, txHash: c.text("txHash") || null };
        const inflow = amount.gt(0);
        switch (kind.do) {
          case "trade": {
            const sent = kind.from === "native" ? nativeSide : coin;
            const received = kind.to === "to" && to ? to : kind.to === "native" ? nativeSide : coin;
            return emitTrade(ctx, { ...base, sent, received, fees: [] });
          }
          case "move":
            return inflow ? ctx.emit({ ...base, kind: "deposit", received: coin }) : ctx.emit({ ...base, kind: "withdrawal", sent: coin });
          case "income":
            return amount.lt(0) ? c.fail("amount", `${kindText} (income) with a negative amount`) : ctx.emit({ ...base, kind: "income", label: kind.label, received: coin });
          case "refund":
            return ctx.emit({ ...base, kind: "deposit", received: coin });
          case "spend":
            return ctx.emit({ ...base, kind: "spend", sent: coin });
          case "skip":
            return ctx.skip(row.line, `${kindText}: ${kind.why}`);
          case "pair": {
            const p = pairs.get(pairKey) ?? { credited: [], debited: [] };
            p[kind.side].push({ line: row.line, time, coin, native: native ?? ZERO, fiat, description });
            pairs.set(pairKey, p);
            return;
          }
          case "invest":
            invest.push({ line: row.line, time, coin, native: native ?? ZERO, fiat, description, side: kind.side });
            return;
        }
      },
      finish() {
        for (const [key, p] of pairs) if (!broken.has(key)) emitPairs(ctx, p.credited, p.debited, key);
        const principal = new Map<string, Decimal>();
        for (const h of [...invest].sort((a, b) => a.time.getTime() - b.time.getTime() || a.line - b.line)) {
          const held = principal.get(h.coin.asset) ?? ZERO;
          if (h.side === "deposit") {
            principal.set(h.coin.asset, held.plus(h.coin.amount));
            ctx.skip(h.line, "Crypto.com Invest deposit: coins stay the user's; profit is booked on withdrawal");
          } else if (h.coin.amount.gt(held)) {
            principal.set(h.coin.asset, ZERO);
            ctx.emit({ line: h.line, time: h.time, kind: "income", label: "income", received: { asset: h.coin.asset, amount: h.coin.amount.minus(held) }, description: `${h.description}: profit over ${held.toFixed()} invested` });
          } else {
            principal.set(h.coin.asset, held.minus(h.coin.amount));
            ctx.skip(h.line, "Crypto.com Invest withdrawal returning invested principal");
          }
        }
      },
    };
  },
});
