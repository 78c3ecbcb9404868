import { describe, expect, it } from "vitest";
import { parseLedgerText } from "./index";

const HEADER = "Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash,Account";

describe("universal template through the streaming reader", () => {
  it("uses each row's Account, else the import's account", async () => {
    const text = `${HEADER}\n2024-01-02 03:04,,,1,BTC,,,40000,USD,,,,Ledger Nano\n2024-01-03 00:00,100,USD,0.002,BTC,1,USD,,,,,,\n`;
    const r = await parseLedgerText(text, { account: "My sheet" });
    expect(r.ok && r.format.id).toBe("universal");
    expect(r.ok && r.entries.map((e) => [e.sourceLine, e.account, e.kind, e.fiatValue?.toFixed()])).toEqual([
      [2, "Ledger Nano", "deposit", "40000"],
      [3, "My sheet", "buy", undefined],
    ]);
  });

  it("passes through the universal parser's line errors", async () => {
    const r = await parseLedgerText(`${HEADER}\n2024-13-01,,,1,BTC,,,,,,,,\n`);
    expect(!r.ok && r.errors.map((e) => [e.line, e.column])).toEqual([[2, "Date"]]);
  });
});
