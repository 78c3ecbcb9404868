import { PDFArray, PDFCheckBox, PDFDict, PDFDocument, PDFHexString, PDFName, PDFObjectCopier, PDFRef, PDFString, PDFTextField, StandardFonts, type PDFObject } from "pdf-lib";
import { defaultFormsDir, loadFormPdf, type FormName } from "../forms";
import { num } from "./syntax";
import { FontText } from "./text";

/**
 * A fillable PDF form taken apart once, so that any number of filled copies can be written by
 * `fillForm` without parsing or copying the form again:
 * - `base`: the objects every copy shares, already serialised: each page's content streams and
 *   resources (fonts, graphics states) exactly as in the official PDF, the checkboxes' appearance
 *   streams, the form's default resources, and the fonts Lotwise draws with.
 * - `pages` / `fields`: what a copy needs to rebuild each widget: full name, page, rectangle,
 *   flags, alignment, default appearance, checkbox on-state.
 * The XFA packet is dropped, so viewers use the AcroForm.
 */

export interface TemplateTextField {
  kind: "text";
  name: string;
  page: number;
  rect: { x: number; y: number; width: number; height: number };
  /** Widget annotation flags (/F) and field flags (/Ff). */
  f: number;
  ff: number;
  /** 0 left, 1 centre, 2 right. */
  q: number;
  maxLen: number | null;
  /** /DA, e.g. "/HelveticaLTStd-Bold 8.00 Tf 0.000 0.000 0.502 rg". */
  da: string;
  /** Font size from /DA (0 there = auto: 8 is used). */
  fontSize: number;
  /** Fill colour operator from /DA. */
  color: string;
  mk: string;
}

export interface TemplateCheckBox {
  kind: "checkbox";
  name: string;
  page: number;
  rect: { x: number; y: number; width: number; height: number };
  f: number;
  ff: number;
  /** On-state name without the slash, e.g. "6". */
  onValue: string;
  /** Object number (in `base`) of the widget's /AP dictionary. */
  apRef: number;
  da: string;
  mk: string;
}

export type TemplateField = TemplateTextField | TemplateCheckBox;

export interface TemplatePage {
  mediaBox: string;
  cropBox: string | null;
  rotate: number;
  width: number;
  height: number;
  /** Object number of the shared /Resources dictionary. */
  resources: number;
  /** Object numbers of the official content streams, in order. */
  contents: number[];
  fields: TemplateField[];
}

export interface FormTemplate {
  base: Uint8Array;
  baseOffsets: [number, number][];
  /** First object number not used by `base`. */
  firstFree: number;
  pages: TemplatePage[];
  fields: Map<string, TemplateField>;
  /** AcroForm /DR object number and /DA. */
  dr: number;
  da: string;
  /** Streams "q" and "Q" that wrap the official content so overlays start from a clean state. */
  saveState: number;
  restoreState: number;
  /** Font for field values (Helvetica-Bold, like the form's HelveticaLTStd-Bold) and for notes. */
  valueFont: FontText;
  valueFontRef: number;
  /** Shared /Resources of every value appearance stream (the value font). */
  apResources: number;
  noteFont: FontText;
  /** Name of ZapfDingbats in the page resources (check marks when flattening). */
  dingbats: string;
}

const VALUE_FONT = "LwHB";
const NOTE_FONT = "LwH";
const DINGBATS = "LwZD";

/** A number operand of a /DA string (font size, colour component). */
const operand = (s: string | undefined): number => Number(s ?? "0");

function daParts(da: string): { fontSize: number; color: string } {
  const size = /\/\S+\s+([\d.]+)\s+Tf/.exec(da);
  const rg = /([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+rg/.exec(da);
  const g = /([\d.]+)\s+g(?:\s|$)/.exec(da);
  const pt = size ? operand(size[1]) : 0;
  const color = rg ? `${num(operand(rg[1]))} ${num(operand(rg[2]))} ${num(operand(rg[3]))} rg` : g ? `${num(operand(g[1]))} g` : "0 g";
  return { fontSize: pt > 0 ? pt : 8, color };
}

function serialise(obj: PDFObject): Uint8Array {
  const bytes = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(bytes, 0);
  return bytes;
}

export async function loadFormTemplate(bytes: Uint8Array): Promise<FormTemplate> {
  const src = await PDFDocument.load(bytes, { updateMetadata: false });
  // Drop the XFA packet ourselves (getForm() would, with a console warning): viewers must use the
  // AcroForm fields we fill, not the XFA template.
  src.catalog.lookupMaybe(PDFName.of("AcroForm"), PDFDict)?.delete(PDFName.of("XFA"));
  const form = src.getForm();
  const srcPages = src.getPages();
  const pageOf = new Map<string, number>(srcPages.map((p, i) => [p.ref.toString(), i]));

  const dst = await PDFDocument.create({ updateMetadata: false });
  const copier = PDFObjectCopier.for(src.context, dst.context);
  const reg = (o: PDFObject): number => dst.context.register(o).objectNumber;

  const acro = src.catalog.lookup(PDFName.of("AcroForm"), PDFDict);
  const daObj = acro.lookup(PDFName.of("DA"));
  const defaultDa = daObj instanceof PDFString || daObj instanceof PDFHexString ? daObj.decodeText() : "/Helv 0 Tf 0 g";
  const drSrc = acro.lookupMaybe(PDFName.of("DR"), PDFDict);
  const dr = reg(drSrc ? copier.copy(drSrc) : dst.context.obj({}));

  const fields: TemplateField[] = [];
  for (const field of form.getFields()) {
    const widget = field.acroField.getWidgets()[0];
    if (!widget) continue;
    const pRef = widget.P();
    const page = pRef ? pageOf.get(pRef.toString()) : undefined;
    if (page === undefined) continue;
    const rect = widget.getRectangle();
    const mkDict = widget.dict.lookupMaybe(PDFName.of("MK"), PDFDict);
    const mk = mkDict ? copier.copy(mkDict).toString().replace(/\s+/g, " ") : "<< >>";
    const f = widget.getFlags();
    if (field instanceof PDFTextField) {
      const da = field.acroField.getDefaultAppearance() ?? defaultDa;
      fields.push({
        kind: "text",
        name: field.getName(),
        page,
        rect,
        f,
        ff: field.acroField.getFlags(),
        q: field.acroField.getQuadding() ?? 0,
        maxLen: field.acroField.getMaxLength() ?? null,
        da,
        ...daParts(da),
        mk,
      });
    } else if (field instanceof PDFCheckBox) {
      const on = widget.getOnValue();
      const ap = widget.dict.lookupMaybe(PDFName.of("AP"), PDFDict);
      if (!on || !ap) continue;
      fields.push({
        kind: "checkbox",
        name: field.getName(),
        page,
        rect,
        f,
        ff: field.acroField.getFlags(),
        onValue: on.decodeText(),
        apRef: reg(copier.copy(ap)),
        da: field.acroField.getDefaultAppearance() ?? "/ZaDb 0 Tf 0 g",
        mk,
      });
    }
  }

  const valueFont = await dst.embedFont(StandardFonts.HelveticaBold);
  const noteFont = await dst.embedFont(StandardFonts.Helvetica);
  const dingbats = await dst.embedFont(StandardFonts.ZapfDingbats);
  for (const f of [valueFont, noteFont, dingbats]) await f.embed();

  const pages: TemplatePage[] = srcPages.map((p, index) => {
    // Widgets are rebuilt per copy, and the structure tree is not copied: drop both before copying
    // so the copier does not pull the whole field tree (and, through it, every page) along.
    p.node.delete(PDFName.of("Annots"));
    p.node.delete(PDFName.of("StructParents"));
    const leaf = copier.copy(p.node);
    const res = leaf.lookupMaybe(PDFName.of("Resources"), PDFDict) ?? dst.context.obj({});
    const fonts = res.lookupMaybe(PDFName.of("Font"), PDFDict) ?? dst.context.obj({});
    fonts.set(PDFName.of(VALUE_FONT), valueFont.ref);
    fonts.set(PDFName.of(NOTE_FONT), noteFont.ref);
    fonts.set(PDFName.of(DINGBATS), dingbats.ref);
    res.set(PDFName.of("Font"), fonts);
    const contentsObj = leaf.get(PDFName.of("Contents"));
    const contents: number[] = [];
    if (contentsObj instanceof PDFRef) contents.push(contentsObj.objectNumber);
    else if (contentsObj instanceof PDFArray) for (let i = 0; i < contentsObj.size(); i++) contents.push((contentsObj.get(i) as PDFRef).objectNumber);
    const crop = leaf.get(PDFName.of("CropBox"));
    const { width, height } = p.getSize();
    return {
      mediaBox: (leaf.get(PDFName.of("MediaBox")) as PDFObject).toString(),
      cropBox: crop ? crop.toString() : null,
      rotate: p.getRotation().angle,
      width,
      height,
      resources: reg(res),
      contents,
      fields: fields.filter((f) => f.page === index),
    };
  });
  const apResources = reg(dst.context.obj({ Font: { [VALUE_FONT]: valueFont.ref } }));
  const saveState = reg(dst.context.flateStream("q\n"));
  const restoreState = reg(dst.context.flateStream("Q\n"));

  // Serialise everything except the empty document's own catalog, page tree and info.
  const skip = new Set<number>();
  const root = dst.context.trailerInfo.Root;
  if (root instanceof PDFRef) skip.add(root.objectNumber);
  const info = dst.context.trailerInfo.Info;
  if (info instanceof PDFRef) skip.add(info.objectNumber);
  const pagesRef = dst.catalog.get(PDFName.of("Pages"));
  if (pagesRef instanceof PDFRef) skip.add(pagesRef.objectNumber);
  const parts: Uint8Array[] = [];
  const baseOffsets: [number, number][] = [];
  let offset = 0;
  const objects = dst.context.enumerateIndirectObjects().filter(([r]) => !skip.has(r.objectNumber));
  for (const [r, obj] of objects) {
    const head = Buffer.from(`${r.objectNumber} 0 obj\n`, "latin1");
    const body = serialise(obj);
    const tail = Buffer.from("\nendobj\n", "latin1");
    baseOffsets.push([r.objectNumber, offset]);
    parts.push(head, body, tail);
    offset += head.length + body.length + tail.length;
  }
  const base = new Uint8Array(offset);
  let at = 0;
  for (const part of parts) {
    base.set(part, at);
    at += part.length;
  }
  return {
    base,
    baseOffsets,
    firstFree: dst.context.largestObjectNumber + 1,
    pages,
    fields: new Map(fields.map((f) => [f.name, f])),
    dr,
    da: defaultDa,
    saveState,
    restoreState,
    valueFont: new FontText(valueFont, VALUE_FONT),
    valueFontRef: valueFont.ref.objectNumber,
    apResources,
    noteFont: new FontText(noteFont, NOTE_FONT),
    dingbats: DINGBATS,
  };
}

const cache = new Map<string, Promise<FormTemplate>>();

/** The template for one of the shipped forms, parsed once per process and forms directory. */
export function formTemplate(name: FormName, formsDir: string = defaultFormsDir()): Promise<FormTemplate> {
  const key = `${formsDir}\u0000${name}`;
  let t = cache.get(key);
  if (!t) {
    t = loadFormTemplate(loadFormPdf(name, formsDir));
    // A failed load (missing file) is not cached, so a fixed deployment recovers without a restart.
    t.catch(() => cache.delete(key));
    cache.set(key, t);
  }
  return t;
}
