import type Decimal from "decimal.js";

/**
 * The normalized ledger: every importer, every exchange sync and the manual
 * editor produce `LedgerEntry` rows, and the tax engine reads nothing else.
 * Quantities and money are always `Decimal`; times are UTC instants.
 */

/** What happened, from the user's point of view. */
export const TX_KINDS = [
  "trade", // crypto <-> crypto, or crypto <-> fiat where both legs are in one row
  "buy", // fiat -> crypto
  "sell", // crypto -> fiat
  "deposit", // crypto or fiat arriving from outside this account (maybe another own account)
  "withdrawal", // crypto or fiat leaving this account (maybe to another own account)
  "income", // staking, mining, airdrop, interest, other income: `label` says which
  "spend", // crypto paid for goods or services
  "gift-sent",
  "gift-received",
  "lost", // lost or stolen
  "fee", // a fee-only row (gas of a failed tx, an exchange fee booked on its own)
] as const;
export type TxKind = (typeof TX_KINDS)[number];

/** Income types carried in `label` when kind is "income". */
export const INCOME_TYPES = ["staking", "mining", "airdrop", "interest", "income"] as const;
export type IncomeType = (typeof INCOME_TYPES)[number];

/** A row's legs and notes with amounts as decimal strings: a form's values, text columns from the database. */
export interface LedgerLegsText {
  sentAsset: string | null;
  sentAmount: string | null;
  receivedAsset: string | null;
  receivedAmount: string | null;
  feeAsset: string | null;
  feeAmount: string | null;
  fiatValue: string | null;
  fiatCurrency: string | null;
  label: string | null;
  description: string | null;
}

export interface LedgerEntry {
  /** Stable id of the row at its source: the exchange's own id, or a deterministic fingerprint of the row. Unique per account. */
  externalId: string;
  time: Date;
  /** Which exchange account or wallet the row belongs to (a label such as "Coinbase" or "Ledger Nano"). */
  account: string;
  kind: TxKind;
  sentAsset: string | null;
  sentAmount: Decimal | null;
  receivedAsset: string | null;
  receivedAmount: Decimal | null;
  feeAsset: string | null;
  feeAmount: Decimal | null;
  /** Fiat value of the row (Koinly's "Net Worth"), when the source knows it. */
  fiatValue: Decimal | null;
  fiatCurrency: string | null;
  /** staking | mining | airdrop | income | interest | gift | lost | … (free text from the source, lower-case). */
  label: string | null;
  description: string | null;
  txHash: string | null;
  /**
   * Set by the user on both rows of a withdrawal/deposit pair they marked as a transfer between
   * their own accounts: the pair is matched on it before any tx-hash or amount matching.
   */
  transferId?: string | null;
  /** 1-based line in the source file, when the row came from a file (audit trail, error messages). */
  sourceLine?: number;
}

/** A problem with one row of an input file: always names the line, and the column when there is one. */
export interface RowIssue {
  line: number;
  column?: string;
  reason: string;
}

export const FIAT_CURRENCIES = ["USD", "EUR", "GBP", "CHF", "JPY", "CAD", "AUD", "NZD", "SGD", "HKD", "KRW", "TRY", "BRL", "NGN", "PLN", "SEK", "NOK", "DKK", "CZK", "HUF", "ZAR", "MXN", "INR", "RUB", "UAH", "ARS", "IDR", "PHP", "THB", "VND"] as const;
const FIAT = new Set<string>(FIAT_CURRENCIES);
/** Fiat money is not a capital asset: it never forms lots. */
export function isFiat(asset: string): boolean {
  return FIAT.has(asset.toUpperCase());
}

/** A ledger entry with every optional field empty, overridden by `fields`: callers name only what their row has. */
export function ledgerEntry(fields: Pick<LedgerEntry, "externalId" | "time" | "account" | "kind"> & Partial<LedgerEntry>): LedgerEntry {
  return {
    sentAsset: null,
    sentAmount: null,
    receivedAsset: null,
    receivedAmount: null,
    feeAsset: null,
    feeAmount: null,
    fiatValue: null,
    fiatCurrency: null,
    label: null,
    description: null,
    txHash: null,
    ...fields,
  };
}
