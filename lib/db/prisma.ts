import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createPrismaClient } from "./client";

// One client per process, created on first use (so `next build` can import modules without a
// database); Next's dev server reloads modules, so keep it on globalThis.
const globalForPrisma = globalThis as unknown as { lotwisePrisma?: PrismaClient };

function client(): PrismaClient {
  return (globalForPrisma.lotwisePrisma ??= createPrismaClient());
}

export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, key) {
    const c = client();
    const value = Reflect.get(c, key, c);
    return typeof value === "function" ? value.bind(c) : value;
  },
});
