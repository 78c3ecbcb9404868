import { describe, expect, it } from "vitest";
import { guardUpload, maxUploadBytes, UploadRejected } from "./guard";

async function drain(chunks: Uint8Array[], maxBytes = 1000) {
  const out: Buffer[] = [];
  for await (const c of guardUpload((async function* () { yield* chunks; })(), { maxBytes })) out.push(c);
  return Buffer.concat(out).toString("utf8");
}

describe("guardUpload", () => {
  it("passes a CSV through unchanged", async () => {
    expect(await drain([Buffer.from("a,b\n"), Buffer.from("1,2\n")])).toBe("a,b\n1,2\n");
  });

  it("refuses once the bytes received pass the limit", async () => {
    await expect(drain([Buffer.alloc(600, 0x61), Buffer.alloc(600, 0x61)])).rejects.toMatchObject({ code: "too-large" });
  });

  it.each([
    [[0x50, 0x4b, 0x03, 0x04, 0x14], /Excel \(\.xlsx\)/],
    [[0x25, 0x50, 0x44, 0x46, 0x2d], /PDF/],
    [[0x61, 0x00, 0x62], /binary file/],
  ])("refuses binary content %#", async (bytes, message) => {
    const err = await drain([Uint8Array.from(bytes)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadRejected);
    expect((err as UploadRejected).message).toMatch(message);
  });

  it("refuses an empty upload", async () => {
    await expect(drain([])).rejects.toMatchObject({ code: "empty" });
  });

  it("reads the limit from the environment", () => {
    expect(maxUploadBytes({ LOTWISE_MAX_UPLOAD_MB: "5" })).toBe(5 * 1024 * 1024);
    expect(maxUploadBytes({})).toBe(100 * 1024 * 1024);
  });
});
