import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { detectFormat, SUPPORTED_FORMATS } from "./registry";
import { parseLedgerFile, parseLedgerStream, parseLedgerText } from "./index";
import { fixture, parseOk } from "./test-fixtures";
import { readFileSync } from "node:fs";

const KRAKEN = readFileSync(fixture("kraken/ledgers.csv"), "utf8");

describe("parseLedgerStream", () => {
  it("streams chunks of any size to the same result, reporting bytes and rows", async () => {
    const whole = await parseLedgerText(KRAKEN);
    const progress: { bytes: number; rows: number }[] = [];
    const chunks = KRAKEN.match(/[\s\S]{1,7}/g) ?? [];
    const streamed = await parseLedgerStream(Readable.from(chunks.map((c) => Buffer.from(c))), { onProgress: (p) => progress.push(p) });
    expect(streamed).toEqual(whole);
    expect(progress.at(-1)).toEqual({ bytes: Buffer.byteLength(KRAKEN), rows: 19 });
    expect(progress.length).toBeGreaterThan(chunks.length - 1);
  });

  it("defaults the account to the exchange and takes an override", async () => {
    expect((await parseOk("kraken/ledgers.csv")).entries[0]?.account).toBe("Kraken");
    expect((await parseOk("kraken/ledgers.csv", "Kraken (joint)")).entries.every((e) => e.account === "Kraken (joint)")).toBe(true);
  });

  it("gives identical externalIds on re-parse, and the same ids to rows an overlapping export shares", async () => {
    const text = readFileSync(fixture("binance/binance_trade_history.csv"), "utf8");
    const lines = text.trimEnd().split("\n");
    const full = await parseLedgerText(text);
    const again = await parseLedgerText(text);
    const laterHalf = await parseLedgerText([lines[0], ...lines.slice(5)].join("\n"));
    if (!full.ok || !again.ok || !laterHalf.ok) throw new Error("refused");
    expect(again.entries.map((e) => e.externalId)).toEqual(full.entries.map((e) => e.externalId));
    const ids = new Set(full.entries.map((e) => e.externalId));
    expect(laterHalf.entries.length).toBe(full.entries.length - 4);
    expect(laterHalf.entries.every((e) => ids.has(e.externalId))).toBe(true);
    expect(new Set(full.entries.map((e) => e.externalId)).size).toBe(full.entries.length);
  });

  it("collects every bad row before refusing: no entries on any error", async () => {
    const text = KRAKEN.replace("2000.0000,0.0000,2000.0000", "x,0.0000,2000.0000").replace('"XETH","spot / main",0.1852000000', '"XETH","spot / main",oops');
    const r = await parseLedgerText(text);
    expect(r).toEqual({
      ok: false,
      format: { id: "kraken-ledgers", name: "Kraken ledgers" },
      errors: [
        { line: 3, column: "amount", reason: 'non-numeric amount "x"' },
        { line: 7, column: "amount", reason: 'non-numeric amount "oops"' },
      ],
    });
  });

  it("refuses a file that is not CSV any more, at the line it breaks", async () => {
    const r = await parseLedgerText(`${KRAKEN.trimEnd()}\n"L1,unterminated\n`);
    expect(!r.ok && r.errors.map((e) => e.line)).toEqual([21]);
    expect(!r.ok && r.errors[0]?.reason).toMatch(/^malformed CSV: Quote Not Closed/);
  });

  it("skips a row repeated with the same exchange id, refuses one whose id contradicts", async () => {
    const lines = KRAKEN.trimEnd().split("\n");
    const repeated = await parseLedgerText([...lines, lines[2]].join("\n"));
    expect(repeated.ok && repeated.skipped.at(-1)).toEqual({ line: 21, reason: "duplicate of line 3 (same id kraken:L4UESK-KG3EQ-AAAAAA)" });
    const contradiction = await parseLedgerText([...lines, (lines[2] ?? "").replace("2000.0000,0.0000,2000", "1999.0000,0.0000,2000")].join("\n"));
    expect(!contradiction.ok && contradiction.errors).toEqual([{ line: 21, reason: "id kraken:L4UESK-KG3EQ-AAAAAA already used on line 3 for a different transaction" }]);
  });

  it("refuses an empty file", async () => {
    expect(await parseLedgerText("")).toEqual({ ok: false, errors: [{ line: 1, reason: "empty file: no header row found" }] });
    expect(await parseLedgerText("\n\n,,\n")).toMatchObject({ ok: false });
  });

  it("finds a header anywhere in the first lines (preamble), ignoring blank and garbage lines", async () => {
    const r = await parseLedgerText(`\nsome export\n,,,\nreport generated 2024\n${KRAKEN}`);
    expect(r.ok && r.entries[0]?.sourceLine).toBe(7);
  });

  it("stops reading an unknown format after the first records (an endless input returns)", async () => {
    let chunks = 0;
    const endless = (async function* () {
      for (;;) {
        chunks++;
        yield "Datum;Vorgang;Menge\n03.01.2024;Kauf;0,5\n";
      }
    })();
    const r = await parseLedgerStream(endless);
    expect(!r.ok && r.errors[0]?.reason).toMatch(/^unknown format/);
    expect(chunks).toBeLessThan(10_000);
  });

  it("reads a file from disk", async () => {
    const r = await parseLedgerFile(fixture("okx/okx_funding_account_history.csv"));
    expect(r.ok && r.rowsRead).toBe(4);
  });
});

describe("registry", () => {
  it.each([
    ["coinbase/coinbase_transaction_history.csv", "coinbase-transactions", 4],
    ["coinbase-advanced/coinbase_advanced_fills.csv", "coinbase-advanced-fills", 1],
    ["coinbase-advanced/coinbasepro_account_statement.rotki.csv", "coinbase-pro-account", 1],
    ["binance/binance_transaction_history.rotki.csv", "binance-statement", 1],
    ["binance/binance_trade_history.csv", "binance-trade-history", 1],
    ["kraken/ledgers.csv", "kraken-ledgers", 1],
    ["kraken/trades.csv", "kraken-trades", 1],
    ["gemini/gemini_transaction_history.csv", "gemini-transactions", 1],
    ["kucoin/kucoin_spot_filled_orders.csv", "kucoin-spot-orders", 1],
    ["kucoin/kucoin_deposit_history.csv", "kucoin-deposits-withdrawals", 1],
    ["kucoin/kucoin_trade_history.rotki.csv", "kucoin-trade-history-2022", 1],
    ["kucoin/kucoin_trade_history_2019.rotki.csv", "kucoin-trade-history-2019", 1],
    ["bybit/bybit_deposit_withdrawal_history.csv", "bybit-funding-history", 1],
    ["okx/okx_trading_account_history.csv", "okx-trading-account", 1],
    ["okx/okx_funding_account_history.csv", "okx-funding-account", 1],
    ["cryptocom/crypto_com_app_transactions.rotki.csv", "cryptocom-app", 1],
    ["bitstamp/bitstamp_transactions.csv", "bitstamp-transactions", 1],
    ["bitstamp/bitstamp_transactions_legacy.rotki.csv", "bitstamp-transactions-legacy", 1],
  ])("%s is %s", (file, id, headerLine) => {
    const header = readFileSync(fixture(file), "utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[headerLine - 1] ?? "";
    const cells = header.split(",").map((c) => c.replace(/^"|"$/g, ""));
    const found = detectFormat(cells);
    expect(found.ok && found.importer.id).toBe(id);
    // No importer later in the list also claims it: the order only breaks real ties.
    expect(SUPPORTED_FORMATS.filter((f) => f.id === id)).toHaveLength(1);
  });

  it("lists near misses as candidates", () => {
    const found = detectFormat(["txid", "refid", "time", "type", "asset"]);
    expect(found).toEqual({ ok: false, candidates: ["kraken-ledgers"] });
  });

  it("has unique ids and names every exchange the issue lists", () => {
    expect(new Set(SUPPORTED_FORMATS.map((f) => f.id)).size).toBe(SUPPORTED_FORMATS.length);
    expect(new Set(SUPPORTED_FORMATS.map((f) => f.exchange))).toEqual(new Set(["Coinbase", "Binance", "Kraken", "Gemini", "KuCoin", "Bybit", "OKX", "Crypto.com", "Bitstamp", "Universal"]));
  });
});
