import type { PDFFont } from "pdf-lib";
import { num } from "./syntax";

/**
 * Text placed with one of the 14 standard fonts (WinAnsi encoding): measuring, encoding and
 * fitting into a box. A character the encoding lacks (CJK, emoji in a token name) is shown as "?"
 * rather than failing the whole report; field values (/V) keep the exact Unicode text.
 */
export class FontText {
  private readonly supported: Set<number>;

  constructor(
    readonly font: PDFFont,
    /** Resource name under which pages and appearances refer to the font. */
    readonly resourceName: string,
  ) {
    this.supported = new Set(font.getCharacterSet());
  }

  printable(text: string): string {
    let out = "";
    for (const ch of text) {
      const cp = ch.codePointAt(0) as number;
      out += this.supported.has(cp) ? ch : cp === 0x2212 ? "-" : "?";
    }
    return out;
  }

  width(text: string, size: number): number {
    return this.font.widthOfTextAtSize(text, size);
  }

  /** `<hex> Tj` operand for already-printable text. */
  encode(text: string): string {
    return this.font.encodeText(text).toString();
  }
}

export type Align = "left" | "center" | "right";

export interface TextBox {
  width: number;
  height: number;
  align: Align;
  /** Preferred size; shrunk (down to `minSize`) until the text fits the width. */
  size: number;
  minSize?: number;
  /** Fill colour operator, e.g. "0 0 0.502 rg". */
  color: string;
  padding?: number;
}

/**
 * Content-stream operators drawing one line of text inside a box whose lower-left corner is the
 * current origin, clipped to the box. Cap height of Helvetica is ~0.72 em: the line is centred on it.
 */
export function textInBox(ft: FontText, raw: string, box: TextBox): string {
  const text = ft.printable(raw);
  if (text === "") return "";
  const pad = box.padding ?? 2;
  const avail = Math.max(1, box.width - 2 * pad);
  let size = box.size;
  let w = ft.width(text, size);
  if (w > avail) {
    size = Math.max(box.minSize ?? 4, (size * avail) / w);
    w = ft.width(text, size);
  }
  const x = box.align === "left" ? pad : box.align === "center" ? (box.width - w) / 2 : box.width - pad - w;
  const y = (box.height - size * 0.72) / 2;
  return `q 0 0 ${num(box.width)} ${num(box.height)} re W n BT /${ft.resourceName} ${num(size)} Tf ${box.color} ${num(x)} ${num(y)} Td ${ft.encode(text)} Tj ET Q`;
}
