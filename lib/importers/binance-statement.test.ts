import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLedgerText } from "./index";
import { fixture, kinds } from "./test-fixtures";

const ROTKI = readFileSync(fixture("binance/binance_transaction_history.rotki.csv"), "utf8");
/** rotki's test artefacts: empty UTC_Time (line 5), empty Coin/Change (line 6), operation "ABC" (line 42). */
const ARTEFACT_LINES = [5, 6, 42];
const withoutArtefacts = ROTKI.split("\n")
  .filter((_, i) => !ARTEFACT_LINES.includes(i + 1))
  .join("\n");

describe("binance-statement on rotki's binance_history.csv", () => {
  it("refuses the file, naming exactly rotki's three deliberately broken rows", async () => {
    const r = await parseLedgerText(ROTKI);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.format?.id).toBe("binance-statement");
    expect(r.errors).toEqual([
      { line: 5, column: "UTC_Time", reason: "invalid date: empty" },
      { line: 6, column: "Coin", reason: 'unknown asset ""' },
      { line: 6, column: "Change", reason: "missing amount" },
      { line: 42, column: "Operation", reason: 'unsupported Binance operation "ABC"' },
    ]);
  });

  describe("without the artefact rows (a real user's file)", () => {
    it("imports everything else, 6-field rows included", async () => {
      const r = await parseLedgerText(withoutArtefacts);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      expect(r.rowsRead).toBe(227);
      expect(kinds(r.entries)).toEqual({ buy: 8, deposit: 3, trade: 17, income: 11, fee: 3, withdrawal: 1 });
      expect(r.skipped).toHaveLength(15);
      expect(r.skipped.filter((s) => /internal transfer/.test(s.reason))).toHaveLength(8);
      expect(r.skipped.filter((s) => /Earn\/staking/.test(s.reason))).toHaveLength(7);
    });

    it("sums the fills of one second into one trade with its fee", async () => {
      const r = await parseLedgerText(withoutArtefacts);
      if (!r.ok) throw new Error("refused");
      const at = (iso: string) =>
        r.entries.filter((e) => e.time.toISOString() === iso).map((e) => [e.kind, e.sentAmount?.toFixed(), e.sentAsset, e.receivedAmount?.toFixed(), e.receivedAsset, e.feeAmount?.toFixed(), e.feeAsset]);
      // 65 rows of HIGH bought with BTC in one second.
      expect(at("2024-05-16T12:57:55.000Z")).toEqual([["trade", "0.14999997", "BTC", "2011.678", "HIGH", "2.011678", "HIGH"]]);
      // Two orders EUR→ETH, fees in ETH and BNB: one trade, the BNB fee on its own row.
      expect(at("2020-11-03T21:12:59.000Z")).toEqual([
        ["buy", "392.299062", "EUR", "0.09825", "ETH", "0.00008345", "ETH"],
        ["fee", undefined, null, undefined, null, "0.00009009", "BNB"],
      ]);
      // A dust conversion split over two seconds: each second nets to a trade.
      expect(at("2020-11-20T20:22:21.000Z")).toEqual([["trade", "0.000009895", "BTC", "0.000969265", "BNB", undefined, null]]);
      // EUR orders for ETH and BTC in the same second: paired as rotki pairs them by price.
      expect(at("2025-10-29T18:36:00.000Z")).toEqual([
        ["buy", "6.6466386", "EUR", "0.00007", "BTC", "0.00001334", "BNB"],
        ["buy", "5.03829", "EUR", "0.0015", "ETH", undefined, null],
        ["buy", "5.032095", "EUR", "0.0015", "ETH", undefined, null],
      ]);
      // Futures: a loss and a profit in the same second, a funding fee.
      expect(at("2023-09-13T16:43:41.000Z")).toEqual([
        ["fee", undefined, null, undefined, null, "0.05576", "USDT"],
        ["income", undefined, null, "1.29642", "USDT", undefined, null],
      ]);
    });

    it("labels income by operation", async () => {
      const r = await parseLedgerText(withoutArtefacts);
      if (!r.ok) throw new Error("refused");
      const labels = Object.fromEntries(r.entries.filter((e) => e.kind === "income").map((e) => [e.description, e.label]));
      expect(labels).toMatchObject({
        "Binance ETH 2.0 Staking Rewards": "staking",
        "Binance Launchpool Interest": "interest",
        "Binance Simple Earn Flexible Interest": "interest",
        "Binance Simple Earn Locked Rewards": "staking",
        "Binance Mission Reward Distribution": "income",
        "Binance POS savings interest": "staking",
      });
    });

    it("keeps identical rows as distinct entries with distinct, stable ids", async () => {
      const a = await parseLedgerText(withoutArtefacts);
      const b = await parseLedgerText(withoutArtefacts);
      if (!a.ok || !b.ok) throw new Error("refused");
      const matic = a.entries.filter((e) => e.receivedAsset === "MATIC" && e.kind === "income");
      expect(matic).toHaveLength(2);
      expect(matic[0]?.externalId).not.toBe(matic[1]?.externalId);
      expect(a.entries.map((e) => e.externalId)).toEqual(b.entries.map((e) => e.externalId));
    });
  });

  it("reads two-digit years", async () => {
    const r = await parseLedgerText("User_ID,UTC_Time,Account,Operation,Coin,Change,Remark\n1,24-03-01 00:00:00,Spot,Deposit,BTC,0.5,\n");
    expect(r.ok && r.entries[0]?.time.toISOString()).toBe("2024-03-01T00:00:00.000Z");
  });

  it("reports a second whose trade rows cannot be paired", async () => {
    const r = await parseLedgerText(
      ["User_ID,UTC_Time,Account,Operation,Coin,Change,Remark", "1,2024-01-01 00:00:00,Spot,Buy,ETH,1,", "1,2024-01-01 00:00:00,Spot,Buy,BTC,0.1,", "1,2024-01-01 00:00:00,Spot,Sell,EUR,-100,"].join("\n"),
    );
    expect(!r.ok && r.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(!r.ok && r.errors[0]?.reason).toMatch(/cannot tell which of the trades/);
  });
});
