import { describe, expect, it } from "vitest";
import { Dec } from "./amounts";
import { pairStatementLegs } from "./binance-pairing";

const leg = (asset: string, amount: string, line: number) => ({ asset, amount: new Dec(amount), line });
const trades = (r: ReturnType<typeof pairStatementLegs>) => (r.ok ? r.trades.map((t) => `${t.sent.amount.toFixed()} ${t.sent.asset} → ${t.received.amount.toFixed()} ${t.received.asset}`) : r.reason);

describe("pairStatementLegs", () => {
  it("sums many fills of one pair", () => {
    expect(trades(pairStatementLegs([leg("BTC", "-1", 1), leg("ETH", "10", 2), leg("BTC", "-2", 3), leg("ETH", "20", 4)]))).toEqual(["3 BTC → 30 ETH"]);
  });

  it("pairs a dust conversion of distinct coins in file order", () => {
    expect(trades(pairStatementLegs([leg("SOL", "-1", 1), leg("ADA", "-5", 2), leg("BNB", "0.1", 3), leg("BNB", "0.2", 4)]))).toEqual(["1 SOL → 0.1 BNB", "5 ADA → 0.2 BNB"]);
  });

  it("pairs same-pair fills so their prices agree", () => {
    const r = pairStatementLegs([leg("EUR", "-100", 1), leg("ETH", "0.03", 2), leg("EUR", "-30", 3), leg("BTC", "0.001", 4), leg("ETH", "0.01", 5)]);
    expect(r.ok).toBe(false); // two legs out, three in: no one-to-one pairing
    // 100 EUR → ETH would imply ~10,000 EUR/ETH against ~3,000 for the other ETH fill.
    const ok = pairStatementLegs([leg("EUR", "-100", 1), leg("ETH", "0.01", 2), leg("EUR", "-30", 3), leg("BTC", "0.001", 4), leg("EUR", "-31", 5), leg("ETH", "0.0103", 6)]);
    expect(trades(ok)).toEqual(["100 EUR → 0.001 BTC", "30 EUR → 0.01 ETH", "31 EUR → 0.0103 ETH"]);
  });

  it.each([
    [[leg("ETH", "1", 1)], /do not have both sides/],
    [[leg("ETH", "1", 1), leg("ETH", "-1", 2)], /same asset/],
    [[leg("ETH", "1", 1), leg("BTC", "1", 2), leg("EUR", "-1", 3)], /cannot tell/],
  ])("refuses %#", (legs, reason) => {
    const r = pairStatementLegs(legs);
    expect(!r.ok && r.reason).toMatch(reason);
  });
});
