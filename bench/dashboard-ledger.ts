/** The dashboard bench's seeded ledger: 4 accounts, 30 assets; buys, sells, crypto-to-crypto trades, staking income, transfers between own accounts. Deterministic per seed. */
import Decimal from "decimal.js";
import { prng } from "./prng";
import { ledgerEntry, type LedgerEntry } from "../lib/ledger/types";

const ACCOUNTS = ["Coinbase", "Kraken", "Binance", "Ledger"];
const ASSETS = Array.from({ length: 30 }, (_, i) => `A${String(i).padStart(2, "0")}`);

export function dashboardLedger(rows: number, seed: number, startMs: number, endMs: number, idPrefix: string): LedgerEntry[] {
  const rnd = prng(seed);
  const price = ASSETS.map((_, i) => 5 + ((i * 7919) % 200));
  const held = ASSETS.map(() => ACCOUNTS.map(() => 0));
  const out: LedgerEntry[] = [];
  const step = Math.floor((endMs - startMs) / rows);
  const units = (u: number) => new Decimal(u).div(1e8);
  let t = startMs;
  for (let n = 0; out.length < rows; n++) {
    t += step;
    const a = Math.floor(rnd() * ASSETS.length);
    const acc = Math.floor(rnd() * ACCOUNTS.length);
    price[a] = (price[a] as number) * (1 + (rnd() - 0.5) * 0.02);
    const p = price[a] as number;
    const h = (held[a] as number[])[acc] as number;
    const r = rnd();
    const base = { externalId: `${idPrefix}${n}`, time: new Date(t), account: ACCOUNTS[acc] as string };
    const usd = (x: number) => new Decimal(x.toFixed(2));
    if (r < 0.35 || h < 1e6) {
      const u = Math.floor((0.5 + rnd() * 5) * 1e8);
      (held[a] as number[])[acc] = h + u;
      out.push(ledgerEntry({ ...base, kind: "buy", sentAsset: "USD", sentAmount: usd((u / 1e8) * p), receivedAsset: ASSETS[a] as string, receivedAmount: units(u), feeAsset: "USD", feeAmount: usd((u / 1e8) * p * 0.001), fiatValue: usd((u / 1e8) * p), fiatCurrency: "USD" }));
    } else if (r < 0.6) {
      const u = Math.floor(h * (0.05 + rnd() * 0.3));
      (held[a] as number[])[acc] = h - u;
      out.push(ledgerEntry({ ...base, kind: "sell", sentAsset: ASSETS[a] as string, sentAmount: units(u), receivedAsset: "USD", receivedAmount: usd((u / 1e8) * p), fiatValue: usd((u / 1e8) * p), fiatCurrency: "USD" }));
    } else if (r < 0.75) {
      const b = (a + 1 + Math.floor(rnd() * (ASSETS.length - 1))) % ASSETS.length;
      const u = Math.floor(h * (0.05 + rnd() * 0.3));
      const v = Math.max(1, Math.floor(((u / 1e8) * p * 1e8) / (price[b] as number)));
      (held[a] as number[])[acc] = h - u;
      (held[b] as number[])[acc] = ((held[b] as number[])[acc] as number) + v;
      out.push(ledgerEntry({ ...base, kind: "trade", sentAsset: ASSETS[a] as string, sentAmount: units(u), receivedAsset: ASSETS[b] as string, receivedAmount: units(v), fiatValue: usd((u / 1e8) * p), fiatCurrency: "USD" }));
    } else if (r < 0.87) {
      const u = Math.floor((0.001 + rnd() * 0.05) * 1e8);
      (held[a] as number[])[acc] = h + u;
      out.push(ledgerEntry({ ...base, kind: "income", label: "staking", receivedAsset: ASSETS[a] as string, receivedAmount: units(u), fiatValue: usd((u / 1e8) * p), fiatCurrency: "USD" }));
    } else if (out.length + 2 <= rows) {
      const to = (acc + 1 + Math.floor(rnd() * (ACCOUNTS.length - 1))) % ACCOUNTS.length;
      const u = Math.floor(h * (0.2 + rnd() * 0.5));
      (held[a] as number[])[acc] = h - u;
      (held[a] as number[])[to] = ((held[a] as number[])[to] as number) + u;
      const hash = `0x${idPrefix}${n.toString(16)}`;
      out.push(ledgerEntry({ ...base, kind: "withdrawal", sentAsset: ASSETS[a] as string, sentAmount: units(u), txHash: hash }));
      out.push(ledgerEntry({ externalId: `${idPrefix}${n}in`, time: new Date(t + 60_000), account: ACCOUNTS[to] as string, kind: "deposit", receivedAsset: ASSETS[a] as string, receivedAmount: units(u), txHash: hash }));
    }
  }
  return out;
}

