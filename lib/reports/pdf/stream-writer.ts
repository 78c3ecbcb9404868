import { deflateSync } from "node:zlib";

/**
 * A PDF 1.7 file written front to back (ISO 32000-1 section 7.5), for documents too large to hold
 * as an object graph: objects are turned into bytes as soon as they are complete, small dictionaries
 * are packed into compressed object streams (7.5.7) and the cross-reference table is a compressed
 * xref stream (7.5.8). Memory is the output bytes plus 7 bytes of xref per object.
 *
 * Object numbers are handed out with `alloc()` so that objects can refer to ones written later
 * (the catalog, the page tree, a parent field).
 */

const OBJSTM_MAX = 256;

const latin1 = (s: string): Buffer => Buffer.from(s, "latin1");

export class PdfStreamWriter {
  private readonly chunks: Uint8Array[] = [];
  private offset = 0;
  private next: number;
  /** xref entries by object number: type (0 free, 1 at offset, 2 in object stream), field 2, field 3. */
  private types: number[] = [0];
  private f2: number[] = [0];
  private f3: number[] = [65535];
  private pending: { num: number; body: string }[] = [];

  /** `firstFree`: the first object number this writer may allocate (those below belong to `writeBase`). */
  constructor(firstFree = 1) {
    this.next = firstFree;
    // Header plus a comment of four bytes above 127, so that transfer tools treat the file as binary (7.5.2).
    this.push(latin1("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"));
  }

  alloc(): number {
    return this.next++;
  }

  get bytesWritten(): number {
    return this.offset;
  }

  /** Text written since the last binary chunk: one Buffer per ~64 KB instead of one per object. */
  private text: string[] = [];
  private textLength = 0;

  private flushText(): void {
    if (this.textLength === 0) return;
    this.chunks.push(latin1(this.text.join("")));
    this.text = [];
    this.textLength = 0;
  }

  /** PDF syntax is ASCII here (non-ASCII text is hex-encoded), so one char is one byte. */
  private pushText(s: string): void {
    this.text.push(s);
    this.textLength += s.length;
    this.offset += s.length;
    if (this.textLength >= 65536) this.flushText();
  }

  private push(bytes: Uint8Array): void {
    this.flushText();
    this.chunks.push(bytes);
    this.offset += bytes.length;
  }

  private entry(num: number, type: number, a: number, b: number): void {
    this.types[num] = type;
    this.f2[num] = a;
    this.f3[num] = b;
  }

  /** Pre-serialised objects (`offsets`: object number -> offset inside `bytes`). */
  writeBase(bytes: Uint8Array, offsets: readonly (readonly [number, number])[]): void {
    const at = this.offset;
    this.push(bytes);
    for (const [num, off] of offsets) this.entry(num, 1, at + off, 0);
  }

  /** A top-level object. */
  writeObject(num: number, body: string): void {
    this.entry(num, 1, this.offset, 0);
    this.pushText(`${num} 0 obj\n${body}\nendobj\n`);
  }

  /**
   * A stream object. `dict` holds the entries other than /Length and /Filter. Data of 1 KB or more
   * is deflated when that makes it smaller; smaller streams (field appearances) are not worth a
   * zlib context each (at ~100 per page that cost more time and memory than it saved).
   */
  writeStream(num: number, dict: string, data: Uint8Array | string, compress = true): void {
    this.entry(num, 1, this.offset, 0);
    if (typeof data === "string" && (!compress || data.length < 1024)) {
      this.pushText(`${num} 0 obj\n<< ${dict} /Length ${data.length} >>\nstream\n${data}\nendstream\nendobj\n`);
      return;
    }
    const raw = typeof data === "string" ? latin1(data) : data;
    let body = raw;
    let filter = "";
    if (compress && raw.length >= 1024) {
      const z = deflateSync(raw);
      if (z.length < raw.length) {
        body = z;
        filter = " /Filter /FlateDecode";
      }
    }
    this.pushText(`${num} 0 obj\n<< ${dict} /Length ${body.length}${filter} >>\nstream\n`);
    this.push(body);
    this.pushText("\nendstream\nendobj\n");
  }

  /** A dictionary or array that goes into the next object stream (not a stream itself). */
  queue(num: number, body: string): void {
    this.pending.push({ num, body });
    if (this.pending.length >= OBJSTM_MAX) this.flushObjects();
  }

  /** Writes the queued objects as one object stream. */
  flushObjects(): void {
    const items = this.pending;
    if (items.length === 0) return;
    this.pending = [];
    const stm = this.alloc();
    const offsets: string[] = [];
    const bodies: string[] = [];
    let pos = 0;
    items.forEach((it, k) => {
      offsets.push(`${it.num} ${pos}`);
      bodies.push(it.body);
      pos += it.body.length + 1;
      this.entry(it.num, 2, stm, k);
    });
    const head = `${offsets.join(" ")}\n`;
    this.writeStream(stm, `/Type /ObjStm /N ${items.length} /First ${head.length}`, `${head}${bodies.join("\n")}\n`);
  }

  /** Ends the file (xref stream + trailer) and returns all of it. */
  finish(trailer: { root: number; info?: number; id?: string }): Uint8Array {
    this.flushObjects();
    const xref = this.alloc();
    const size = xref + 1;
    this.entry(xref, 1, this.offset, 0);
    const table = Buffer.alloc(size * 7);
    for (let n = 0; n < size; n++) {
      const o = n * 7;
      const type = this.types[n] ?? 0;
      table[o] = type;
      table.writeUInt32BE(type === 0 && n !== 0 ? 0 : (this.f2[n] ?? 0), o + 1);
      table.writeUInt16BE(type === 0 && n !== 0 ? 0 : (this.f3[n] ?? 0), o + 5);
    }
    const z = deflateSync(table);
    const id = trailer.id ? ` /ID [<${trailer.id}> <${trailer.id}>]` : "";
    const info = trailer.info !== undefined ? ` /Info ${trailer.info} 0 R` : "";
    const start = this.offset;
    this.pushText(`${xref} 0 obj\n<< /Type /XRef /Size ${size} /W [1 4 2] /Root ${trailer.root} 0 R${info}${id} /Filter /FlateDecode /Length ${z.length} >>\nstream\n`);
    this.push(z);
    this.pushText(`\nendstream\nendobj\nstartxref\n${start}\n%%EOF\n`);
    this.flushText();
    const out = new Uint8Array(this.offset);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.chunks.length = 0;
    return out;
  }
}
