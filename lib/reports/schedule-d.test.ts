import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { D } from "../tax/decimal";
import { computeTax } from "../tax/engine";
import type { UsYearSummary } from "../tax/types";
import { FORMS_DIR, line, meta, usLedger, usResult } from "./__fixtures__/ledgers";
import { build8949Rows } from "./form-8949";
import { loadFieldMap } from "./forms";
import { buildScheduleD, renderScheduleDPdf } from "./schedule-d";

describe("buildScheduleD", () => {
  it("carries the 8949 box totals to lines 3 and 10 and nets lines 7, 15, 16 (2025)", () => {
    const r = computeTax(usLedger(), { jurisdiction: "us", year: 2025 });
    const s = r.summary[0] as UsYearSummary;
    const d = buildScheduleD(build8949Rows(r));
    const byLine = Object.fromEntries(d.lines.map((l) => [l.line, l]));
    expect(byLine["3"]?.boxes).toEqual(["C", "I"]);
    expect(byLine["3"]?.proceeds.eq(s.shortTerm.proceeds)).toBe(true);
    expect(byLine["3"]?.gain.eq(s.shortTerm.gain)).toBe(true);
    expect(byLine["3"]?.copies).toBe(2);
    expect(byLine["10"]?.costBasis.eq(s.longTerm.costBasis)).toBe(true);
    expect(byLine["1b"]?.rows).toBe(0);
    expect(d.line7.eq(s.shortTerm.gain)).toBe(true);
    expect(d.line15.eq(s.longTerm.gain)).toBe(true);
    expect(d.line16.eq(s.shortTerm.gain.plus(s.longTerm.gain))).toBe(true);
    expect(d.line17).toBe("yes");
    expect(d.line21).toBeNull();
    expect(d.notes).toEqual([]);
  });

  it("maps the 2025 boxes to lines: G with A on 1b, H with B on 2, J/K/L on 8b/9/10", () => {
    const lines = [
      line({ disposalId: "g", term: "short" }),
      line({ disposalId: "h", term: "short" }),
      line({ disposalId: "j", term: "long" }),
      line({ disposalId: "k", term: "long" }),
    ];
    const rows = build8949Rows(usResult(lines), { reporting: { byDisposal: { g: "basis-reported", h: "basis-not-reported", j: "basis-reported", k: "basis-not-reported" } } });
    const d = buildScheduleD(rows);
    expect(d.lines.filter((l) => l.rows > 0).map((l) => [l.line, l.rows])).toEqual([
      ["1b", 1],
      ["2", 1],
      ["8b", 1],
      ["9", 1],
    ]);
  });

  it("rounds lines from unrounded rows in whole dollars and says when the copies differ", () => {
    const lines = [line({ disposalId: "a", proceeds: new D("10.50"), costBasis: new D("0") }), line({ disposalId: "b", proceeds: new D("10.50"), costBasis: new D("0") })];
    const d = buildScheduleD(build8949Rows(usResult(lines), { rounding: "whole-dollars" }));
    const l3 = d.lines.find((l) => l.line === "3");
    expect(l3?.proceeds.toString()).toBe("21");
    expect(l3?.fromCopies.proceeds.toString()).toBe("22");
    expect(l3?.differs).toBe(true);
    expect(d.notes[0]).toMatch(/^line 3: rounded from the unrounded rows it is 21; the 8949 copies add up to 22/);
  });

  it("limits a net loss on line 21 and subtracts carryovers", () => {
    const lines = [line({ disposalId: "a", proceeds: new D("100"), costBasis: new D("5100") })];
    const d = buildScheduleD(build8949Rows(usResult(lines)), { carryover: { longTerm: new D("250") } });
    expect([d.line7.toFixed(2), d.line14.toFixed(2), d.line15.toFixed(2), d.line16.toFixed(2), d.line17, d.line21?.toFixed(2)]).toEqual(["-5000.00", "250.00", "-250.00", "-5250.00", null, "3000.00"]);
    expect(buildScheduleD(build8949Rows(usResult(lines)), { filingStatus: "mfs" }).line21?.toFixed(2)).toBe("1500.00");
  });
});

describe("renderScheduleDPdf", () => {
  it("fills the official Schedule D fields", async () => {
    const r = computeTax(usLedger(), { jurisdiction: "us", year: 2025 });
    const d = buildScheduleD(build8949Rows(r));
    const doc = await PDFDocument.load(await renderScheduleDPdf(d, meta("us", 2025), { tin: "123-45-6789", formsDir: FORMS_DIR }));
    const f = doc.getForm();
    const m = loadFieldMap(FORMS_DIR).f1040sd["2025"];
    const t = (name: string) => f.getTextField(name).getText() ?? "";
    expect(doc.getPageCount()).toBe(2);
    expect([t(m.name), t(m.ssn)]).toEqual(["Jordan Q. Public", "123-45-6789"]);
    expect([t(m.line3.d_proceeds), t(m.line3.e_cost_basis), t(m.line3.g_adjustment), t(m.line3.h_gain_loss)]).toEqual(["19,160.90", "15,053.50", "", "4,107.40"]);
    expect([t(m.line10.d_proceeds), t(m.line10.e_cost_basis), t(m.line10.h_gain_loss)]).toEqual(["14,002.00", "7,515.00", "6,487.00"]);
    expect([t(m.line1b.d_proceeds), t(m.line7), t(m.line15), t(m.line16)]).toEqual(["", "4,107.40", "6,487.00", "10,594.40"]);
    expect(f.getCheckBox(m.line17.yes.field).isChecked()).toBe(true);
    expect(f.getCheckBox(m.line17.no.field).isChecked()).toBe(false);
  });

  it("writes the 2024 form's line 21 in its extra subform", async () => {
    const lines = [line({ disposalId: "a", proceeds: new D("100"), costBasis: new D("1100"), taxYear: 2024, disposedAt: new Date("2024-03-01T00:00:00Z"), acquiredAt: new Date("2024-01-01T00:00:00Z") })];
    const d = buildScheduleD(build8949Rows(usResult(lines, 2024)));
    const doc = await PDFDocument.load(await renderScheduleDPdf(d, meta("us", 2024), { formsDir: FORMS_DIR }));
    const m = loadFieldMap(FORMS_DIR).f1040sd["2024"];
    expect(doc.getForm().getTextField(m.line21_in_parens).getText()).toBe("1,000.00");
    expect(doc.getForm().getTextField(m.line16).getText()).toBe("(1,000.00)");
  });
});
