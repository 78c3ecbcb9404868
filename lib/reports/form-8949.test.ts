import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { D } from "../tax/decimal";
import { computeTax } from "../tax/engine";
import type { TaxResult, UsYearSummary } from "../tax/types";
import { FORMS_DIR, line, meta, usLedger, usResult } from "./__fixtures__/ledgers";
import { build8949Rows, FORM_8949_CSV_HEADER, render8949Csv, render8949Pdf } from "./form-8949";
import { loadFieldMap } from "./forms";
import { copyFieldName } from "./pdf/fill-form";

const sum = (xs: string[]) => xs.reduce((s, x) => s.plus(x.replace(/,/g, "").replace(/^\((.*)\)$/, "-$1")), new D(0));

describe("build8949Rows: boxes", () => {
  it.each([
    { name: "2024 short, no 1099", year: 2024, term: "short" as const, hint: undefined, box: "C", part: "I" },
    { name: "2024 long, no 1099", year: 2024, term: "long" as const, hint: undefined, box: "F", part: "II" },
    { name: "2025 short, no 1099-DA", year: 2025, term: "short" as const, hint: undefined, box: "I", part: "I" },
    { name: "2025 long, no 1099-DA", year: 2025, term: "long" as const, hint: undefined, box: "L", part: "II" },
    { name: "2025 short, 1099-DA with basis", year: 2025, term: "short" as const, hint: "basis-reported" as const, box: "G", part: "I" },
    { name: "2025 long, 1099-DA without basis", year: 2025, term: "long" as const, hint: "basis-not-reported" as const, box: "K", part: "II" },
    { name: "2024 short, 1099-B without basis", year: 2024, term: "short" as const, hint: "basis-not-reported" as const, box: "B", part: "I" },
  ])("$name -> box $box", ({ year, term, hint, box, part }) => {
    const l = line({ disposalId: "d1", term, taxYear: year });
    const rows = build8949Rows(usResult([l], year), { year, reporting: hint ? { byDisposal: { d1: hint } } : undefined });
    expect(rows.groups.map((g) => [g.part, g.box])).toEqual([[part, box]]);
    expect(rows.rowsPerPage).toBe(year >= 2025 ? 11 : 14);
  });

  it("takes an account hint when the disposal has none", () => {
    const rows = build8949Rows(usResult([line({ disposalId: "a" }), line({ disposalId: "b", account: "Ledger" })]), { reporting: { byAccount: { Coinbase: "basis-not-reported" } } });
    expect(rows.groups.map((g) => [g.box, g.rows.map((r) => r.disposalId)])).toEqual([
      ["H", ["a"]],
      ["I", ["b"]],
    ]);
  });

  it("refuses non-US results and a missing year", () => {
    const uk = { ...usResult([]), settings: { ...usResult([]).settings, jurisdiction: "uk" as const } };
    expect(() => build8949Rows(uk)).toThrow(/US form/);
    expect(() => build8949Rows({ ...usResult([]), settings: { ...usResult([]).settings, year: null } })).toThrow(/options.year/);
  });
});

describe("build8949Rows: rows", () => {
  const twoLots = line({
    disposalId: "d2",
    amount: new D("3"),
    proceeds: new D("100"),
    costBasis: new D("40"),
    lots: [
      { id: "b1", externalId: "b1", account: "Coinbase", acquiredAt: new Date("2025-01-02T00:00:00Z"), amount: new D("1"), costBasis: new D("10"), basisMissing: false },
      { id: "b2", externalId: "b2", account: "Coinbase", acquiredAt: new Date("2025-01-05T00:00:00Z"), amount: new D("2"), costBasis: new D("30"), basisMissing: false },
    ],
  });

  it("splits a disposal into one row per lot, proceeds pro rata, remainder on the last", () => {
    const [g] = build8949Rows(usResult([twoLots])).groups;
    expect(g?.rows.map((r) => [r.description, r.dateAcquired, r.dateSold, r.proceeds.toFixed(2), r.costBasis.toFixed(2), r.gain.toFixed(2), r.lotId])).toEqual([
      ["1 BTC", "01/02/2025", "03/10/2025", "33.33", "10.00", "23.33", "b1"],
      ["2 BTC", "01/05/2025", "03/10/2025", "66.67", "30.00", "36.67", "b2"],
    ]);
    expect(g?.exactTotals.proceeds.eq(100)).toBe(true);
  });

  it("one row per line with VARIOUS when lots have different dates", () => {
    const [g] = build8949Rows(usResult([twoLots]), { granularity: "disposal-line" }).groups;
    expect(g?.rows.map((r) => [r.description, r.dateAcquired, r.proceeds.toFixed(2), r.lotId])).toEqual([["3 BTC", "VARIOUS", "100.00", null]]);
  });

  it("a line without lots is a row with no acquisition date, flagged", () => {
    const l = line({ disposalId: "d3", lots: [], acquiredAt: null, costBasis: new D(0), basisMissing: true });
    const [g] = build8949Rows(usResult([l])).groups;
    expect(g?.rows.map((r) => [r.dateAcquired, r.basisMissing, r.costBasis.toFixed(2)])).toEqual([["", true, "0.00"]]);
  });

  it("whole dollars: rounds (d) and (e) half-up per row and computes (h) from them", () => {
    const l = line({ disposalId: "d4", proceeds: new D("100.50"), costBasis: new D("40.49") });
    const [g] = build8949Rows(usResult([l]), { rounding: "whole-dollars" }).groups;
    const r = g?.rows[0];
    expect([r?.proceeds.toString(), r?.costBasis.toString(), r?.gain.toString(), r?.exact.gain.toString()]).toEqual(["101", "40", "61", "60.01"]);
  });

  it("uses the local date of the result's time zone", () => {
    const l = line({ disposalId: "d5", disposedAt: new Date("2025-03-10T02:00:00Z") });
    const r = usResult([l]);
    r.settings.timeZone = "America/New_York";
    expect(build8949Rows(r).groups[0]?.rows[0]?.dateSold).toBe("03/09/2025");
  });
});

describe("Form 8949 from the engine (US 2025, three pages)", () => {
  let result: TaxResult;
  let summary: UsYearSummary;
  let form: ReturnType<PDFDocument["getForm"]>;
  let doc: PDFDocument;
  const map = loadFieldMap(FORMS_DIR).f8949["2025"];
  const p1 = map.part1_short_term;
  const p2 = map.part2_long_term;

  beforeAll(async () => {
    result = computeTax(usLedger(), { jurisdiction: "us", year: 2025 });
    summary = result.summary[0] as UsYearSummary;
    const rows = build8949Rows(result);
    const pdf = await render8949Pdf(rows, meta("us", 2025), { tin: "123-45-6789", formsDir: FORMS_DIR });
    doc = await PDFDocument.load(pdf);
    form = doc.getForm();
  });

  const text = (name: string, page: number) => form.getTextField(copyFieldName(name, `Page${page}[0]`)).getText() ?? "";

  it("has two Part I copies (11 + 3 rows, box I) and one Part II copy (box L)", () => {
    expect(doc.getPageCount()).toBe(3);
    expect([1, 2].map((p) => form.getCheckBox(copyFieldName(p1.checkboxes.I?.field as string, `Page${p}[0]`)).isChecked())).toEqual([true, true]);
    expect(form.getCheckBox(copyFieldName(p1.checkboxes.C?.field as string, "Page1[0]")).isChecked()).toBe(false);
    expect(form.getCheckBox(copyFieldName(p2.checkboxes.L?.field as string, "Page3[0]")).isChecked()).toBe(true);
    expect(p1.rows.filter((_, i) => text(p1.rows[i]?.a_description as string, 1) !== "")).toHaveLength(11);
    expect(p1.rows.filter((_, i) => text(p1.rows[i]?.a_description as string, 2) !== "")).toHaveLength(3);
  });

  it("puts the name and TIN on every page", () => {
    expect([text(p1.name, 1), text(p1.name, 2), text(p2.name, 3)]).toEqual(["Jordan Q. Public", "Jordan Q. Public", "Jordan Q. Public"]);
    expect(text(p2.ssn, 3)).toBe("123-45-6789");
  });

  it("fills the row cells of the first and last rows", () => {
    const r1 = p1.rows[0];
    expect(r1 && [text(r1.a_description, 1), text(r1.b_date_acquired, 1), text(r1.c_date_sold, 1), text(r1.d_proceeds, 1), text(r1.e_cost_basis, 1), text(r1.f_code, 1), text(r1.g_adjustment, 1), text(r1.h_gain_loss, 1)]).toEqual([
      "0.1 BTC",
      "01/01/2025",
      "03/01/2025",
      "1,507.55",
      "1,010.25",
      "",
      "",
      "497.30",
    ]);
    // Row 3 of page 1 is the sale of 3 March, a loss: parentheses in (h).
    const r3 = p1.rows[2];
    expect(r3 && text(r3.h_gain_loss, 1)).toBe("(127.15)");
    const last = p2.rows[4];
    expect(last && [text(last.a_description, 3), text(last.b_date_acquired, 3), text(last.c_date_sold, 3), text(last.h_gain_loss, 3)]).toEqual(["1 ETH", "02/05/2023", "06/05/2025", "1,495.40"]);
    expect(p2.rows[5] && text(p2.rows[5].a_description, 3)).toBe("");
  });

  it("page totals add up to the engine's short- and long-term totals", () => {
    const t1 = p1.totals_line2;
    const t2 = p2.totals_line2;
    const pagesST = [1, 2];
    expect(sum(pagesST.map((p) => text(t1.d_proceeds, p))).eq(summary.shortTerm.proceeds)).toBe(true);
    expect(sum(pagesST.map((p) => text(t1.e_cost_basis, p))).eq(summary.shortTerm.costBasis)).toBe(true);
    expect(sum(pagesST.map((p) => text(t1.h_gain_loss, p))).eq(summary.shortTerm.gain)).toBe(true);
    expect(sum([text(t2.d_proceeds, 3)]).eq(summary.longTerm.proceeds)).toBe(true);
    expect(sum([text(t2.e_cost_basis, 3)]).eq(summary.longTerm.costBasis)).toBe(true);
    expect(sum([text(t2.h_gain_loss, 3)]).eq(summary.longTerm.gain)).toBe(true);
    // Each page's line 2 is that page's rows.
    const page2Rows = p1.rows.slice(0, 3).map((r) => text(r.h_gain_loss, 2));
    expect(sum(page2Rows).eq(sum([text(t1.h_gain_loss, 2)]))).toBe(true);
    expect(text(t1.g_adjustment, 1)).toBe("");
    expect(text(t1.f_code_READONLY_shaded, 1)).toBe("");
  });

  it("states the meta in the document info", () => {
    expect(doc.getTitle()).toBe("Form 8949 (2025 revision), tax year 2025");
    expect(doc.getSubject()).toContain("ledger sha256:0123456789abcdef");
  });

  it("flatten mode writes the same pages without form fields", async () => {
    const flat = await PDFDocument.load(await render8949Pdf(build8949Rows(result), meta("us", 2025), { flatten: true, formsDir: FORMS_DIR }));
    expect(flat.getPageCount()).toBe(3);
    expect(flat.getForm().getFields()).toHaveLength(0);
  });

  it("keeps the official field names with one copy per part", async () => {
    const one = computeTax(usLedger().filter((e) => !/-(?:[2-9]|1\d)$/.test(e.externalId)), { jurisdiction: "us", year: 2025 });
    const d = await PDFDocument.load(await render8949Pdf(build8949Rows(one), meta("us", 2025), { formsDir: FORMS_DIR }));
    const f = d.getForm();
    expect(d.getPageCount()).toBe(2);
    expect(f.getTextField(p1.rows[0]?.a_description as string).getText()).toBe("0.1 BTC");
    expect(f.getTextField(p2.rows[0]?.a_description as string).getText()).toBe("1 ETH");
  });

  it("the 2024 revision takes 14 rows a page and boxes C/F", async () => {
    const shifted = computeTax(
      usLedger().map((e) => ({ ...e, time: new Date(e.time.getTime() - 365 * 86_400_000) })),
      { jurisdiction: "us", year: 2024 },
    );
    const rows = build8949Rows(shifted);
    expect(rows.groups.map((g) => [g.box, g.rows.length])).toEqual([
      ["C", 14],
      ["F", 5],
    ]);
    const d = await PDFDocument.load(await render8949Pdf(rows, meta("us", 2024), { formsDir: FORMS_DIR }));
    const m = loadFieldMap(FORMS_DIR).f8949["2024"];
    expect(d.getPageCount()).toBe(2);
    expect(d.getForm().getCheckBox(m.part1_short_term.checkboxes.C?.field as string).isChecked()).toBe(true);
    expect(d.getForm().getTextField(m.part1_short_term.rows[13]?.a_description as string).getText()).toBe("0.1 BTC");
  });

  it("an empty year still gives one page with the name", async () => {
    const d = await PDFDocument.load(await render8949Pdf(build8949Rows(usResult([])), meta("us", 2025), { formsDir: FORMS_DIR }));
    expect(d.getPageCount()).toBe(1);
    expect(d.getForm().getTextField(p1.name).getText()).toBe("Jordan Q. Public");
  });
});

describe("Form 8949 CSV", () => {
  it("has the documented header after the meta comment and one line per row", () => {
    const rows = build8949Rows(computeTax(usLedger(), { jurisdiction: "us", year: 2025 }));
    const csv = render8949Csv(rows, meta("us", 2025));
    const lines = csv.split("\r\n");
    expect(lines[0]).toMatch(/^# Form 8949 rows \(2025 revision, cents\) \| Lotwise \| US \| tax year 2025/);
    expect(lines[1]).toBe(
      "Part,Box,Description,Date Acquired,Date Sold,Proceeds,Cost Basis,Adjustment Code,Adjustment Amount,Gain or Loss,Asset,Amount,Account,Disposal ID,Lot ID,Basis Missing,Price Missing",
    );
    expect(lines[1]).toBe(FORM_8949_CSV_HEADER.join(","));
    expect(lines).toHaveLength(2 + 19 + 1);
    expect(lines[4]).toBe("I,I,0.1 BTC,01/03/2025,03/03/2025,903.10,1030.25,,,-127.15,BTC,0.1,Coinbase,sell-btc-3,buy-btc-3,false,false");
  });
});
