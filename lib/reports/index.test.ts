import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { computeTax } from "../tax/engine";
import { FORMS_DIR, meta, ukLedger, usLedger } from "./__fixtures__/ledgers";
import { formatsFor, renderReport, REPORT_FORMAT_IDS, REPORT_FORMATS, ReportError, type ReportFormat } from "./index";

const us = computeTax(usLedger(), { jurisdiction: "us", year: 2025 });
const uk = computeTax(ukLedger(), { jurisdiction: "uk", year: 2024 });

describe("REPORT_FORMATS", () => {
  it("lists every id with a content type and a file name carrying the meta", () => {
    expect(REPORT_FORMAT_IDS).toEqual(["8949-pdf", "8949-csv", "schedule-d-pdf", "income-csv", "income-pdf", "turbotax-csv", "taxact-csv", "gains-csv", "uk-summary", "uk-summary-csv", "audit-csv", "audit-pdf"]);
    expect(REPORT_FORMATS["turbotax-csv"].fileName(meta("us", 2025))).toBe("lotwise-turbotax-us-2025-fifo-0123456789ab.csv");
    expect(REPORT_FORMATS["uk-summary"].contentType).toBe("application/pdf");
    expect(formatsFor("uk").map((f) => f.id)).toEqual(["income-csv", "income-pdf", "gains-csv", "uk-summary", "uk-summary-csv", "audit-csv", "audit-pdf"]);
  });
});

describe("renderReport", () => {
  const usFormats = formatsFor("us").map((f) => f.id);
  it.each(usFormats)("US %s", async (id: ReportFormat) => {
    const r = await renderReport(id, us, meta("us", 2025), { formsDir: FORMS_DIR });
    expect(r.contentType).toBe(REPORT_FORMATS[id].contentType);
    expect(r.fileName).toMatch(new RegExp(`^lotwise-[a-z0-9-]+-us-2025-fifo-0123456789ab\\.${REPORT_FORMATS[id].extension}$`));
    if (REPORT_FORMATS[id].extension === "pdf") {
      expect(r.bytes).toBeInstanceOf(Uint8Array);
      const doc = await PDFDocument.load(r.bytes as Uint8Array);
      expect(doc.getPageCount()).toBeGreaterThan(0);
    } else {
      expect(typeof r.bytes).toBe("string");
      expect((r.bytes as string).length).toBeGreaterThan(0);
    }
  });

  it.each(["uk-summary", "uk-summary-csv", "gains-csv", "audit-pdf"] as const)("UK %s", async (id) => {
    const r = await renderReport(id, uk, meta("uk", 2024));
    expect(r.fileName).toMatch(/-uk-2024-hmrc-0123456789ab\.(pdf|csv)$/);
  });

  it("passes rounding and LF through", async () => {
    const r = await renderReport("8949-csv", us, meta("us", 2025), { form8949: { rounding: "whole-dollars" }, eol: "\n" });
    expect((r.bytes as string).split("\n")[2]).toMatch(/^I,I,0\.1 BTC,01\/01\/2025,03\/01\/2025,1508,1010,,,498,/);
  });

  it("refuses unknown formats, the wrong jurisdiction and the wrong year with ReportError", async () => {
    await expect(renderReport("xlsx", us, meta("us", 2025))).rejects.toMatchObject({ code: "unknown-format" });
    await expect(renderReport("8949-pdf", uk, meta("uk", 2024))).rejects.toBeInstanceOf(ReportError);
    await expect(renderReport("uk-summary", us, meta("us", 2025))).rejects.toMatchObject({ code: "wrong-jurisdiction" });
    await expect(renderReport("gains-csv", us, meta("us", 2024))).rejects.toMatchObject({ code: "wrong-year" });
  });
});
