/**
 * PDF object syntax as text (ISO 32000-1 section 7.3), for the streaming writer: numbers, strings,
 * names and references are written by hand there because building pdf-lib objects for ~100,000
 * widgets is what makes a 900-page form slow and memory-hungry.
 */

/** A real number, at most 3 decimals, no exponent, no trailing zeros (7.3.3). */
export function num(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`PDF number: ${String(n)}`);
  const r = Math.round(n * 1000) / 1000;
  if (Object.is(r, -0) || r === 0) return "0";
  const s = r.toFixed(3);
  return s.replace(/\.?0+$/, "");
}

export function ref(objectNumber: number): string {
  return `${objectNumber} 0 R`;
}

/** True when every character is printable ASCII (PDFDocEncoding agrees with ASCII there). */
function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** A literal string `( ... )` with `\`, `(` and `)` escaped (7.3.4.2). ASCII only. */
export function literal(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/**
 * A text string (7.9.2.2): a literal for printable ASCII, else UTF-16BE with a byte order mark as
 * a hex string, so any Unicode value (field values, /T names, document info) survives.
 */
export function textString(text: string): string {
  if (isPrintableAscii(text)) return literal(text);
  let hex = "FEFF";
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, "0").toUpperCase();
  return `<${hex}>`;
}

/** Bytes (already in the font's encoding) as a hex string for a content stream `Tj`. */
export function hexBytes(bytes: readonly number[] | Uint8Array): string {
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return `<${hex}>`;
}

/** A PDF date "D:YYYYMMDDHHmmSSZ" (7.9.4), UTC. */
export function pdfDate(at: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `D:${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}Z`;
}
