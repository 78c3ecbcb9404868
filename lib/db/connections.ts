import "server-only";
import { prisma } from "./prisma";
import { changesOfRows, recordLedgerChange } from "./ledger-changes";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { masterKeys } from "@/lib/server/keyring";
import type { ExchangeCredentials } from "@/lib/exchanges/client";

/** What pages see of a connection: never a secret, not even sealed. */
export interface ConnectionDto {
  id: string;
  exchange: string;
  label: string;
  keyLast4: string;
  status: "OK" | "NEEDS_ATTENTION";
  attention: string | null;
  verifiedAt: string;
  verifiedBy: string;
  lastSyncAt: string | null;
  walletName: string;
}

const dtoSelect = {
  id: true,
  exchange: true,
  label: true,
  keyLast4: true,
  status: true,
  attention: true,
  verifiedAt: true,
  verifiedBy: true,
  lastSyncAt: true,
  wallet: { select: { name: true } },
} as const;

type DtoRow = { id: string; exchange: string; label: string; keyLast4: string; status: "OK" | "NEEDS_ATTENTION"; attention: string | null; verifiedAt: Date; verifiedBy: string; lastSyncAt: Date | null; wallet: { name: string } };

const toDto = (r: DtoRow): ConnectionDto => ({
  id: r.id,
  exchange: r.exchange,
  label: r.label,
  keyLast4: r.keyLast4,
  status: r.status,
  attention: r.attention,
  verifiedAt: r.verifiedAt.toISOString(),
  verifiedBy: r.verifiedBy,
  lastSyncAt: r.lastSyncAt?.toISOString() ?? null,
  walletName: r.wallet.name,
});

export async function listConnections(userId: string): Promise<ConnectionDto[]> {
  const rows = await prisma.connection.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: dtoSelect });
  return rows.map(toDto);
}

export async function getConnection(userId: string, id: string): Promise<ConnectionDto | null> {
  const r = await prisma.connection.findFirst({ where: { id, userId }, select: dtoSelect });
  return r ? toDto(r) : null;
}

function seal(creds: ExchangeCredentials) {
  const { current } = masterKeys();
  return {
    apiKeySealed: encryptSecret(creds.apiKey, current),
    secretSealed: encryptSecret(creds.secret, current),
    passwordSealed: creds.password ? encryptSecret(creds.password, current) : null,
    masterKeyId: current.id,
  };
}

/** Last four characters of the key, which identify it to its owner without revealing it. */
export function keyLast4(apiKey: string): string {
  return apiKey.trim().slice(-4);
}

/**
 * Stores a key the exchange has just proven read-only, with its own ledger account (wallet) named after
 * the label, so synced rows are unique per connection. A label that is already an account name gets a suffix.
 */
export async function createConnection(userId: string, input: { exchange: string; label: string; creds: ExchangeCredentials; verifiedBy: string }): Promise<ConnectionDto> {
  return prisma.$transaction(async (tx) => {
    let name = input.label;
    for (let n = 2; await tx.wallet.findUnique({ where: { userId_name: { userId, name } }, select: { id: true } }); n++) name = `${input.label} (${n})`;
    const wallet = await tx.wallet.create({ data: { userId, name, exchange: input.exchange }, select: { id: true } });
    const row = await tx.connection.create({
      data: {
        userId,
        walletId: wallet.id,
        exchange: input.exchange,
        label: input.label,
        keyLast4: keyLast4(input.creds.apiKey),
        ...seal(input.creds),
        verifiedAt: new Date(),
        verifiedBy: input.verifiedBy,
      },
      select: dtoSelect,
    });
    return toDto(row);
  });
}

/** Decrypted credentials, for the server code that calls the exchange and nothing else. */
export async function getConnectionCredentials(userId: string, id: string): Promise<{ exchange: string; creds: ExchangeCredentials } | null> {
  const r = await prisma.connection.findFirst({ where: { id, userId }, select: { exchange: true, apiKeySealed: true, secretSealed: true, passwordSealed: true } });
  if (!r) return null;
  const { keyring } = masterKeys();
  return {
    exchange: r.exchange,
    creds: {
      apiKey: decryptSecret(r.apiKeySealed, keyring),
      secret: decryptSecret(r.secretSealed, keyring),
      ...(r.passwordSealed ? { password: decryptSecret(r.passwordSealed, keyring) } : {}),
    },
  };
}

export async function markVerified(userId: string, id: string, verifiedBy: string): Promise<boolean> {
  const { count } = await prisma.connection.updateMany({ where: { id, userId }, data: { verifiedAt: new Date(), verifiedBy, status: "OK", attention: null } });
  return count > 0;
}

export async function markNeedsAttention(userId: string, id: string, attention: string): Promise<boolean> {
  const { count } = await prisma.connection.updateMany({ where: { id, userId }, data: { status: "NEEDS_ATTENTION", attention } });
  return count > 0;
}

export async function relabelConnection(userId: string, id: string, label: string): Promise<boolean> {
  const { count } = await prisma.connection.updateMany({ where: { id, userId }, data: { label } });
  return count > 0;
}

/**
 * Deletes the connection and its sealed secrets. Its ledger rows stay, on an account that is no longer
 * synced, unless `deleteTransactions` is set, which removes the account and its rows too.
 */
export async function deleteConnection(userId: string, id: string, opts: { deleteTransactions: boolean }): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const found = await tx.connection.findFirst({ where: { id, userId }, select: { walletId: true } });
    if (!found) return false;
    await tx.connection.delete({ where: { id } });
    if (opts.deleteTransactions) {
      const changes = await changesOfRows(tx, userId, { walletId: found.walletId });
      await tx.wallet.deleteMany({ where: { id: found.walletId, userId } });
      if (changes.size > 0) await recordLedgerChange(tx, userId, changes);
    }
    return true;
  });
}
