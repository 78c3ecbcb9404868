import path from "node:path";
import { describe, expect, it } from "vitest";
import { LEDGER_COLUMNS, runLedgerCommand } from "./ledger";

const FIXTURES = path.resolve(__dirname, "../../../shared/fixtures");

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await runLedgerCommand(argv, { out: { write: (t: string) => (out += t) }, err: { write: (t: string) => (err += t) } });
  return { code, out, err };
}

describe("lotwise ledger", () => {
  it("prints the format and transactions as JSON with decimal strings and ISO times", async () => {
    const file = path.join(FIXTURES, "kraken/ledgers.csv");
    const { code, out, err } = await run("--input", file);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.format).toEqual({ id: "kraken-ledgers", name: "Kraken ledgers" });
    expect(json.transactions).toHaveLength(10);
    expect(json.transactions[1]).toEqual({
      time: "2024-01-03T10:11:12.000Z",
      kind: "buy",
      account: "Kraken",
      sentAsset: "EUR",
      sentAmount: "1000",
      receivedAsset: "BTC",
      receivedAmount: "0.0248138",
      feeAsset: "EUR",
      feeAmount: "2.6",
      fiatValue: null,
      externalId: "kraken:TJKLXX-PGMUI-AAAAAB",
      fiatCurrency: null,
      label: null,
    });
    expect(err).toBe(`${file}: Kraken ledgers, 19 rows, 10 transactions, 4 rows skipped\n`);
  });

  it("prints CSV with --format csv and labels rows with --account", async () => {
    const { code, out } = await run("ledger", "--input", path.join(FIXTURES, "binance/binance_trade_history.csv"), "--format", "csv", "--account", "Binance, main");
    expect(code).toBe(0);
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toBe(LEDGER_COLUMNS.join(","));
    expect(lines).toHaveLength(10);
    expect(lines[1]).toMatch(/^2024-01-04T09:15:22\.000Z,trade,"Binance, main",USDT,199\.797047,BTC,0\.0047,BTC,0\.0000047,,binance-trade-history:[0-9a-f]{32},,$/);
  });

  it("lists every bad row as FILE:LINE:COLUMN: reason and exits 1", async () => {
    const file = path.join(FIXTURES, "broken/binance_trade_history_non_numeric.csv");
    const { code, out, err } = await run("--input", file);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toBe(`${file}:3:Executed: non-numeric amount "abcETH"\n${file}:4:Price: non-numeric amount "N/A"\n`);
  });

  it("reports an unknown format and a missing file as data errors", async () => {
    const unknown = await run("--input", path.join(FIXTURES, "broken/unknown_format.csv"));
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/unknown_format\.csv:1: unknown format/);
    const missing = await run("--input", path.join(FIXTURES, "nope.csv"));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.csv: cannot read: ENOENT/);
  });

  it("lists skipped rows with --verbose", async () => {
    const file = path.join(FIXTURES, "bybit/bybit_deposit_withdrawal_history.csv");
    const { err } = await run("--input", file, "--verbose");
    expect(err).toContain(`${file}:3: skipped: Transfer to Derivatives Account: internal move between the user's Bybit accounts\n`);
  });

  it.each([[[]], [["--input"]], [["--input", "x", "--format", "xml"]], [["--bogus"]]])("usage error for %j", async (argv) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(/lotwise ledger: /);
  });
});
