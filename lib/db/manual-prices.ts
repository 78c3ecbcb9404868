import "server-only";
import { prisma } from "./prisma";
import { recordLedgerChange } from "./ledger-changes";
import { changeEverything } from "@/lib/ledger/changes";

// A price is looked up around a row's time (hour and day candles): everything from a day earlier may value differently.
const priceChangeFrom = (time: Date) => changeEverything(new Date(time.getTime() - 86_400_000));
import { Dec } from "@/lib/exchanges/sync/precise";
import { isFiat } from "@/lib/ledger/types";
import type { ManualPriceInput, ManualPriceRow } from "@/lib/pricing/manual";

/**
 * Prices the user sets by hand (for one transaction) or imports from a price CSV
 * (`priceCsvRows` in lib/pricing/manual.ts). They win over market prices and are marked "manual"
 * in the audit trail. Every function takes `userId` first and scopes its query by it (style guide).
 * Prices cross to pages as decimal strings (DTOs), to the engine as decimal.js (`manualPricesForLookup`).
 */

export interface ManualPriceDto {
  id: string;
  asset: string;
  currency: string;
  /** ISO 8601 UTC. */
  time: string;
  /** Plain decimal string. */
  price: string;
  transactionId: string | null;
  note: string | null;
}

export type SetManualPriceResult =
  | { ok: true; price: ManualPriceDto }
  | { ok: false; error: "transaction-not-found" | "asset-not-in-transaction" | "invalid-price" | "invalid-currency" };

export interface SetManualPriceInput {
  /**
   * The transaction: its id, or the ledger entry a warning names (a "missing-price" warning gives
   * `entries: [externalId]` and `account`, the wallet's name).
   */
  transaction: { id: string } | { account: string; externalId: string };
  /** Which of the transaction's assets is priced (sent, received or fee). */
  asset: string;
  /** A fiat currency (usually the reporting currency). */
  currency: string;
  /** One unit of `asset` in `currency`, a positive plain decimal ("1234.5"). */
  price: string;
  note?: string | null;
}

const PLAIN_POSITIVE = /^(?:\d+\.?\d*|\.\d+)$/;
/** The price CSV's own rule for codes (lib/pricing/price-csv.ts). */
const CODE = /^[^\s,;"']{1,40}$/;

type Row = { id: string; asset: string; currency: string; time: Date; price: { toFixed(): string }; transactionId: string | null; note: string | null };

function toDto(r: Row): ManualPriceDto {
  return { id: r.id, asset: r.asset, currency: r.currency, time: r.time.toISOString(), price: r.price.toFixed(), transactionId: r.transactionId, note: r.note };
}

function validPrice(text: string): boolean {
  return PLAIN_POSITIVE.test(text) && !new Dec(text).isZero();
}

/**
 * Sets (or replaces) the price of one of a transaction's assets at the transaction's time. The
 * transaction must belong to the user.
 */
export async function setManualPrice(userId: string, input: SetManualPriceInput): Promise<SetManualPriceResult> {
  const asset = input.asset.trim().toUpperCase();
  const currency = input.currency.trim().toUpperCase();
  const price = input.price.trim();
  if (!validPrice(price)) return { ok: false, error: "invalid-price" };
  if (!isFiat(currency)) return { ok: false, error: "invalid-currency" };
  const target = "id" in input.transaction ? { id: input.transaction.id } : { externalId: input.transaction.externalId, wallet: { name: input.transaction.account } };
  const tx = await prisma.transaction.findFirst({ where: { ...target, userId }, select: { id: true, time: true, sentAsset: true, receivedAsset: true, feeAsset: true } });
  if (!tx) return { ok: false, error: "transaction-not-found" };
  if (![tx.sentAsset, tx.receivedAsset, tx.feeAsset].some((a) => a?.toUpperCase() === asset)) return { ok: false, error: "asset-not-in-transaction" };
  const note = input.note?.trim() || null;
  const row = await prisma.manualPrice.upsert({
    where: { userId_asset_currency_time: { userId, asset, currency, time: tx.time } },
    create: { userId, asset, currency, time: tx.time, price, transactionId: tx.id, note },
    update: { price, transactionId: tx.id, note },
  });
  await recordLedgerChange(prisma, userId, priceChangeFrom(tx.time));
  return { ok: true, price: toDto(row) };
}

/** Deletes one manual price; false when the user has no such price. */
export async function deleteManualPrice(userId: string, id: string): Promise<boolean> {
  const found = await prisma.manualPrice.findFirst({ where: { id, userId }, select: { time: true } });
  if (!found) return false;
  const { count } = await prisma.manualPrice.deleteMany({ where: { id, userId } });
  if (count > 0) await recordLedgerChange(prisma, userId, priceChangeFrom(found.time));
  return count > 0;
}

/** Deletes the prices set for one transaction (all of its assets); returns how many. */
export async function deleteTransactionPrices(userId: string, transactionId: string): Promise<number> {
  const first = await prisma.manualPrice.findFirst({ where: { userId, transactionId }, orderBy: { time: "asc" }, select: { time: true } });
  const { count } = await prisma.manualPrice.deleteMany({ where: { userId, transactionId } });
  if (count > 0 && first) await recordLedgerChange(prisma, userId, priceChangeFrom(first.time));
  return count;
}

export interface ImportManualPricesResult {
  created: number;
  updated: number;
  unchanged: number;
}

/** Rows per query in an import: keeps the OR list and the insert well inside Postgres' bind-parameter limit. */
const IMPORT_CHUNK = 500;

/**
 * Stores the rows of a price CSV in one transaction: all or nothing. A row for an (asset,
 * currency, time) the user already priced replaces that price (a corrected file re-imported).
 * Rows are expected from `priceCsvRows` (validated); anything else is a programming error.
 */
export async function importManualPrices(userId: string, rows: readonly ManualPriceRow[], opts: { note: string }): Promise<ImportManualPricesResult> {
  const byKey = new Map<string, ManualPriceRow>();
  for (const r of rows) {
    const asset = r.asset.toUpperCase();
    const currency = r.currency.toUpperCase();
    if (!CODE.test(asset) || !CODE.test(currency) || !Number.isFinite(r.time.getTime()) || !r.price.isFinite() || r.price.isNeg() || r.price.isZero()) {
      throw new RangeError(`invalid price row ${asset}/${currency} at ${String(r.time)}`);
    }
    // The last row for a key wins, as it would reading the file top to bottom.
    byKey.set(`${asset}\u0000${currency}\u0000${r.time.getTime()}`, { ...r, asset, currency });
  }
  const note = opts.note.trim() || "price CSV";
  const all = [...byKey.values()];
  const result: ImportManualPricesResult = { created: 0, updated: 0, unchanged: 0 };
  await prisma.$transaction(
    async (tx) => {
      for (let i = 0; i < all.length; i += IMPORT_CHUNK) {
        const part = all.slice(i, i + IMPORT_CHUNK);
        const existing = await tx.manualPrice.findMany({
          where: { userId, OR: part.map((r) => ({ asset: r.asset, currency: r.currency, time: r.time })) },
          select: { id: true, asset: true, currency: true, time: true, price: true },
        });
        const found = new Map(existing.map((e) => [`${e.asset}\u0000${e.currency}\u0000${e.time.getTime()}`, e]));
        const fresh: ManualPriceRow[] = [];
        for (const r of part) {
          const e = found.get(`${r.asset}\u0000${r.currency}\u0000${r.time.getTime()}`);
          if (!e) fresh.push(r);
          else if (new Dec(e.price.toFixed()).eq(r.price)) result.unchanged++;
          else {
            await tx.manualPrice.updateMany({ where: { id: e.id, userId }, data: { price: r.price.toFixed(), note } });
            result.updated++;
          }
        }
        if (fresh.length > 0) {
          const { count } = await tx.manualPrice.createMany({ data: fresh.map((r) => ({ userId, asset: r.asset, currency: r.currency, time: r.time, price: r.price.toFixed(), note })) });
          result.created += count;
        }
      }
      if (result.created + result.updated > 0 && all.length > 0) {
        const earliest = all.reduce((min, r) => (r.time.getTime() < min.getTime() ? r.time : min), all[0]!.time);
        await recordLedgerChange(tx, userId, priceChangeFrom(earliest));
      }
    },
    { timeout: 120_000 },
  );
  return result;
}

/** The user's manual prices, newest first, for the prices page. */
export async function listManualPrices(userId: string): Promise<ManualPriceDto[]> {
  const rows = await prisma.manualPrice.findMany({ where: { userId }, orderBy: [{ time: "desc" }, { asset: "asc" }, { currency: "asc" }] });
  return rows.map(toDto);
}

/** The user's manual prices as the price lookup takes them (decimal.js, exact). */
export async function manualPricesForLookup(userId: string): Promise<ManualPriceInput[]> {
  const rows = await prisma.manualPrice.findMany({ where: { userId }, select: { asset: true, currency: true, time: true, price: true, transactionId: true, note: true } });
  return rows.map((r) => ({ asset: r.asset, currency: r.currency, time: r.time, price: new Dec(r.price.toFixed()), transactionId: r.transactionId, note: r.note }));
}
