import { describe, expect, it } from "vitest";
import { at, kinds, parseOk } from "./test-fixtures";
import { parseLedgerText } from "./index";

describe("cryptocom-app on crypto_com_app_transactions.rotki.csv", () => {
  it("maps every transaction kind, with the native amount as fiat value", async () => {
    const r = await parseOk("cryptocom/crypto_com_app_transactions.rotki.csv");
    expect(r.format.id).toBe("cryptocom-app");
    expect(r.rowsRead).toBe(48);
    expect(kinds(r.entries)).toEqual({ trade: 6, deposit: 4, withdrawal: 3, income: 8, buy: 5, sell: 1, spend: 2 });
    expect(r.skipped).toHaveLength(15);
    expect(at(r.entries, 25)).toEqual([
      { line: 25, time: "2020-07-31T15:37:07.000Z", kind: "trade", sent: "12.32 MCO", received: "0.14445954600007045 ETH", fee: null, fiat: "42.13 EUR", label: null, id: expect.stringMatching(/^cryptocom-app:/) },
    ]);
    expect(at(r.entries, 28).map((e) => [e.kind, e.sent, e.received])).toEqual([["buy", "176.05 EUR", "50 MCO"]]);
    expect(at(r.entries, 33).map((e) => [e.kind, e.sent, e.received])).toEqual([["sell", "750 DOGE", "406.22 EUR"]]);
    expect(at(r.entries, 24).map((e) => [e.kind, e.received, e.label])).toEqual([["income", "0.00061475 ETH", "interest"]]);
    expect(at(r.entries, 36).map((e) => [e.kind, e.sent])).toEqual([["spend", "15.38 CRO"]]);
  });

  it("splits a multi-coin dust conversion by native value, keeping the credited total exact", async () => {
    const { entries } = await parseOk("cryptocom/crypto_com_app_transactions.rotki.csv");
    const dust = entries.filter((e) => e.time.toISOString() === "2020-12-15T09:25:14.000Z");
    expect(dust.map((e) => [e.sentAmount?.toFixed(), e.sentAsset, e.receivedAsset])).toEqual([
      ["1.3387887", "UNI", "CRO"],
      ["0.6295092", "DOT", "CRO"],
    ]);
    expect(dust[0]?.receivedAmount?.toFixed()).toBe("105.947588930640516443");
    expect(dust[0]?.receivedAmount?.plus(dust[1]?.receivedAmount ?? 0).toFixed()).toBe("193.02779901061902311");
  });

  it("refuses a credited row with no debited row in its second", async () => {
    const r = await parseLedgerText(
      "Timestamp (UTC),Transaction Description,Currency,Amount,To Currency,To Amount,Native Currency,Native Amount,Native Amount (in USD),Transaction Kind\n2020-12-15 09:25:14,Convert Dust,CRO,1,,,EUR,1,1,dust_conversion_credited\n",
    );
    expect(!r.ok && r.errors.map((e) => [e.line, e.column])).toEqual([[2, "Transaction Kind"]]);
  });
});

describe("cryptocom-app on crypto_com_app_special_events.rotki.csv", () => {
  it("books Invest profit only above the principal and skips locked airdrops", async () => {
    const r = await parseOk("cryptocom/crypto_com_app_special_events.rotki.csv");
    expect(kinds(r.entries)).toEqual({ income: 6, trade: 1, sell: 1, spend: 1 });
    const invest = r.entries.filter((e) => e.description?.startsWith("Invest Withdrawal"));
    expect(invest.map((e) => [e.time.toISOString(), e.receivedAmount?.toFixed(), e.receivedAsset])).toEqual([
      ["2021-01-04T22:00:00.000Z", "0.02005", "BTC"],
      ["2021-01-02T22:00:00.000Z", "0.00005", "BTC"],
    ]);
    expect(r.skipped.find((s) => s.line === 13)?.reason).toBe("Crypto.com Invest withdrawal returning invested principal");
    expect(r.skipped.find((s) => s.line === 10)?.reason).toMatch(/^airdrop_locked/);
    expect(at(r.entries, 3).map((e) => [e.kind, e.sent, e.received])).toEqual([["trade", "0.1 MCO", "1 CRO"]]);
  });
});
