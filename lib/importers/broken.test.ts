import { describe, expect, it } from "vitest";
import { parseLedgerFile, SUPPORTED_FORMATS } from "./index";
import { fixture } from "./test-fixtures";

describe("broken fixtures are refused with line-numbered errors and nothing imported", () => {
  it("coinbase_bad_date.csv: invalid date on line 6, column Timestamp", async () => {
    const r = await parseLedgerFile(fixture("broken/coinbase_bad_date.csv"));
    expect(r).toEqual({
      ok: false,
      format: { id: "coinbase-transactions", name: "Coinbase transaction history" },
      errors: [{ line: 6, column: "Timestamp", reason: 'invalid date "2024-13-45 25:61:00 UTC"' }],
    });
  });

  it("kraken_ledgers_missing_fee_column.csv: missing required column fee, format recognised", async () => {
    const r = await parseLedgerFile(fixture("broken/kraken_ledgers_missing_fee_column.csv"));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.format).toEqual({ id: "kraken-ledgers", name: "Kraken ledgers" });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 1, column: "fee" });
    expect(r.errors[0]?.reason).toMatch(/missing required column "fee".*Kraken ledgers/);
  });

  it("binance_trade_history_non_numeric.csv: non-numeric amounts on lines 3 and 4", async () => {
    const r = await parseLedgerFile(fixture("broken/binance_trade_history_non_numeric.csv"));
    expect(r).toEqual({
      ok: false,
      format: { id: "binance-trade-history", name: "Binance spot trade history" },
      errors: [
        { line: 3, column: "Executed", reason: 'non-numeric amount "abcETH"' },
        { line: 4, column: "Price", reason: 'non-numeric amount "N/A"' },
      ],
    });
  });

  it("unknown_format.csv: unknown format, naming the headers found and every supported export", async () => {
    const r = await parseLedgerFile(fixture("broken/unknown_format.csv"));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.format).toBeUndefined();
    expect(r.headers).toEqual(["Datum;Vorgang;Währung;Menge;Kurs EUR"]);
    expect(r.errors).toHaveLength(1);
    const reason = r.errors[0]?.reason ?? "";
    expect(r.errors[0]?.line).toBe(1);
    expect(reason).toMatch(/^unknown format: no supported export has the headers "Datum;Vorgang;Währung;Menge;Kurs EUR" \(the file looks semicolon-separated/);
    for (const f of SUPPORTED_FORMATS) expect(reason).toContain(`${f.exchange}: ${f.name}`);
  });
});
