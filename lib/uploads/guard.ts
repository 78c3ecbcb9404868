/**
 * Guards an uploaded byte stream before any parser sees it: a size limit counted as bytes arrive
 * (Content-Length can be absent or wrong), and a refusal of binary files such as XLSX or ZIP exports,
 * which users often upload by mistake.
 */
export class UploadRejected extends Error {
  constructor(
    readonly code: "too-large" | "binary" | "empty",
    message: string,
  ) {
    super(message);
    this.name = "UploadRejected";
  }
}

import { describeBinary, notCsvMessage } from "./binary";

export const DEFAULT_MAX_UPLOAD_MB = 100;

export function maxUploadBytes(env: Record<string, string | undefined> = process.env): number {
  const mb = Number.parseInt(env.LOTWISE_MAX_UPLOAD_MB ?? "", 10);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_UPLOAD_MB) * 1024 * 1024;
}

export function tooLargeMessage(maxBytes: number): string {
  return `The file is larger than the upload limit of ${Math.round(maxBytes / 1024 / 1024)} MB. Split it by date range, or raise LOTWISE_MAX_UPLOAD_MB.`;
}

export async function* guardUpload(body: AsyncIterable<Uint8Array>, opts: { maxBytes: number }): AsyncGenerator<Buffer> {
  let total = 0;
  let first = true;
  for await (const chunk of body) {
    if (chunk.length === 0) continue;
    total += chunk.length;
    if (total > opts.maxBytes) throw new UploadRejected("too-large", tooLargeMessage(opts.maxBytes));
    if (first) {
      first = false;
      const binary = describeBinary(chunk);
      if (binary) throw new UploadRejected("binary", notCsvMessage(binary));
    }
    yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  if (total === 0) throw new UploadRejected("empty", "The file is empty.");
}
