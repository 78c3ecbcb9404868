import { binanceOp } from "./binance-statement-ops";
import { pairStatementLegs, type StatementLeg } from "./binance-pairing";
import { defineImporter } from "./define";
import { parseDateTime } from "./dates";
import { emitTrade, sumFees } from "./trades";
import type { AssetAmount } from "./types";

interface Second {
  time: Date;
  legs: StatementLeg[];
  fees: StatementLeg[];
  ops: Set<string>;
}

/**
 * Binance: Orders → Transaction History → "Generate all statements". One row per balance change
 * with a signed `Change`; trades are several rows sharing `UTC_Time` (fills of one or more
 * orders, their fees, dust conversions), grouped per second and wallet here. Times are UTC and
 * some exports write two-digit years. rotki's copy of this export (binance_history.csv) keeps
 * three deliberately broken rows as test artefacts, and this importer reports each as a line error,
 * as rotki does: an empty `UTC_Time` (a withdrawal that cannot be placed in time), an empty
 * `Coin`/`Change` (no asset to book) and the made-up operation `ABC`. Rows without the
 * trailing `Remark` cell are fine: the remark is free text the importer does not need.
 */
export default defineImporter({
  id: "binance-statement",
  name: "transaction history statement",
  exchange: "Binance",
  signature: ["utc_time", "account", "operation", "coin", "change"],
  columns: { time: "utc_time", account: "account", operation: "operation", coin: "coin", change: "change", remark: { optional: "remark" } },
  open(cols, ctx) {
    const seconds = new Map<string, Second>();
    const broken = new Set<string>();
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const time = c.time("time", (s) => parseDateTime(s, 0));
        const account = c.text("account");
        const operation = c.required("operation");
        const asset = c.asset("coin");
        const change = c.decimal("change");
        const op = operation ? binanceOp(operation, account) : undefined;
        if (operation && !op) c.fail("operation", `unsupported Binance operation "${operation}"`);
        const key = `${time.toISOString()}|${account.toLowerCase()}`;
        if (c.failed || !op) {
          // Drop the rest of this second's trade rather than report its other legs too.
          if (op?.do === "trade-leg" || op?.do === "fee-leg") broken.add(key);
          return;
        }
        const amount: AssetAmount = { asset, amount: change.abs() };
        const base = { line: row.line, time, description: `Binance ${operation}` };
        const inflow = change.gt(0);
        if (change.isZero() && op.do !== "trade-leg" && op.do !== "fee-leg") return ctx.skip(row.line, `${operation}: zero Change, nothing moved`);
        switch (op.do) {
          case "trade-leg":
          case "fee-leg": {
            const s = seconds.get(key) ?? { time, legs: [], fees: [], ops: new Set<string>() };
            (op.do === "fee-leg" ? s.fees : s.legs).push({ asset, amount: change, line: row.line });
            s.ops.add(operation);
            seconds.set(key, s);
            return;
          }
          case "skip":
            return ctx.skip(row.line, `${operation}: ${op.why}`);
          case "deposit":
          case "withdrawal":
            if (inflow !== (op.do === "deposit")) return c.fail("change", `${operation} with ${inflow ? "positive" : "negative"} Change ${change.toFixed()}`);
            return ctx.emit({ ...base, kind: op.do, ...(inflow ? { received: amount } : { sent: amount }) });
          case "income":
            if (!inflow) return c.fail("change", `${operation} (income) with negative Change ${change.toFixed()}`);
            return ctx.emit({ ...base, kind: "income", label: op.label, received: amount });
          case "spend":
            return ctx.emit({ ...base, kind: "spend", sent: amount });
          case "derivatives":
            // Profits and positive funding are income; losses and fees leave the account as fees.
            return inflow ? ctx.emit({ ...base, kind: "income", label: "income", received: amount }) : ctx.emit({ ...base, kind: "fee", fee: amount });
        }
      },
      finish() {
        for (const [key, s] of seconds) {
          if (broken.has(key)) continue;
          const description = `Binance ${[...s.ops].join(" / ")}`;
          const fees = sumFees(s.fees);
          if (s.legs.length === 0) {
            const line = Math.min(...s.fees.map((f) => f.line));
            for (const fee of fees) ctx.emit({ line, time: s.time, kind: "fee", fee, description });
            continue;
          }
          const paired = pairStatementLegs(s.legs);
          if (!paired.ok) {
            for (const leg of [...s.legs, ...s.fees]) ctx.error(leg.line, cols.header.label(cols.index.operation), paired.reason);
            continue;
          }
          // Fees go to the trade that moved their asset, else to the first trade without one.
          const feesOf = paired.trades.map(() => [] as AssetAmount[]);
          for (const fee of fees) {
            const i = [
              paired.trades.findIndex((t, k) => !feesOf[k]?.length && (t.sent.asset === fee.asset || t.received.asset === fee.asset)),
              paired.trades.findIndex((_, k) => !feesOf[k]?.length),
              0,
            ].find((k) => k >= 0) as number;
            feesOf[i]?.push(fee);
          }
          paired.trades.forEach((t, k) => emitTrade(ctx, { line: t.line, time: s.time, sent: t.sent, received: t.received, fees: feesOf[k] ?? [], description }));
        }
      },
    };
  },
});
