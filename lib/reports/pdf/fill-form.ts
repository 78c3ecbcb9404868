import { createHash } from "node:crypto";
import type { FormTemplate, TemplateCheckBox, TemplateField, TemplateTextField } from "./form-template";
import { PdfStreamWriter } from "./stream-writer";
import { literal, num, pdfDate, ref, textString } from "./syntax";
import { textInBox, type Align } from "./text";

/**
 * Writes filled copies of a fillable form (see `loadFormTemplate`). Each output page is one copy
 * of one template page:
 * - the official page content is shared by reference (written once, whatever the page count);
 * - fillable mode (default): every field of the page becomes a widget of its own with the value
 *   in /V and an appearance stream, so any viewer shows it and the user can still edit it. Field
 *   names must be unique per copy (equal names share one value), so the page node of the name
 *   (`topmostSubform[0].Page1[0]...`) is replaced by the copy's own (`PageFill.pageNode`); with
 *   one copy per template page the names equal the official ones;
 * - flatten mode: values are drawn into the page and no form is written (smaller, static).
 * Pages are consumed from an iterable and turned into bytes at once, so memory stays flat.
 */

export interface PageFill {
  /** Index of the template page this copy is made of. */
  templatePage: number;
  /** This copy's page node, e.g. "Page3[0]" (fillable mode); unique per output page. */
  pageNode: string;
  /** Template field name -> text. Empty strings are left blank. */
  text: ReadonlyMap<string, string>;
  /** Template checkbox names to check. */
  checked: ReadonlySet<string>;
  /** Small print in the top margin (report meta, page x of y). */
  note?: string;
}

export interface DocumentInfo {
  title: string;
  subject?: string;
  keywords?: string;
  author?: string;
  createdAt: Date;
}

export interface FillOptions {
  flatten?: boolean;
  info: DocumentInfo;
}

const Q_ALIGN: readonly Align[] = ["left", "center", "right"];
const NOTE_SIZE = 6.5;
const NOTE_FROM_TOP = 28;
/** Field flag bit 13, multiline (ISO 32000-1 table 228). */
const MULTILINE = 1 << 12;
const LINE = 12;

/** The output name of a template field on a copy whose page node is `pageNode`. */
export function copyFieldName(templateName: string, pageNode: string): string {
  const parts = templateName.split(".");
  if (parts.length < 3) return templateName;
  parts[1] = pageNode;
  return parts.join(".");
}

/**
 * One line of text in the field. A tall multiline cell (8949 column (a) is 24 pt, the other
 * columns 12 pt at the row's bottom) gets the line at its bottom so the row reads as one line.
 */
function valueOps(t: FormTemplate, f: TemplateTextField, value: string): string {
  const tall = (f.ff & MULTILINE) !== 0 && f.rect.height >= 2 * LINE;
  return textInBox(t.valueFont, value, { width: f.rect.width, height: tall ? LINE : f.rect.height, align: Q_ALIGN[f.q] ?? "left", size: f.fontSize, color: f.color });
}

/**
 * The note line sits in the top margin: the IRS pages use y 26..760 of 792 (the 2024 8949's own
 * footer reaches down to y 26), so a 6.5 pt line at baseline ~767 stays clear of the form and
 * inside the printable area.
 */
function noteOps(t: FormTemplate, width: number, height: number, text: string): string {
  const ops = textInBox(t.noteFont, text, { width: width - 72, height: 10, align: "left", size: NOTE_SIZE, minSize: 4, color: "0.3 g", padding: 0 });
  return ops === "" ? "" : `q 1 0 0 1 36 ${num(height - NOTE_FROM_TOP)} cm ${ops} Q\n`;
}

function checkMarkOps(t: FormTemplate, f: TemplateCheckBox): string {
  // ZapfDingbats "4" is the check mark (a20) the IRS checkboxes use (/MK /CA (4)).
  const size = Math.min(f.rect.width, f.rect.height) * 0.8;
  const x = f.rect.x + (f.rect.width - size * 0.846) / 2;
  const y = f.rect.y + (f.rect.height - size * 0.7) / 2;
  return `BT /${t.dingbats} ${num(size)} Tf 0 g ${num(x)} ${num(y)} Td (4) Tj ET\n`;
}

interface FieldNode {
  num: number;
  name: string;
  parent: number;
  kids: number[];
}

export function fillForm(t: FormTemplate, pages: Iterable<PageFill>, options: FillOptions): Uint8Array {
  const flatten = options.flatten === true;
  const w = new PdfStreamWriter(t.firstFree);
  w.writeBase(t.base, t.baseOffsets);
  const catalog = w.alloc();
  const pageTree = w.alloc();
  const info = w.alloc();
  const acroForm = flatten ? 0 : w.alloc();
  const rootField = flatten ? 0 : w.alloc();
  const rootKids: number[] = [];
  const pageRefs: number[] = [];
  let rootName = "";

  for (const fill of pages) {
    const tp = t.pages[fill.templatePage];
    if (!tp) throw new RangeError(`fillForm: the template has no page ${fill.templatePage}`);
    const pageNum = w.alloc();
    pageRefs.push(pageNum);
    let overlay = fill.note ? noteOps(t, tp.width, tp.height, fill.note) : "";
    const annots: number[] = [];
    const nodes = new Map<string, FieldNode>();

    const parentOf = (parts: string[]): number => {
      // Intermediate field nodes (page, table, row) below the root, made once per copy.
      let parent = rootField;
      for (let i = 1; i < parts.length - 1; i++) {
        const path = parts.slice(0, i + 1).join(".");
        let node = nodes.get(path);
        if (!node) {
          node = { num: w.alloc(), name: parts[i] as string, parent, kids: [] };
          nodes.set(path, node);
          if (i === 1) rootKids.push(node.num);
          else (nodes.get(parts.slice(0, i).join(".")) as FieldNode).kids.push(node.num);
        }
        parent = node.num;
      }
      return parent;
    };

    for (const f of tp.fields) {
      if (flatten) {
        if (f.kind === "text") {
          const v = fill.text.get(f.name);
          if (v) overlay += `q 1 0 0 1 ${num(f.rect.x)} ${num(f.rect.y)} cm ${valueOps(t, f, v)} Q\n`;
        } else if (fill.checked.has(f.name)) overlay += checkMarkOps(t, f);
        continue;
      }
      const parts = copyFieldName(f.name, fill.pageNode).split(".");
      rootName = parts[0] as string;
      const parent = parentOf(parts);
      const num_ = w.alloc();
      annots.push(num_);
      if (parts.length > 2) (nodes.get(parts.slice(0, -1).join(".")) as FieldNode).kids.push(num_);
      else rootKids.push(num_);
      w.queue(num_, widgetDict(t, f, fill, parts[parts.length - 1] as string, parent, pageNum, w));
    }

    const contents = [t.saveState, ...tp.contents, t.restoreState];
    if (overlay !== "") {
      const o = w.alloc();
      w.writeStream(o, "", overlay);
      contents.push(o);
    }
    for (const node of nodes.values()) w.queue(node.num, `<< /T ${literal(node.name)} /Parent ${ref(node.parent)} /Kids [${node.kids.map(ref).join(" ")}] >>`);
    const crop = tp.cropBox ? ` /CropBox ${tp.cropBox}` : "";
    const annotsEntry = annots.length > 0 ? ` /Annots [${annots.map(ref).join(" ")}]` : "";
    w.queue(pageNum, `<< /Type /Page /Parent ${ref(pageTree)} /MediaBox ${tp.mediaBox}${crop} /Rotate ${tp.rotate} /Resources ${ref(tp.resources)} /Contents [${contents.map(ref).join(" ")}]${annotsEntry} >>`);
  }

  w.queue(pageTree, `<< /Type /Pages /Kids [${pageRefs.map(ref).join(" ")}] /Count ${pageRefs.length} >>`);
  const i = options.info;
  const infoEntries = [`/Title ${textString(i.title)}`, `/Creator (Lotwise)`, `/Producer (Lotwise)`, `/CreationDate ${literal(pdfDate(i.createdAt))}`];
  if (i.subject) infoEntries.push(`/Subject ${textString(i.subject)}`);
  if (i.keywords) infoEntries.push(`/Keywords ${textString(i.keywords)}`);
  if (i.author) infoEntries.push(`/Author ${textString(i.author)}`);
  w.queue(info, `<< ${infoEntries.join(" ")} >>`);
  if (!flatten) {
    w.queue(rootField, `<< /T ${literal(rootName || "form")} /Kids [${rootKids.map(ref).join(" ")}] >>`);
    w.queue(acroForm, `<< /Fields [${ref(rootField)}] /DR ${ref(t.dr)} /DA ${literal(t.da)} >>`);
  }
  w.queue(catalog, `<< /Type /Catalog /Pages ${ref(pageTree)}${flatten ? "" : ` /AcroForm ${ref(acroForm)}`} >>`);
  const id = createHash("md5").update(`${i.title}|${i.keywords ?? ""}|${pdfDate(i.createdAt)}|${pageRefs.length}`).digest("hex");
  return w.finish({ root: catalog, info, id });
}

function widgetDict(t: FormTemplate, f: TemplateField, fill: PageFill, partial: string, parent: number, page: number, w: PdfStreamWriter): string {
  const r = f.rect;
  const common = `/Type /Annot /Subtype /Widget /T ${literal(partial)} /Parent ${ref(parent)} /P ${ref(page)} /Rect [${num(r.x)} ${num(r.y)} ${num(r.x + r.width)} ${num(r.y + r.height)}] /F ${f.f} /Ff ${f.ff} /DA ${literal(f.da)} /MK ${f.mk}`;
  if (f.kind === "checkbox") {
    const on = fill.checked.has(f.name);
    const state = on ? `/${f.onValue}` : "/Off";
    return `<< ${common} /FT /Btn /AP ${ref(f.apRef)} /V ${state} /AS ${state} >>`;
  }
  const maxLen = f.maxLen !== null ? ` /MaxLen ${f.maxLen}` : "";
  const value = fill.text.get(f.name) ?? "";
  if (value === "") return `<< ${common} /FT /Tx /Q ${f.q}${maxLen} >>`;
  const ap = w.alloc();
  const ops = valueOps(t, f, value);
  w.writeStream(ap, `/Subtype /Form /BBox [0 0 ${num(r.width)} ${num(r.height)}] /Resources ${ref(t.apResources)}`, `/Tx BMC ${ops} EMC`);
  return `<< ${common} /FT /Tx /Q ${f.q}${maxLen} /V ${textString(value)} /AP << /N ${ref(ap)} >> >>`;
}
