import { createHmac, timingSafeEqual } from "node:crypto";
import type { MockRequest } from "../types";

export function hmac(alg: "sha256" | "sha384" | "sha512", key: string | Buffer, data: string | Buffer, enc: "hex" | "base64"): string {
  return createHmac(alg, key).update(data).digest(enc);
}

/** Constant-time string compare (the mock should not teach bad habits). */
export function same(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function header(req: MockRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function nowMs(): number {
  return Date.now();
}
