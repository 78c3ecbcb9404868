/** Recognises files users upload by mistake instead of a CSV export. Browser-safe. */
// ZIP (XLSX, DOCX), old Excel (OLE2), PDF, gzip.
const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP or Excel (.xlsx) file" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel (.xls) file" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF" },
  { bytes: [0x1f, 0x8b], what: "a gzip archive" },
];

export function describeBinary(head: Uint8Array): string | null {
  for (const m of MAGIC) if (m.bytes.every((b, i) => head[i] === b)) return m.what;
  const sample = head.subarray(0, 4096);
  return sample.includes(0) ? "a binary file" : null;
}


export function notCsvMessage(what: string): string {
  return `This is ${what}, not a CSV. Export or save the history as CSV and upload that.`;
}
