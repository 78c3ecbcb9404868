import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { computeTax } from "../tax/engine";
import { meta, ukLedger, usLedger } from "./__fixtures__/ledgers";
import { buildUkSummary, renderUkSummaryCsv, renderUkSummaryPdf, UK_COMPUTATION_CSV_HEADER } from "./uk-summary";

const uk = () => computeTax(ukLedger(), { jurisdiction: "uk", year: 2024 });

describe("UK summary", () => {
  it("gives the SA108 box figures", () => {
    const s = buildUkSummary(uk(), 2024);
    expect(s.label).toBe("2024/25");
    expect(s.boxes.map((b) => [b.box, b.value.toString()])).toEqual([
      ["13.1", "4"],
      ["13.2", "37000"],
      ["13.3", "33000"],
      ["13.4", "6000"],
      ["13.5", "2000"],
    ]);
    expect(s.reportingTriggers).toEqual(["net gains 4,000.00 exceed the annual exempt amount 3,000", "losses of 2,000.00 must be reported to be allowable (CG15800P)"]);
  });

  it("lists each disposal with its rule and the s104 pool after it", () => {
    const s = buildUkSummary(uk(), 2024);
    expect(s.lines.map((l) => [l.no, l.date, l.rule, l.quantity.toString(), l.gain.toString(), l.matchedWith, l.poolAfter ? `${l.poolAfter.quantity} @ ${l.poolAfter.cost}` : null])).toEqual([
      [1, "2024-06-10", "s104", "0.5", "5000", "", "1.5 @ 30000"],
      // Matched wholly by the same-day / 30-day rules: the pool is untouched, and still shown.
      [2, "2024-08-01", "same-day", "0.2", "1000", "2024-08-01", "1.5 @ 30000"],
      [3, "2024-11-01", "30-day", "0.1", "-1000", "2024-11-15", "1.5 @ 30000"],
      [4, "2025-02-01", "s104", "0.5", "-1000", "", "1 @ 20000"],
    ]);
    expect(s.missing).toEqual([]);
  });

  it("CSV: meta and SA108 figures as comments, then the computation", () => {
    const lines = renderUkSummaryCsv(buildUkSummary(uk(), 2024), meta("uk", 2024), { eol: "\n" }).split("\n");
    expect(lines[0]).toMatch(/^# UK capital gains 2024\/25 \| Lotwise \| UK \| tax year 2024\/25/);
    expect(lines.slice(1, 6)).toEqual([
      "# SA108 box 13.1 Number of disposals: 4",
      "# SA108 box 13.2 Disposal proceeds: 37000 (exact 37000.00)",
      "# SA108 box 13.3 Allowable costs (including purchase price): 33000 (exact 33000.00)",
      "# SA108 box 13.4 Gains in the year, before losses: 6000 (exact 6000.00)",
      "# SA108 box 13.5 Losses in the year: 2000 (exact 2000.00)",
    ]);
    const header = lines.findIndex((l) => l.startsWith("Disposal No."));
    expect(lines[header]).toBe(UK_COMPUTATION_CSV_HEADER.join(","));
    expect(lines[header + 1]).toBe("1,2024-06-10,BTC,0.5,s104,15000.00,10000.00,5000.00,,1.5,30000.00,uk:BTC:2024-06-10,s1,false");
    expect(lines[header + 3]).toBe("3,2024-11-01,BTC,0.1,30-day,5000.00,6000.00,-1000.00,2024-11-15,1.5,30000.00,uk:BTC:2024-11-01,s3,false");
  });

  it("PDF loads and says what it is", async () => {
    const doc = await PDFDocument.load(await renderUkSummaryPdf(buildUkSummary(uk(), 2024), meta("uk", 2024)));
    expect(doc.getTitle()).toBe("Capital gains on cryptoassets, tax year 2024/25");
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
  });

  it("refuses a US result", () => {
    expect(() => buildUkSummary(computeTax(usLedger(), { jurisdiction: "us", year: 2025 }), 2025)).toThrow(/UK result/);
  });
});
