import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { metaLine, type ReportMeta } from "../report-meta";
import type { Align } from "./text";

/**
 * Plain readable report PDFs (income, UK computation, audit trail): a title, the report meta, then
 * sections of text lines and tables drawn with the standard Helvetica fonts. Tables break across
 * pages with their header repeated; every page carries the meta line and "page x of y" at the foot.
 */

export interface TableColumn {
  header: string;
  /** Relative width. */
  width: number;
  align?: Align;
}

export interface TableRow {
  cells: string[];
  bold?: boolean;
}

export interface ReportSection {
  heading?: string;
  lines?: string[];
  columns?: TableColumn[];
  rows?: (string[] | TableRow)[];
  /** Small print under the table. */
  notes?: string[];
}

export interface TableReport {
  title: string;
  subtitle?: string;
  meta: ReportMeta;
  sections: Iterable<ReportSection>;
  landscape?: boolean;
}

const MARGIN = 36;
const BODY = 7.5;
const ROW_H = 11;
const FOOT = 6.5;

class Fonts {
  private readonly sets = new Map<PDFFont, Set<number>>();
  constructor(
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {}

  /** Text the WinAnsi encoding can show ("?" for the rest). */
  safe(font: PDFFont, text: string): string {
    let set = this.sets.get(font);
    if (!set) this.sets.set(font, (set = new Set(font.getCharacterSet())));
    let out = "";
    for (const ch of text.replace(/[\r\n\t]+/g, " ")) out += set.has(ch.codePointAt(0) as number) ? ch : "?";
    return out;
  }

  /** Cut to `width` with an ellipsis. */
  fit(font: PDFFont, text: string, size: number, width: number): string {
    const t = this.safe(font, text);
    if (font.widthOfTextAtSize(t, size) <= width) return t;
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (font.widthOfTextAtSize(`${t.slice(0, mid)}\u2026`, size) <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${t.slice(0, lo)}\u2026`;
  }
}

class Layout {
  page!: PDFPage;
  y = 0;
  constructor(
    private readonly doc: PDFDocument,
    private readonly f: Fonts,
    private readonly size: [number, number],
  ) {
    this.newPage();
  }

  get width(): number {
    return this.size[0] - 2 * MARGIN;
  }

  newPage(): void {
    this.page = this.doc.addPage(this.size);
    this.y = this.size[1] - MARGIN;
  }

  ensure(height: number): boolean {
    if (this.y - height >= MARGIN + 14) return false;
    this.newPage();
    return true;
  }

  text(text: string, size: number, bold = false, color = rgb(0, 0, 0), indent = 0): void {
    const font = bold ? this.f.bold : this.f.regular;
    this.ensure(size + 4);
    this.page.drawText(this.f.fit(font, text, size, this.width - indent), { x: MARGIN + indent, y: this.y - size, size, font, color });
    this.y -= size + 4;
  }

  table(columns: TableColumn[], rows: (string[] | TableRow)[]): void {
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const header = (): void => {
      this.page.drawRectangle({ x: MARGIN, y: this.y - ROW_H, width: this.width, height: ROW_H, color: rgb(0.9, 0.9, 0.9) });
      this.cells(columns.map((c) => c.header), widths, columns, true);
    };
    this.ensure(ROW_H * 2);
    header();
    for (const r of rows) {
      const row = Array.isArray(r) ? { cells: r } : r;
      if (this.ensure(ROW_H)) header();
      this.cells(row.cells, widths, columns, row.bold === true);
    }
    this.y -= 4;
  }

  private cells(cells: string[], widths: number[], columns: TableColumn[], bold: boolean): void {
    const font = bold ? this.f.bold : this.f.regular;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 0;
      const text = this.f.fit(font, cell, BODY, w - 4);
      const tw = font.widthOfTextAtSize(text, BODY);
      const align = columns[i]?.align ?? "left";
      const tx = align === "left" ? x + 2 : align === "right" ? x + w - 2 - tw : x + (w - tw) / 2;
      if (text !== "") this.page.drawText(text, { x: tx, y: this.y - ROW_H + 3, size: BODY, font });
      x += w;
    });
    this.page.drawLine({ start: { x: MARGIN, y: this.y - ROW_H }, end: { x: MARGIN + this.width, y: this.y - ROW_H }, thickness: 0.25, color: rgb(0.75, 0.75, 0.75) });
    this.y -= ROW_H;
  }
}

export async function renderTablePdf(report: TableReport): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = new Fonts(await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  const size: [number, number] = report.landscape ? [792, 612] : [612, 792];
  const l = new Layout(doc, fonts, size);
  const line = metaLine(report.meta);
  l.text(report.title, 14, true);
  if (report.subtitle) l.text(report.subtitle, 9);
  if (report.meta.taxpayerName) l.text(`Taxpayer: ${report.meta.taxpayerName}`, 9);
  l.text(line, FOOT, false, rgb(0.3, 0.3, 0.3));
  l.y -= 6;
  for (const s of report.sections) {
    // Keep a section's heading and text with its table header and first row (no orphans).
    const lead = (s.heading ? 18 : 0) + (s.lines?.length ?? 0) * 12 + (s.columns ? 2 * ROW_H : 0);
    l.ensure(Math.min(lead, 300));
    if (s.heading) {
      l.y -= 4;
      l.text(s.heading, 10, true);
    }
    for (const t of s.lines ?? []) l.text(t, 8);
    if (s.columns && s.rows) l.table(s.columns, s.rows);
    for (const n of s.notes ?? []) l.text(n, FOOT, false, rgb(0.3, 0.3, 0.3));
  }
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const text = fonts.fit(fonts.regular, `${line} | page ${i + 1} of ${pages.length}`, FOOT, size[0] - 2 * MARGIN);
    p.drawText(text, { x: MARGIN, y: MARGIN / 2, size: FOOT, font: fonts.regular, color: rgb(0.3, 0.3, 0.3) });
  });
  doc.setTitle(report.title);
  doc.setSubject(line);
  doc.setKeywords([report.meta.ledgerFingerprint, report.meta.method, report.meta.jurisdiction, String(report.meta.taxYear)]);
  doc.setCreator("Lotwise");
  doc.setProducer("Lotwise");
  doc.setCreationDate(report.meta.generatedAt);
  doc.setModificationDate(report.meta.generatedAt);
  if (report.meta.taxpayerName) doc.setAuthor(report.meta.taxpayerName);
  return doc.save();
}
