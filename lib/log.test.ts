import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, REDACTED, redactSecrets } from "./log";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString("utf8"));
      cb();
    },
  });
  return { logger: createLogger({ destination, level: "debug" }), text: () => lines.join("") };
}

const SECRET = "s3cr3t-VALUE-0123456789";

describe("logger redaction", () => {
  it.each([
    { name: "top-level secret", obj: { secret: SECRET } },
    { name: "nested apiSecret", obj: { connection: { apiSecret: SECRET } } },
    { name: "deep password", obj: { job: { exchange: { opts: { password: SECRET } } } } },
    { name: "passphrase", obj: { okx: { passphrase: SECRET } } },
    { name: "apiKey", obj: { ex: { apiKey: SECRET } } },
    { name: "whole creds object", obj: { creds: { key: "k", value: SECRET } } },
    { name: "authorization header", obj: { req: { headers: { authorization: `Bearer ${SECRET}` } } } },
    { name: "cookie header", obj: { headers: { cookie: `session=${SECRET}` } } },
    { name: "exchange signing header", obj: { request: { headers: { "ok-access-passphrase": SECRET } } } },
    { name: "env master key", obj: { env: { LOTWISE_ENCRYPTION_KEY: SECRET } } },
  ])("hides $name", ({ obj }) => {
    const { logger, text } = capture();
    logger.info(obj, "connected");
    expect(text()).not.toContain(SECRET);
    expect(text()).toContain(REDACTED);
    expect(text()).toContain("connected");
  });

  it("keeps harmless fields", () => {
    const { logger, text } = capture();
    logger.info({ exchange: "kraken", userId: "u1" }, "sync");
    expect(JSON.parse(text())).toMatchObject({ exchange: "kraken", userId: "u1", msg: "sync" });
  });
});

describe("redactSecrets", () => {
  it.each([
    { name: "plain", text: `kraken failed for key ${SECRET}`, want: `kraken failed for key ${REDACTED}` },
    { name: "url-encoded", text: `GET /x?k=${encodeURIComponent("a+b/c=d==")}`, secrets: ["a+b/c=d=="], want: `GET /x?k=${REDACTED}` },
    { name: "repeated", text: `${SECRET}:${SECRET}`, want: `${REDACTED}:${REDACTED}` },
    { name: "short secrets ignored", text: "abc", secrets: ["ab"], want: "abc" },
    { name: "undefined ignored", text: "abc", secrets: [undefined], want: "abc" },
    { name: "PEM with escaped newlines", text: "k=-----BEGIN\\nXYZ\\n", secrets: ["-----BEGIN\nXYZ\n"], want: `k=${REDACTED}` },
  ])("$name", ({ text, secrets, want }) => {
    expect(redactSecrets(text, secrets ?? [SECRET])).toBe(want);
  });
});
