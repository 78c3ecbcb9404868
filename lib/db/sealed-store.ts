import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { SealedRow, SealedStore } from "@/lib/cli/rotate-key";

/** Key rotation's view of the connections table. Not `server-only`: the CLI uses it outside Next. */
export function prismaSealedStore(prisma: PrismaClient): SealedStore {
  return {
    async resealAll(reseal, newKeyId) {
      return prisma.$transaction(
        async (tx) => {
          // Lock every row: a connection added mid-rotation would otherwise keep the old key.
          const rows = await tx.$queryRaw<SealedRow[]>`SELECT id, "apiKeySealed", "secretSealed", "passwordSealed" FROM "Connection" ORDER BY id FOR UPDATE`;
          const out = reseal(rows);
          if ("error" in out) return out;
          for (const r of out) {
            await tx.connection.update({ where: { id: r.id }, data: { apiKeySealed: r.apiKeySealed, secretSealed: r.secretSealed, passwordSealed: r.passwordSealed, masterKeyId: newKeyId } });
          }
          return { count: out.length };
        },
        { timeout: 10 * 60_000 },
      );
    },
  };
}
