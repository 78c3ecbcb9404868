import type { LedgerEntry } from "@/lib/ledger/types";
import type { Prisma } from "@/lib/generated/prisma/client";

const CHUNK = 5000;

/**
 * Inserts ledger rows in chunks of column arrays (one `unnest` INSERT per chunk: Prisma's createMany
 * through the driver adapter took a minute and gigabytes for 100,000 rows). Rows whose
 * (wallet, externalId) already exists, in the table or earlier in the same batch, are skipped by the
 * unique index, which is what makes re-imports and re-syncs idempotent. Returns the kinds inserted.
 */
export async function insertLedgerRows(
  tx: Prisma.TransactionClient,
  rows: { userId: string; walletId: string; importId: string | null; entry: LedgerEntry }[],
): Promise<{ inserted: number; byKind: Record<string, number> }> {
  const byKind: Record<string, number> = {};
  let inserted = 0;
  const dec = (d: LedgerEntry["sentAmount"]) => (d === null ? null : d.toFixed());
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const col = <T>(f: (r: (typeof part)[number]) => T) => part.map(f);
    const kinds = await tx.$queryRaw<{ kind: string }[]>`
      INSERT INTO "Transaction" (id, "userId", "walletId", "importId", "externalId", time, kind, "sentAsset", "sentAmount", "receivedAsset", "receivedAmount", "feeAsset", "feeAmount", "fiatValue", "fiatCurrency", label, description, "txHash")
      SELECT gen_random_uuid()::text, u, w, i, e, (t::timestamptz AT TIME ZONE 'UTC'), k, sa, sm::numeric, ra, rm::numeric, fa, fm::numeric, fv::numeric, fc, l, d, h
      FROM unnest(
        ${col((r) => r.userId)}::text[], ${col((r) => r.walletId)}::text[], ${col((r) => r.importId)}::text[], ${col((r) => r.entry.externalId)}::text[],
        ${col((r) => r.entry.time.toISOString())}::text[], ${col((r) => r.entry.kind)}::text[],
        ${col((r) => r.entry.sentAsset)}::text[], ${col((r) => dec(r.entry.sentAmount))}::text[],
        ${col((r) => r.entry.receivedAsset)}::text[], ${col((r) => dec(r.entry.receivedAmount))}::text[],
        ${col((r) => r.entry.feeAsset)}::text[], ${col((r) => dec(r.entry.feeAmount))}::text[],
        ${col((r) => dec(r.entry.fiatValue))}::text[], ${col((r) => r.entry.fiatCurrency)}::text[],
        ${col((r) => r.entry.label)}::text[], ${col((r) => r.entry.description)}::text[], ${col((r) => r.entry.txHash)}::text[]
      ) AS x(u, w, i, e, t, k, sa, sm, ra, rm, fa, fm, fv, fc, l, d, h)
      ON CONFLICT ("walletId", "externalId") DO NOTHING
      RETURNING kind`;
    for (const { kind } of kinds) byKind[kind] = (byKind[kind] ?? 0) + 1;
    inserted += kinds.length;
  }
  return { inserted, byKind };
}
