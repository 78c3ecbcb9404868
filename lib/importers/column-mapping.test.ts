import { describe, expect, it } from "vitest";
import { createUniversalParser, UNIVERSAL_COLUMNS } from "../ledger/universal";
import { mapColumnsToUniversal } from "./column-mapping";

describe("mapColumnsToUniversal", () => {
  const headers = ["Datum", "Menge", "Währung", "Gekauft", "Coin", "Notiz"];

  it("rewrites records into universal column order for the universal parser", () => {
    const mapped = mapColumnsToUniversal(headers, {
      Date: "datum",
      "Sent Amount": "Menge",
      "Sent Currency": "Währung",
      "Received Amount": "Gekauft",
      "Received Currency": "Coin",
      Description: "Notiz",
    });
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.errors));
    expect(mapped.header).toEqual(UNIVERSAL_COLUMNS);
    const row = mapped.toUniversal(["2024-01-03 10:11", "1000", "EUR", "0.0248", "BTC", "Kauf"]);
    expect(row).toEqual(["2024-01-03 10:11", "1000", "EUR", "0.0248", "BTC", "", "", "", "", "", "Kauf", "", ""]);
    const made = createUniversalParser(mapped.header, { account: "Bank export" });
    if (!made.ok) throw new Error("header refused");
    made.parser.row(row, 2);
    const out = made.parser.finish();
    expect(out.ok && out.entries.map((e) => [e.kind, e.sentAmount?.toFixed(), e.receivedAsset, e.account])).toEqual([["buy", "1000", "BTC", "Bank export"]]);
  });

  it("names unmapped required fields and mapped columns the file lacks", () => {
    const mapped = mapColumnsToUniversal(headers, { Date: "Datum", "Sent Amount": "Menge", "Sent Currency": "Währung", "Received Amount": "Betrag" });
    expect(!mapped.ok && mapped.errors).toEqual([
      { line: 1, column: "Received Amount", reason: 'mapped column "Betrag" is not in the file\'s header' },
      { line: 1, column: "Received Currency", reason: 'required field "Received Currency" is not mapped to a column' },
    ]);
  });
});
