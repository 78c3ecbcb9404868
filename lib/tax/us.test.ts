import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import type { PriceLookup } from "../pricing/types";
import { computeTax } from "./engine";
import { ledger, type RowSpec } from "./testing";
import type { DisposalLine, TaxResult } from "./types";

const buy = (date: string, units: string, asset: string, usd: string, extra: Partial<RowSpec> = {}): RowSpec => ({ date, sent: `${usd} USD`, received: `${units} ${asset}`, ...extra });
const sell = (date: string, units: string, asset: string, usd: string, extra: Partial<RowSpec> = {}): RowSpec => ({ date, sent: `${units} ${asset}`, received: `${usd} USD`, ...extra });

const gains = (r: TaxResult) => r.disposals.map((d) => ({ amount: d.amount.toFixed(), proceeds: d.proceeds.toFixed(), basis: d.costBasis.toFixed(), gain: d.gain.toFixed(), term: d.term, rule: d.rule }));
const only = (r: TaxResult): DisposalLine => {
  expect(r.disposals).toHaveLength(1);
  return r.disposals[0] as DisposalLine;
};
const table =
  (prices: Record<string, string>): PriceLookup =>
  (asset, currency) => {
    const p = prices[`${asset}/${currency}`];
    return p === undefined ? null : { price: new Decimal(p), source: "test prices" };
  };

describe("US holding period (IRC 1222; IRS Pub. 544 ch. 4; tax-rules notes 1.4)", () => {
  it.each([
    { name: "Pub. 544: bought 19 June, sold 19 June next year: not more than one year", bought: "2023-06-19", sold: "2024-06-19", term: "short" },
    { name: "Pub. 544: sold 20 June next year: more than one year", bought: "2023-06-19", sold: "2024-06-20", term: "long" },
    { name: "leap year: 1 Mar 2023 to 1 Mar 2024 is 366 days but one year, not more", bought: "2023-03-01", sold: "2024-03-01", term: "short" },
    { name: "leap year: 1 Mar 2023 to 2 Mar 2024 is more than one year", bought: "2023-03-01", sold: "2024-03-02", term: "long" },
    { name: "29 Feb 2024 to 28 Feb 2025: the anniversary, not more than one year", bought: "2024-02-29", sold: "2025-02-28", term: "short" },
    { name: "29 Feb 2024 to 1 Mar 2025: more than one year", bought: "2024-02-29", sold: "2025-03-01", term: "long" },
  ])("$name", ({ bought, sold, term }) => {
    const r = computeTax(ledger([buy(`${bought} 15:00:00`, "1", "BTC", "100"), sell(`${sold} 09:00:00`, "1", "BTC", "150")]), { jurisdiction: "us" });
    expect(only(r).term).toBe(term);
  });

  it("counts local dates in the taxpayer's zone: 02:00 UTC on 20 June is still 19 June in New York", () => {
    const rows = [buy("2023-06-19 15:00:00", "1", "BTC", "100"), sell("2024-06-20 02:00:00", "1", "BTC", "150")];
    expect(only(computeTax(ledger(rows), { jurisdiction: "us" })).term).toBe("long");
    expect(only(computeTax(ledger(rows), { jurisdiction: "us", timeZone: "America/New_York" })).term).toBe("short");
  });
});

describe("US lot methods (IRS VC FAQ Q39-Q41; tax-rules notes 1.3)", () => {
  const three = [buy("2023-01-01 10:00:00", "1", "BTC", "100"), buy("2023-02-01 10:00:00", "1", "BTC", "300"), buy("2023-03-01 10:00:00", "1", "BTC", "200"), sell("2023-04-01 10:00:00", "1", "BTC", "500")];
  it.each([
    { name: "FIFO takes the oldest lot", method: "fifo" as const, basis: "100" },
    { name: "LIFO takes the newest lot", method: "lifo" as const, basis: "200" },
    { name: "HIFO takes the dearest lot", method: "hifo" as const, basis: "300" },
  ])("$name", ({ method, basis }) => {
    const d = only(computeTax(ledger(three), { jurisdiction: "us", method }));
    expect(d.costBasis.toFixed()).toBe(basis);
    expect(d.rule).toBe(method);
    expect(d.gain.toFixed()).toBe(new Decimal(500).minus(basis).toFixed());
  });

  it("FIFO splits a lot pro rata and lists each lot it used", () => {
    const d = only(computeTax(ledger([buy("2023-01-01 10:00:00", "0.5", "BTC", "100"), buy("2023-02-01 10:00:00", "1", "BTC", "300"), sell("2023-04-01 10:00:00", "1", "BTC", "500")]), { jurisdiction: "us" }));
    expect(d.costBasis.toFixed()).toBe("250");
    expect(d.lots.map((l) => [l.amount.toFixed(), l.costBasis.toFixed(), l.acquiredAt?.toISOString().slice(0, 10)])).toEqual([
      ["0.5", "100", "2023-01-01"],
      ["0.5", "150", "2023-02-01"],
    ]);
    expect(d.acquiredAt?.toISOString().slice(0, 10)).toBe("2023-01-01");
  });

  it("a disposal spanning short- and long-term lots gives one line per term, proceeds pro rata", () => {
    const r = computeTax(ledger([buy("2022-01-01 10:00:00", "1", "BTC", "100"), buy("2023-01-01 10:00:00", "1", "BTC", "300"), sell("2023-06-01 10:00:00", "2", "BTC", "1000")]), { jurisdiction: "us" });
    expect(gains(r)).toEqual([
      { amount: "1", proceeds: "500", basis: "100", gain: "400", term: "long", rule: "fifo" },
      { amount: "1", proceeds: "500", basis: "300", gain: "200", term: "short", rule: "fifo" },
    ]);
    expect(r.totals.longTermGain.toFixed()).toBe("400");
    expect(r.totals.shortTermGain.toFixed()).toBe("200");
  });

  it("specific identification uses the picked lot, the rest FIFO", () => {
    const entries = ledger([...three.slice(0, 3), sell("2023-04-01 10:00:00", "1.5", "BTC", "750")]);
    const [, second, , sale] = entries;
    const r = computeTax(entries, { jurisdiction: "us", method: "specific", lotPicks: { [sale?.externalId ?? ""]: [{ lotId: second?.externalId ?? "" }] } });
    expect(gains(r)).toEqual([
      { amount: "1", proceeds: "500", basis: "300", gain: "200", term: "short", rule: "specific" },
      { amount: "0.5", proceeds: "250", basis: "50", gain: "200", term: "short", rule: "fifo" },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it("a pick naming a lot that is not held is a warning, and FIFO takes over", () => {
    const entries = ledger(three);
    const sale = entries[3];
    const r = computeTax(entries, { jurisdiction: "us", method: "specific", lotPicks: { [sale?.externalId ?? ""]: [{ lotId: "nope" }] } });
    expect(only(r).costBasis.toFixed()).toBe("100");
    expect(r.warnings.map((w) => w.code)).toEqual(["invalid-lot-pick"]);
  });
});

describe("US fees (IRC 1012; Form 8949 instructions; Notice 2014-21 Q&A-6; tax-rules notes 1.5)", () => {
  it("fiat fees add to basis on a buy and come off proceeds on a sale", () => {
    const d = only(computeTax(ledger([buy("2023-01-01 10:00:00", "1", "BTC", "1000", { fee: "10 USD" }), sell("2023-02-01 10:00:00", "1", "BTC", "2000", { fee: "20 USD" })]), { jurisdiction: "us" }));
    expect([d.proceeds.toFixed(), d.costBasis.toFixed(), d.gain.toFixed()]).toEqual(["1980", "1010", "970"]);
  });

  it("a fee in the coin sold is disposed of inside the same disposal (RP2's convention)", () => {
    const r = computeTax(ledger([buy("2023-01-01 10:00:00", "1", "BTC", "1000"), sell("2023-02-01 10:00:00", "0.5", "BTC", "1000", { fee: "0.01 BTC" })]), { jurisdiction: "us" });
    const d = only(r);
    expect([d.amount.toFixed(), d.proceeds.toFixed(), d.costBasis.toFixed()]).toEqual(["0.51", "1000", "510"]);
    expect(r.balances.map((b) => b.amount.toFixed())).toEqual(["0.49"]);
  });

  it("a fee in the coin bought reduces the units acquired, not the basis", () => {
    const r = computeTax(ledger([buy("2023-01-01 10:00:00", "1", "BTC", "1000", { fee: "0.01 BTC" })]), { jurisdiction: "us" });
    expect(r.openLots.map((l) => [l.amount.toFixed(), l.costBasis.toFixed()])).toEqual([["0.99", "1000"]]);
  });

  it("a fee in a third coin is its own disposal at market value, and that value is part of the cost", () => {
    const entries = ledger([buy("2023-01-01 10:00:00", "10", "BNB", "2000"), buy("2023-03-01 10:00:00", "1", "BTC", "20000", { fee: "0.1 BNB" })]);
    const r = computeTax(entries, { jurisdiction: "us", prices: table({ "BNB/USD": "300" }) });
    const d = only(r);
    expect([d.kind, d.asset, d.amount.toFixed(), d.proceeds.toFixed(), d.costBasis.toFixed()]).toEqual(["fee", "BNB", "0.1", "30", "20"]);
    expect(d.prices[0]?.source).toBe("test prices");
    expect(r.openLots.filter((l) => l.asset === "BTC").map((l) => l.costBasis.toFixed())).toEqual(["20030"]);
  });

  it("with no price for a fee paid in crypto, it warns missing-price instead of guessing", () => {
    const r = computeTax(ledger([buy("2023-01-01 10:00:00", "10", "BNB", "2000"), buy("2023-03-01 10:00:00", "1", "BTC", "20000", { fee: "0.1 BNB" })]), { jurisdiction: "us" });
    expect(r.warnings.map((w) => [w.code, w.asset])).toEqual([["missing-price", "BNB"]]);
    expect(only(r).priceMissing).toBe(true);
  });
});

describe("US valuation and income (Notice 2014-21 Q&A-3, -5, -6; Rev. Rul. 2023-14; tax-rules notes 1.2, 1.6, 4)", () => {
  it("a crypto-to-crypto trade is a disposal at the value received, which is the new lot's basis", () => {
    const r = computeTax(ledger([buy("2023-01-01 10:00:00", "1", "BTC", "100"), { date: "2023-02-01 10:00:00", sent: "1 BTC", received: "10 ETH", worth: "500 USD" }, sell("2023-03-01 10:00:00", "10", "ETH", "600")]), { jurisdiction: "us" });
    expect(gains(r).map((g) => [g.proceeds, g.basis, g.gain])).toEqual([
      ["500", "100", "400"],
      ["600", "500", "100"],
    ]);
  });

  it("uses the price of what was given up when only that side has a price (Treas. Reg. 1.1001-7(b))", () => {
    const r = computeTax(ledger([buy("2023-01-01 10:00:00", "1", "BTC", "100"), { date: "2023-02-01 10:00:00", sent: "1 BTC", received: "1000 NEWCOIN" }]), { jurisdiction: "us", prices: table({ "BTC/USD": "400" }) });
    expect(only(r).proceeds.toFixed()).toBe("400");
    expect(r.openLots.find((l) => l.asset === "NEWCOIN")?.costBasis.toFixed()).toBe("400");
  });

  it("income is valued when received and that value is the basis", () => {
    const r = computeTax(ledger([{ date: "2023-05-01 10:00:00", received: "2 ETH", worth: "3000 USD", label: "staking" }, sell("2023-06-01 10:00:00", "2", "ETH", "3500")]), { jurisdiction: "us" });
    expect(r.income.map((i) => [i.asset, i.amount.toFixed(), i.value.toFixed(), i.type])).toEqual([["ETH", "2", "3000", "staking"]]);
    expect(only(r).costBasis.toFixed()).toBe("3000");
    expect(r.totals.income.toFixed()).toBe("3000");
  });

  it("converts a row valued in another fiat currency through a rate from the price table", () => {
    const r = computeTax(ledger([{ date: "2023-05-01 10:00:00", received: "1 ETH", worth: "1000 EUR", label: "airdrop" }]), { jurisdiction: "us", prices: table({ "EUR/USD": "1.1" }) });
    expect(r.income[0]?.value.toFixed()).toBe("1100");
    expect(r.income[0]?.prices[0]?.source).toBe("row: net worth, converted at test prices");
  });

  it("income with no value is recorded with a missing-price warning and flagged basis", () => {
    const r = computeTax(ledger([{ date: "2023-05-01 10:00:00", received: "5 XYZ", label: "airdrop" }, sell("2023-06-01 10:00:00", "5", "XYZ", "50")]), { jurisdiction: "us" });
    expect(r.income[0]?.valueMissing).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(["missing-price", "missing-cost-basis"]);
    expect(only(r).basisMissing).toBe(true);
  });
});

describe("transfers between own accounts (IRS VC FAQ; tax-rules notes 1.3-1.5, 5)", () => {
  const moved = (extra: RowSpec[] = []): RowSpec[] => [
    buy("2023-01-10 10:00:00", "1.0005", "BTC", "20010", { account: "Coinbase" }),
    { date: "2024-03-01 10:00:00", sent: "1 BTC", fee: "0.0005 BTC", hash: "0xfeed", account: "Coinbase" },
    { date: "2024-03-01 10:30:00", received: "1 BTC", hash: "0xfeed", account: "Ledger" },
    ...extra,
  ];

  it("carry basis and acquisition date across; the network fee is a disposal at market value", () => {
    const r = computeTax(ledger(moved([sell("2025-02-01 10:00:00", "1", "BTC", "90000", { account: "Ledger" })])), { jurisdiction: "us", prices: table({ "BTC/USD": "60000" }) });
    expect(r.disposals.map((d) => [d.kind, d.account, d.amount.toFixed(), d.proceeds.toFixed(), d.costBasis.toFixed(), d.term])).toEqual([
      ["transfer-fee", "Coinbase", "0.0005", "30", "10", "long"],
      ["sale", "Ledger", "1", "90000", "20000", "long"],
    ]);
    expect(r.disposals[1]?.acquiredAt?.toISOString()).toBe("2023-01-10T10:00:00.000Z");
    expect(r.warnings).toEqual([]);
  });

  it("the fee can be booked as non-taxable (AMBIGUOUS, notes 1.5): removed at basis, no gain", () => {
    const r = computeTax(ledger(moved()), { jurisdiction: "us", transferFee: "non-taxable" });
    expect(r.disposals).toEqual([]);
    expect(r.removals.map((x) => [x.reason, x.amount.toFixed(), x.lots[0]?.costBasis.toFixed()])).toEqual([["transfer-fee", "0.0005", "10"]]);
  });

  it("from 2025 a disposal uses only the disposing account's lots (Treas. Reg. 1.1012-1(j))", () => {
    const rows = [buy("2025-01-10 10:00:00", "1", "ETH", "3000", { account: "Kraken" }), sell("2025-02-10 10:00:00", "1", "ETH", "3500", { account: "Wallet" })];
    const r = computeTax(ledger(rows), { jurisdiction: "us" });
    const d = only(r);
    expect([d.costBasis.toFixed(), d.basisMissing]).toEqual(["0", true]);
    expect(r.warnings.map((w) => w.code).sort()).toEqual(["missing-cost-basis", "negative-balance"]);
  });

  it("before 2025 the same disposal may use any account's lots (universal)", () => {
    const rows = [buy("2024-01-10 10:00:00", "1", "ETH", "3000", { account: "Kraken" }), sell("2024-02-10 10:00:00", "1", "ETH", "3500", { account: "Wallet" })];
    const r = computeTax(ledger(rows), { jurisdiction: "us" });
    expect(only(r).costBasis.toFixed()).toBe("3000");
    expect(r.warnings.map((w) => w.code)).toEqual(["negative-balance"]);
  });

  it("Rev. Proc. 2024-28: on 1 Jan 2025 lots stay with the account the transfers traced them to", () => {
    const rows: RowSpec[] = [
      buy("2024-01-10 10:00:00", "1", "BTC", "40000", { account: "Coinbase" }),
      { date: "2024-02-01 10:00:00", sent: "1 BTC", hash: "0x1", account: "Coinbase" },
      { date: "2024-02-01 10:10:00", received: "1 BTC", hash: "0x1", account: "Ledger" },
      buy("2024-03-01 10:00:00", "1", "BTC", "60000", { account: "Coinbase" }),
      sell("2025-03-01 10:00:00", "1", "BTC", "80000", { account: "Ledger" }),
    ];
    const r = computeTax(ledger(rows), { jurisdiction: "us" });
    expect(only(r).costBasis.toFixed()).toBe("40000");
    expect(r.openLots.map((l) => [l.account, l.costBasis.toFixed()])).toEqual([["Coinbase", "60000"]]);
    expect(r.allocations).toEqual([]);
  });

  it("Rev. Proc. 2024-28: an account holding units without lots gets the surplus lots", () => {
    const rows: RowSpec[] = [
      buy("2024-01-10 10:00:00", "1", "BTC", "40000", { account: "Coinbase" }),
      buy("2024-02-10 10:00:00", "1", "BTC", "50000", { account: "Coinbase" }),
      { date: "2024-03-01 10:00:00", sent: "1 BTC", hash: "0x2", account: "Coinbase" },
      { date: "2024-03-01 10:10:00", received: "1 BTC", hash: "0x2", account: "Ledger" },
      // Universal FIFO (2024) sells the oldest lot, the one traced to the Ledger.
      sell("2024-04-01 10:00:00", "1", "BTC", "70000", { account: "Coinbase" }),
      sell("2025-03-01 10:00:00", "1", "BTC", "80000", { account: "Ledger" }),
    ];
    const r = computeTax(ledger(rows), { jurisdiction: "us" });
    expect(r.allocations.map((a) => [a.from, a.to, a.amount.toFixed(), a.costBasis.toFixed()])).toEqual([["Coinbase", "Ledger", "1", "50000"]]);
    expect(r.disposals.map((d) => [d.account, d.costBasis.toFixed()])).toEqual([
      ["Coinbase", "40000"],
      ["Ledger", "50000"],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it("an unmatched withdrawal is a warning, not a sale", () => {
    const r = computeTax(ledger([buy("2023-01-01 10:00:00", "1", "BTC", "100"), { date: "2023-02-01 10:00:00", sent: "0.4 BTC" }]), { jurisdiction: "us" });
    expect(r.disposals).toEqual([]);
    expect(r.removals.map((x) => [x.reason, x.amount.toFixed()])).toEqual([["unmatched-withdrawal", "0.4"]]);
    expect(r.warnings.map((w) => w.code)).toEqual(["unmatched-withdrawal"]);
  });

  it("an unmatched deposit has unknown basis: counted as zero and flagged", () => {
    const r = computeTax(ledger([{ date: "2023-02-01 10:00:00", received: "1 BTC" }, sell("2023-03-01 10:00:00", "1", "BTC", "30000")]), { jurisdiction: "us" });
    expect(r.warnings.map((w) => w.code)).toEqual(["unmatched-deposit", "missing-cost-basis"]);
    expect([only(r).costBasis.toFixed(), only(r).basisMissing]).toEqual(["0", true]);
  });
});

describe("warnings", () => {
  it("a disposal larger than holdings: negative balance and missing cost basis, zero basis flagged", () => {
    const r = computeTax(ledger([buy("2023-01-01 10:00:00", "1", "BTC", "100"), sell("2023-02-01 10:00:00", "1.5", "BTC", "300")]), { jurisdiction: "us" });
    expect(r.warnings.map((w) => w.code).sort()).toEqual(["missing-cost-basis", "negative-balance"]);
    expect(gains(r)).toEqual([
      { amount: "1", proceeds: "200", basis: "100", gain: "100", term: "short", rule: "fifo" },
      { amount: "0.5", proceeds: "100", basis: "0", gain: "100", term: "short", rule: "fifo" },
    ]);
    expect(r.disposals[1]?.basisMissing).toBe(true);
  });

  it("identical rows are flagged as duplicate-looking, never dropped", () => {
    const rows = [buy("2023-01-01 10:00:00", "1", "BTC", "100"), buy("2023-01-01 10:00:00", "1", "BTC", "100")];
    const r = computeTax(ledger(rows), { jurisdiction: "us" });
    expect(r.warnings.map((w) => [w.code, w.entries.length])).toEqual([["duplicate-suspect", 2]]);
    expect(r.openLots).toHaveLength(2);
  });

  it("a trade with no price on either side warns missing-price", () => {
    const r = computeTax(ledger([buy("2023-01-01 10:00:00", "1", "BTC", "100"), { date: "2023-02-01 10:00:00", sent: "1 BTC", received: "50 SOL" }]), { jurisdiction: "us" });
    expect(r.warnings.map((w) => w.code)).toEqual(["missing-price"]);
    expect(only(r).priceMissing).toBe(true);
  });
});

describe("tax year filter", () => {
  it("--year keeps that year's disposals, income and totals; lots still come from every year", () => {
    const rows = [buy("2022-01-01 10:00:00", "2", "BTC", "200"), sell("2023-06-01 10:00:00", "1", "BTC", "300"), sell("2024-06-01 10:00:00", "1", "BTC", "500")];
    const r = computeTax(ledger(rows), { jurisdiction: "us", year: 2024 });
    expect(gains(r)).toEqual([{ amount: "1", proceeds: "500", basis: "100", gain: "400", term: "long", rule: "fifo" }]);
    expect(r.totals.gain.toFixed()).toBe("400");
    expect(r.summary.map((s) => s.taxYear)).toEqual([2024]);
  });
});
