import { describe, expect, it } from "vitest";
import { createUniversalParser, isUniversalHeader, parseUniversalCsv, parseUniversalRows, parseUtcTimestamp, UNIVERSAL_COLUMNS } from "./universal";

const HEADER = UNIVERSAL_COLUMNS.join(",");
const parse = (rows: string[], account?: string) => parseUniversalCsv([HEADER, ...rows].join("\n"), { account });
const ok = (rows: string[], account?: string) => {
  const out = parse(rows, account);
  if (!out.ok) throw new Error(JSON.stringify(out.issues));
  return out.entries;
};

describe("universal CSV (Koinly columns + Account)", () => {
  it.each([
    { name: "fiat to crypto is a buy", row: "2024-01-05 14:30:00,1000,USD,0.025,BTC,4.99,USD,1000,USD,,Bought,,", kind: "buy", label: null },
    { name: "crypto to fiat is a sell", row: "2024-01-05 14:30:00,0.025,BTC,1000,EUR,,,,,,,,", kind: "sell", label: null },
    { name: "crypto to crypto is a trade", row: "2024-01-05 14:30:00,1,ETH,0.05,BTC,,,,,,,,", kind: "trade", label: null },
    { name: "only received is a deposit", row: "2024-01-05 14:30:00,,,1,ETH,,,,,,,0xabc,", kind: "deposit", label: null },
    { name: "only sent is a withdrawal", row: "2024-01-05 14:30:00,1,ETH,,,,,,,,,0xabc,", kind: "withdrawal", label: null },
    { name: "only a fee is a fee row", row: "2024-01-05 14:30:00,,,,,0.001,ETH,,,,failed tx,,", kind: "fee", label: null },
    { name: "staking is income", row: "2024-01-05 14:30:00,,,0.1,ETH,,,250,USD,staking,,,", kind: "income", label: "staking" },
    { name: "mining is income", row: "2024-01-05 14:30:00,,,0.1,BTC,,,,,Mining,,,", kind: "income", label: "mining" },
    { name: "airdrop is income", row: "2024-01-05 14:30:00,,,100,UNI,,,,,airdrop,,,", kind: "income", label: "airdrop" },
    { name: "interest is income", row: "2024-01-05 14:30:00,,,1,USDC,,,,,interest,,,", kind: "income", label: "interest" },
    { name: "income is income", row: "2024-01-05 14:30:00,,,1,USDC,,,,,income,,,", kind: "income", label: "income" },
    { name: "other income maps to income", row: "2024-01-05 14:30:00,,,1,USDC,,,,,other income,,,", kind: "income", label: "income" },
    { name: "gift received", row: "2024-01-05 14:30:00,,,1,ETH,,,,,gift,,,", kind: "gift-received", label: "gift" },
    { name: "gift sent", row: "2024-01-05 14:30:00,1,ETH,,,,,,,gift,,,", kind: "gift-sent", label: "gift" },
    { name: "lost", row: "2024-01-05 14:30:00,1,ETH,,,,,,,lost,,,", kind: "lost", label: "lost" },
  ])("$name", ({ row, kind, label }) => {
    const [e] = ok([row]);
    expect(e?.kind).toBe(kind);
    expect(e?.label).toBe(label);
  });

  it("reads every field, decimals as strings, the account from the row or the option", () => {
    const [a, b] = ok(["2024-01-05 14:30:00,1000,usd,0.025,btc,4.99,USD,1000.50,USD,,Bought BTC,0xABC,Coinbase", "2024-01-06T00:00:00Z,,,1,ETH,,,,,,,,"], "Fallback");
    expect(a).toMatchObject({ time: new Date("2024-01-05T14:30:00Z"), account: "Coinbase", kind: "buy", sentAsset: "USD", receivedAsset: "BTC", feeAsset: "USD", fiatCurrency: "USD", description: "Bought BTC", txHash: "0xABC", sourceLine: 2 });
    expect([a?.sentAmount?.toFixed(), a?.receivedAmount?.toFixed(), a?.feeAmount?.toFixed(), a?.fiatValue?.toFixed()]).toEqual(["1000", "0.025", "4.99", "1000.5"]);
    expect(b?.account).toBe("Fallback");
  });

  it.each([
    ["2024-01-05T14:30:00Z", "2024-01-05T14:30:00.000Z"],
    ["2024-01-05T14:30:00.123+02:00", "2024-01-05T12:30:00.123Z"],
    ["2024-01-05 14:30:00", "2024-01-05T14:30:00.000Z"],
    ["2024-01-05 14:30:00 UTC", "2024-01-05T14:30:00.000Z"],
    ["2024-01-05 14:30 UTC", "2024-01-05T14:30:00.000Z"],
    ["2024-01-05", "2024-01-05T00:00:00.000Z"],
  ])("accepts the date %s", (text, iso) => {
    expect(parseUtcTimestamp(text)?.toISOString()).toBe(iso);
  });

  it.each(["2024-13-45 25:61:00", "2023-02-29", "05/01/2024", "yesterday"])("rejects the date %s", (text) => {
    expect(parseUtcTimestamp(text)).toBeNull();
  });

  it("gives stable externalIds: the same row twice gets two ids, the same file gets the same ids", () => {
    const rows = ["2024-01-05 14:30:00,1000,USD,0.025,BTC,,,,,,,,", "2024-01-05 14:30:00,1000,USD,0.025,BTC,,,,,,,,", "2024-01-06 14:30:00,1000,USD,0.025,BTC,,,,,,,,"];
    const a = ok(rows).map((e) => e.externalId);
    const b = ok(rows).map((e) => e.externalId);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(3);
    // "1.50" and "1.5" are the same amount.
    expect(ok(["2024-01-05 14:30:00,1000.00,USD,0.0250,BTC,,,,,,,,"])[0]?.externalId).toBe(a[0]);
  });

  it.each([
    { name: "bad date", row: "2024-13-45 25:61:00,1,BTC,,,,,,,,,,", line: 2, column: "Date" },
    { name: "negative amount", row: "2024-01-05 14:30:00,-1,BTC,,,,,,,,,,", line: 2, column: "Sent Amount" },
    { name: "thousands separator", row: '2024-01-05 14:30:00,"1,000",USD,1,BTC,,,,,,,,', line: 2, column: "Sent Amount" },
    { name: "amount without currency", row: "2024-01-05 14:30:00,1,,,,,,,,,,,", line: 2, column: "Sent Currency" },
    { name: "currency without amount", row: "2024-01-05 14:30:00,,BTC,,,,,,,,,,", line: 2, column: "Sent Amount" },
    { name: "net worth in a crypto", row: "2024-01-05 14:30:00,,,1,BTC,,,5,ETH,,,,", line: 2, column: "Net Worth Currency" },
    { name: "staking on a sent row", row: "2024-01-05 14:30:00,1,ETH,,,,,,,staking,,,", line: 2, column: "Label" },
    { name: "no amounts at all", row: "2024-01-05 14:30:00,,,,,,,,,,note,,", line: 2, column: undefined },
  ])("refuses the file on a $name, naming line and column", ({ row, line, column }) => {
    const out = parse(["2024-01-01 00:00:00,,,1,BTC,,,,,,,,", row].reverse());
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.issues[0]).toMatchObject({ line, ...(column ? { column } : {}) });
  });

  it("reports a missing required column on the header line", () => {
    const out = parseUniversalCsv("Date,Sent Amount,Sent Currency,Received Amount\n2024-01-01,1,BTC,1\n");
    expect(out).toEqual({ ok: false, issues: [{ line: 1, column: "Received Currency", reason: 'missing required column "Received Currency"' }] });
  });

  it("counts lines in quoted multi-line cells, BOM and CRLF", () => {
    const text = `\uFEFF${HEADER}\r\n2024-01-05 14:30:00,,,1,ETH,,,,,,"two\r\nlines",,\r\n2024-01-06 14:30:00,,,x,ETH,,,,,,,,\r\n`;
    const out = parseUniversalCsv(text);
    expect(out.ok ? [] : out.issues.map((i) => [i.line, i.column])).toEqual([[4, "Received Amount"]]);
  });

  it("detects its header and parses pre-split rows for lib/importers", () => {
    expect(isUniversalHeader([...UNIVERSAL_COLUMNS])).toBe(true);
    expect(isUniversalHeader(["Date", "Amount"])).toBe(false);
    const out = parseUniversalRows([...UNIVERSAL_COLUMNS], [{ line: 7, cells: ["2024-01-05 14:30:00", "", "", "1", "ETH", "", "", "", "", "", "", "", "Ledger"] }]);
    expect(out.ok && out.entries.map((e) => [e.sourceLine, e.account, e.kind])).toEqual([[7, "Ledger", "deposit"]]);
    expect(createUniversalParser(["Date"], { headerLine: 3 }).ok).toBe(false);
  });
});
