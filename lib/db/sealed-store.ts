import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { SealedRow, SealedStore } from "@/lib/cli/rotate-key";

/** Key rotation's view of every sealed column: exchange keys and TOTP secrets. Not `server-only`: the CLI uses it outside Next. */
export function prismaSealedStore(prisma: PrismaClient): SealedStore {
  return {
    async resealAll(reseal, newKeyId) {
      return prisma.$transaction(
        async (tx) => {
          // Lock every row: a connection or two-factor setup added mid-rotation would otherwise keep the old key.
          const conns = await tx.$queryRaw<{ id: string; apiKeySealed: string; secretSealed: string; passwordSealed: string | null }[]>`SELECT id, "apiKeySealed", "secretSealed", "passwordSealed" FROM "Connection" ORDER BY id FOR UPDATE`;
          const users = await tx.$queryRaw<{ id: string; totpSecretSealed: string }[]>`SELECT id, "totpSecretSealed" FROM "User" WHERE "totpSecretSealed" IS NOT NULL ORDER BY id FOR UPDATE`;
          const rows: SealedRow[] = [
            ...conns.map((c) => ({ kind: "connection" as const, id: c.id, sealed: [c.apiKeySealed, c.secretSealed, c.passwordSealed] })),
            ...users.map((u) => ({ kind: "totp" as const, id: u.id, sealed: [u.totpSecretSealed] })),
          ];
          const out = reseal(rows);
          if ("error" in out) return out;
          for (const r of out) {
            if (r.kind === "connection") {
              const [apiKeySealed, secretSealed, passwordSealed] = r.sealed;
              await tx.connection.update({ where: { id: r.id }, data: { apiKeySealed: apiKeySealed as string, secretSealed: secretSealed as string, passwordSealed: passwordSealed ?? null, masterKeyId: newKeyId } });
            } else {
              await tx.user.update({ where: { id: r.id }, data: { totpSecretSealed: r.sealed[0] as string } });
            }
          }
          return { count: out.reduce((n, r) => n + r.sealed.filter((s) => s !== null).length, 0) };
        },
        { timeout: 10 * 60_000 },
      );
    },
  };
}
