import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { computeTax } from "../tax/engine";
import { meta, usLedger } from "./__fixtures__/ledgers";
import { buildIncomeReport, INCOME_CSV_HEADER, renderIncomeCsv, renderIncomePdf } from "./income";

const report = () => buildIncomeReport(computeTax(usLedger(), { jurisdiction: "us", year: 2025 }), 2025);

describe("income report", () => {
  it("totals by type and overall, equal to the engine's income", () => {
    const r = report();
    const result = computeTax(usLedger(), { jurisdiction: "us", year: 2025 });
    expect(r.byType.map((t) => [t.type, t.events, t.value.toFixed(2)])).toEqual([
      ["airdrop", 1, "12.34"],
      ["staking", 2, "1350.62"],
    ]);
    expect(r.total.eq(result.totals.income)).toBe(true);
  });

  it("CSV: meta comment, documented header, one row per event, totals as comments, injection neutralised", () => {
    const lines = renderIncomeCsv(report(), meta("us", 2025), { eol: "\n" }).split("\n");
    expect(lines[0]).toMatch(/^# Income \| Lotwise \| US \| tax year 2025 \| method FIFO/);
    expect(lines[1]).toBe("Date,Time Zone,Asset,Amount,Fair Market Value,Currency,Type,Account,Unit Price,Price Source,Value Missing,ID");
    expect(lines[1]).toBe(INCOME_CSV_HEADER.join(","));
    expect(lines[2]).toMatch(/^2025-04-01 00:00:00,UTC,ETH,0\.5,900\.12,USD,staking,Coinbase,1800\.24,[^,]*,false,stake-1$/);
    expect(lines[4]).toMatch(/^2025-07-01 00:00:00,UTC,"'=HYPERLINK\(""x""\)",100,12\.34,USD,airdrop,/);
    expect(lines.slice(5)).toEqual(["# total airdrop: 1 events = 12.34 USD", "# total staking: 2 events = 1350.62 USD", "# total income: 3 events = 1362.96 USD", ""]);
  });

  it("PDF: a readable table that pdf-lib loads", async () => {
    const doc = await PDFDocument.load(await renderIncomePdf(report(), meta("us", 2025)));
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe("Crypto income, tax year 2025");
    expect(doc.getKeywords()).toContain("sha256:0123456789abcdef");
  });
});
