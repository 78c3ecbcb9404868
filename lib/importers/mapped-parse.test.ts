import { describe, expect, it } from "vitest";
import { parseLedgerText } from "./index";

const FILE = "When,Out Qty,Out Coin,In Qty,In Coin,Note\n2024-01-02 10:00:00,,,0.5,ETH,gift from mum\n2024-02-02 10:00:00,0.1,ETH,300,USD,\n";
const mapping = { Date: "When", "Sent Amount": "Out Qty", "Sent Currency": "Out Coin", "Received Amount": "In Qty", "Received Currency": "In Coin", Description: "Note" };

describe("parsing with a user's column mapping", () => {
  it("is refused as an unknown format without a mapping", async () => {
    const out = await parseLedgerText(FILE);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.headers).toEqual(["When", "Out Qty", "Out Coin", "In Qty", "In Coin", "Note"]);
  });

  it("reads the file as universal rows with the mapping", async () => {
    const out = await parseLedgerText(FILE, { account: "My Exchange", mapping });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.format.id).toBe("custom-mapping");
    expect(out.entries.map((e) => [e.kind, e.account, e.receivedAmount?.toFixed(), e.receivedAsset, e.sourceLine])).toEqual([
      ["deposit", "My Exchange", "0.5", "ETH", 2],
      ["sell", "My Exchange", "300", "USD", 3],
    ]);
    expect(out.entries[0]?.description).toBe("gift from mum");
  });

  it("reports bad rows by their line in the user's file", async () => {
    const out = await parseLedgerText(FILE.replace("0.1,ETH", "lots,ETH"), { mapping });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.errors[0]).toMatchObject({ line: 3 });
  });
});
