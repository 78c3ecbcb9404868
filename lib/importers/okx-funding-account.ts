import { defineImporter } from "./define";
import { offsetFromHeader, parseDateTime } from "./dates";

/**
 * OKX: Funding account → Bills → Export. `Amount` is signed; on withdrawals it includes `Fee`
 * (Before − After = |Amount|), so the coins that left are |Amount| − Fee plus the fee.
 * `To/From unified trading account` moves coins between the user's own OKX accounts: skipped.
 */
export default defineImporter({
  id: "okx-funding-account",
  name: "funding account history",
  exchange: "OKX",
  signature: ["id", "time", "type", "amount", "before balance", "after balance", "fee", "symbol"],
  columns: { id: "id", time: "time", type: "type", amount: "amount", fee: "fee", symbol: "symbol" },
  open(cols, ctx) {
    const offset = offsetFromHeader(cols.header.label(cols.index.time)) ?? 0;
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const id = c.required("id");
        const time = c.time("time", (s) => parseDateTime(s, offset));
        const type = c.required("type");
        const amount = c.decimal("amount");
        const fee = c.optionalDecimal("fee")?.abs() ?? null;
        const asset = c.asset("symbol");
        if (c.failed) return;
        const t = type.toLowerCase();
        const inflow = amount.gt(0);
        if (amount.isZero()) return ctx.skip(row.line, "zero Amount: nothing moved");
        const base = { line: row.line, time, externalId: `okx:funding:${id}`, description: type };
        if (/^(to|from) .*account$/.test(t) || t.includes("transfer")) return ctx.skip(row.line, `${type}: internal move between the user's OKX accounts`);
        if (t === "deposit" && inflow) return ctx.emit({ ...base, kind: "deposit", received: { asset, amount } });
        if (t === "withdrawal" && !inflow) {
          const net = fee ? amount.abs().minus(fee) : amount.abs();
          return ctx.emit({ ...base, kind: "withdrawal", sent: { asset, amount: net }, fee: fee ? { asset, amount: fee } : null });
        }
        if (/staking|stake/.test(t) && inflow) return ctx.emit({ ...base, kind: "income", label: "staking", received: { asset, amount } });
        if (/interest|yield|earn/.test(t) && inflow) return ctx.emit({ ...base, kind: "income", label: "interest", received: { asset, amount } });
        if (/airdrop/.test(t) && inflow) return ctx.emit({ ...base, kind: "income", label: "airdrop", received: { asset, amount } });
        c.fail("type", `unsupported OKX funding bill type "${type}" with Amount ${amount.toFixed()}`);
      },
    };
  },
});
