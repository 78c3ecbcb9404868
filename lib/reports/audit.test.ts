import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { D } from "../tax/decimal";
import { computeTax } from "../tax/engine";
import { line, meta, ukLedger, usLedger, usResult } from "./__fixtures__/ledgers";
import { AUDIT_CSV_HEADER, renderAuditCsv, renderAuditPdf } from "./audit";

describe("audit trail", () => {
  it("CSV: one row per consumed lot with its source transaction and the prices used", () => {
    const r = computeTax(usLedger(), { jurisdiction: "us", year: 2025 });
    const lines = renderAuditCsv(r, meta("us", 2025), { eol: "\n" }).split("\n");
    expect(lines[0]).toMatch(/^# Audit trail \(times in UTC\) \| Lotwise \| US/);
    expect(lines[1]).toBe(AUDIT_CSV_HEADER.join(","));
    expect(lines[1]).toBe(
      "Disposal ID,Entries,Kind,Date Sold,Asset,Line Amount,Proceeds,Cost Basis,Gain or Loss,Term,Rule,Account,Lot ID,Lot Source Tx,Lot Account,Lot Acquired,Lot Amount,Lot Cost Basis,Lot Unit Cost,Lot Basis Missing,Prices Used,Price Missing",
    );
    expect(lines[2]).toMatch(/^sell-btc-1,sell-btc-1,sale,2025-03-01 15:30:00,BTC,0\.1,1507\.55,1010\.25,497\.30,short,fifo,Coinbase,buy-btc-1,buy-btc-1,Coinbase,2025-01-01 10:00:00,0\.1,1010\.25,10102\.5,false,1507\.55 USD = 1507\.55 USD from row: received USD at 2025-03-01 15:30:00,false$/);
    expect(lines).toHaveLength(2 + 19 + 1);
  });

  it("CSV: a line with several lots gives several rows; a line without lots one row", () => {
    const twoLots = line({
      disposalId: "d",
      amount: new D("2"),
      costBasis: new D("30"),
      lots: [
        { id: "b1", externalId: "b1", account: "A", acquiredAt: new Date("2025-01-01T00:00:00Z"), amount: new D("1"), costBasis: new D("10"), basisMissing: false },
        { id: "b2", externalId: "b2", account: "B", acquiredAt: new Date("2025-01-02T00:00:00Z"), amount: new D("1"), costBasis: new D("20"), basisMissing: false },
      ],
    });
    const none = line({ disposalId: "e", lots: [], acquiredAt: null, basisMissing: true, costBasis: new D(0) });
    const rows = renderAuditCsv(usResult([twoLots, none]), meta("us", 2025), { eol: "\n" }).split("\n").slice(2, -1);
    expect(rows.map((r) => r.split(",").slice(12, 20).join(","))).toEqual(["b1,b1,A,2025-01-01 00:00:00,1,10.00,10,false", "b2,b2,B,2025-01-02 00:00:00,1,20.00,20,false", ",,,,,,,true"]);
  });

  it("CSV: UK pool lots have no source transaction", () => {
    const r = computeTax(ukLedger(), { jurisdiction: "uk", year: 2024 });
    const first = renderAuditCsv(r, meta("uk", 2024), { eol: "\n" }).split("\n")[2];
    expect(first?.split(",").slice(12, 17)).toEqual(["s104:BTC", "", "", "", "0.5"]);
  });

  it("PDF: readable, loads, carries the meta", async () => {
    const r = computeTax(usLedger(), { jurisdiction: "us", year: 2025 });
    const doc = await PDFDocument.load(await renderAuditPdf(r, meta("us", 2025)));
    expect(doc.getTitle()).toBe("Audit trail, tax year 2025");
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
  });
});
