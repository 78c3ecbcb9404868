import type Decimal from "decimal.js";
import type { PriceLookup } from "../pricing/types";

export type JurisdictionId = "us" | "uk" | "de";
export type MethodId = "fifo" | "lifo" | "hifo" | "specific";
/** UK disposals are matched by rule, not by method (TCGA 1992 ss.104-106A; CRYPTO22200). */
export type UkRule = "same-day" | "30-day" | "s104";
export type Term = "short" | "long";

/** One lot (or part of one) the user picked for a disposal (specific identification). */
export interface LotPick {
  lotId: string;
  /** Units to take from that lot; all that is left of it when omitted. */
  amount?: Decimal;
}

/**
 * How the network fee of a transfer between own accounts is treated. AMBIGUOUS in the US (tax-rules
 * notes 1.5, 6.1): "dispose" books the fee units as a disposal at fair market value and does not add
 * the fee to the moved coins' basis (RP2's choice, the default everywhere); "non-taxable" removes
 * the fee units at their basis with no gain or loss.
 */
export type TransferFeeTreatment = "dispose" | "non-taxable";

/**
 * Which lots a disposal may use. "auto": US universal before 2025 and per account from 1 Jan 2025
 * (Treas. Reg. 1.1012-1(j), Rev. Proc. 2024-28); one pool per asset for DE (FIFO over all
 * wallets; per-wallet FIFO is also accepted, notes 3) and the UK (one s104 pool per token).
 */
export type LotScope = "auto" | "universal" | "per-account";

export interface TaxSettings {
  jurisdiction: JurisdictionId;
  /** Default: the jurisdiction's (US fifo, DE fifo). Ignored for the UK. */
  method?: MethodId;
  /** Reporting currency. Default: US USD, UK GBP, DE EUR. */
  currency?: string;
  /** IANA zone for date rules. Default: US UTC, UK Europe/London, DE Europe/Berlin. */
  timeZone?: string;
  /** Report only this tax year (the one that starts in it: UK 2024 = 6 Apr 2024 - 5 Apr 2025). */
  year?: number;
  /** Specific identification: disposal id (its ledger externalId) -> lots to use. Method "specific". */
  lotPicks?: Readonly<Record<string, readonly LotPick[]>>;
  prices?: PriceLookup | null;
  transfers?: { windowHours?: number; relativeTolerance?: Decimal.Value };
  transferFee?: TransferFeeTreatment;
  lotScope?: LotScope;
}

export interface ResolvedSettings {
  jurisdiction: JurisdictionId;
  method: MethodId | "uk-matching";
  currency: string;
  timeZone: string;
  year: number | null;
  transferFee: TransferFeeTreatment;
  lotScope: LotScope;
}

/** Where a value in reporting currency came from. */
export interface PriceUsed {
  asset: string;
  /** Units valued. */
  amount: Decimal;
  /** Total value of `amount` in `currency`. */
  value: Decimal;
  currency: string;
  /** Unit price when a price source gave one; null when the row gave a total (fiat leg, Net Worth). */
  price: Decimal | null;
  source: string;
  at: Date;
}

/** Units of one lot (or UK match) that a disposal used. */
export interface ConsumedLot {
  /** Lot id (the acquiring entry's externalId), or "s104:<ASSET>" for the UK pool. */
  id: string;
  /** Source transaction; null for the UK pool. */
  externalId: string | null;
  /** Account the units were acquired in; null for the UK pool. */
  account: string | null;
  acquiredAt: Date | null;
  amount: Decimal;
  costBasis: Decimal;
  basisMissing: boolean;
}

export type DisposalKind = "sale" | "trade" | "spend" | "gift" | "fee" | "transfer-fee";

/**
 * One line of a disposal. US/DE: the lots a disposal used that share a holding period and rule
 * (usually one line per disposal; `lots` lists each lot). UK: one matching rule's share.
 */
export interface DisposalLine {
  /** The disposal this line belongs to: the ledger externalId (":fee" for a crypto fee). UK: asset+day. */
  disposalId: string;
  /** Ledger entries (externalIds) disposed of. */
  entries: string[];
  kind: DisposalKind;
  asset: string;
  amount: Decimal;
  account: string;
  /** Earliest acquisition among `lots` (each lot has its own date); null for the UK pool or missing lots. */
  acquiredAt: Date | null;
  disposedAt: Date;
  proceeds: Decimal;
  costBasis: Decimal;
  gain: Decimal;
  /** US short/long-term; DE short = within one year (taxable), long = over one year (tax-free); UK null. */
  term: Term | null;
  /** Method that chose the lots (fifo, lifo, hifo, specific) or the UK matching rule. */
  rule: MethodId | UkRule;
  lots: ConsumedLot[];
  prices: PriceUsed[];
  /** Lots were missing (insufficient holdings) or had unknown basis: basis counted as zero. */
  basisMissing: boolean;
  /** No price for the proceeds: counted as zero. */
  priceMissing: boolean;
  /** Tax year the disposal falls in (its starting calendar year). */
  taxYear: number;
  /** UK s104 lines: the pool before and after this part disposal. */
  pool?: { quantityBefore: Decimal; costBefore: Decimal; quantityAfter: Decimal; costAfter: Decimal };
}

export interface IncomeEvent {
  id: string;
  asset: string;
  amount: Decimal;
  account: string;
  receivedAt: Date;
  value: Decimal;
  /** staking | mining | airdrop | interest | income */
  type: string;
  prices: PriceUsed[];
  valueMissing: boolean;
  taxYear: number;
}

/** Units that left without a taxable disposal (lost, gift in US/DE, unmatched withdrawal, non-taxable fee). */
export interface RemovalLine {
  id: string;
  reason: "lost" | "gift-sent" | "unmatched-withdrawal" | "transfer-fee";
  asset: string;
  amount: Decimal;
  account: string;
  at: Date;
  lots: ConsumedLot[];
  taxYear: number;
}

export interface OpenLot {
  id: string;
  asset: string;
  account: string;
  externalId: string | null;
  acquiredAt: Date | null;
  amount: Decimal;
  costBasis: Decimal;
  basisMissing: boolean;
}

export interface Balance {
  asset: string;
  account: string;
  amount: Decimal;
}

export type WarningCode =
  | "missing-cost-basis"
  | "negative-balance"
  | "unmatched-withdrawal"
  | "unmatched-deposit"
  | "missing-price"
  | "duplicate-suspect"
  | "invalid-lot-pick"
  | "unsupported-entry";

export interface TaxWarning {
  code: WarningCode;
  message: string;
  /** externalIds of the ledger entries involved. */
  entries: string[];
  asset: string | null;
  account: string | null;
  at: Date | null;
  taxYear: number | null;
}

/** Rev. Proc. 2024-28 safe harbor: lots re-homed to the accounts that hold the units on 1 Jan 2025. */
export interface BasisAllocation {
  asset: string;
  lotId: string;
  from: string;
  to: string;
  amount: Decimal;
  costBasis: Decimal;
}

export interface Totals {
  proceeds: Decimal;
  costBasis: Decimal;
  gain: Decimal;
  shortTermGain: Decimal;
  longTermGain: Decimal;
  income: Decimal;
}

export interface GainBucket {
  disposals: number;
  proceeds: Decimal;
  costBasis: Decimal;
  gain: Decimal;
}

export interface UsYearSummary {
  jurisdiction: "us";
  taxYear: number;
  label: string;
  shortTerm: GainBucket;
  longTerm: GainBucket;
  income: Decimal;
}

export interface UkYearSummary {
  jurisdiction: "uk";
  taxYear: number;
  /** "2024/25" */
  label: string;
  /** Disposals after same-day grouping (all of a token's disposals on one day are one, CRYPTO22200). */
  disposals: number;
  proceeds: Decimal;
  allowableCosts: Decimal;
  gains: Decimal;
  losses: Decimal;
  net: Decimal;
  annualExemptAmount: Decimal | null;
  taxableAfterExemption: Decimal | null;
  /** 2024/25 only: rates changed for disposals on or after 30 Oct 2024 (notes 2.6). */
  rateChange: { before: { gains: Decimal; losses: Decimal; net: Decimal }; after: { gains: Decimal; losses: Decimal; net: Decimal } } | null;
  income: Decimal;
}

export interface DeYearSummary {
  jurisdiction: "de";
  taxYear: number;
  label: string;
  /** s.23 EStG private disposals held one year or less. */
  shortTerm: GainBucket;
  /** Held over one year: not taxable. */
  longTermTaxFree: GainBucket;
  freigrenze: Decimal;
  /** Whole net s.23 gain if at or above the Freigrenze, else zero. */
  taxableGain: Decimal;
  /** s.22 Nr.3 other income (staking, lending...). */
  income: Decimal;
  incomeFreigrenze: Decimal;
  taxableIncome: Decimal;
}

export type YearSummary = UsYearSummary | UkYearSummary | DeYearSummary;

export interface TaxResult {
  settings: ResolvedSettings;
  disposals: DisposalLine[];
  income: IncomeEvent[];
  removals: RemovalLine[];
  /** Lots still held at the end of the ledger (UK: the s104 pool per token, account "*"). */
  openLots: OpenLot[];
  /** Units held per asset and account at the end of the ledger. */
  balances: Balance[];
  warnings: TaxWarning[];
  totals: Totals;
  summary: YearSummary[];
  allocations: BasisAllocation[];
}
