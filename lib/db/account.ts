import "server-only";
import { prisma } from "./prisma";

const PAGE = 5000;

/**
 * Everything Lotwise holds about a user, as one JSON document produced in pieces (transactions are
 * paged, so a large ledger never sits in memory at once). Secrets, password hashes and sealed keys
 * are left out: an export is something people e-mail to their accountant.
 */
export async function* exportAccountJson(userId: string): AsyncGenerator<string> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, name: true, jurisdiction: true, baseCurrency: true, costBasisMethod: true, timeZone: true, autoSync: true, createdAt: true },
  });
  const [wallets, imports, connections, mappings] = await Promise.all([
    prisma.wallet.findMany({ where: { userId }, select: { id: true, name: true, exchange: true, createdAt: true } }),
    prisma.import.findMany({ where: { userId }, select: { id: true, walletId: true, fileName: true, format: true, rowsRead: true, created: true, skipped: true, createdByKind: true, createdAt: true } }),
    prisma.connection.findMany({ where: { userId }, select: { id: true, walletId: true, exchange: true, label: true, keyLast4: true, status: true, verifiedAt: true, verifiedBy: true, lastSyncAt: true, createdAt: true } }),
    prisma.columnMapping.findMany({ where: { userId }, select: { name: true, headers: true, mapping: true, createdAt: true } }),
  ]);
  yield `{"exportedAt":${JSON.stringify(new Date().toISOString())},"user":${JSON.stringify(user)},"wallets":${JSON.stringify(wallets)},"imports":${JSON.stringify(imports)},"connections":${JSON.stringify(connections)},"columnMappings":${JSON.stringify(mappings)},"transactions":[`;
  let cursor: string | undefined;
  let first = true;
  for (;;) {
    const rows = await prisma.transaction.findMany({
      where: { userId },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      select: { id: true, walletId: true, importId: true, externalId: true, time: true, kind: true, sentAsset: true, sentAmount: true, receivedAsset: true, receivedAmount: true, feeAsset: true, feeAmount: true, fiatValue: true, fiatCurrency: true, label: true, description: true, txHash: true, ignored: true },
    });
    if (rows.length === 0) break;
    // Prisma Decimals serialise as strings, which keeps every digit.
    const text = rows.map((r) => JSON.stringify(r)).join(",");
    yield first ? text : `,${text}`;
    first = false;
    cursor = rows[rows.length - 1]!.id;
    if (rows.length < PAGE) break;
  }
  yield "]}\n";
}

/** Deletes the user and, by cascade, every row that belongs to them: ledger, imports, connections and their sealed keys. */
export async function deleteAccount(userId: string): Promise<void> {
  await prisma.user.delete({ where: { id: userId } });
}
