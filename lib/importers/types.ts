import type Decimal from "decimal.js";
import type { TxKind } from "../ledger/types";
import type { Header } from "./header";

export interface AssetAmount {
  asset: string;
  amount: Decimal;
}

/**
 * What an importer hands to the context for one ledger row. Amounts may carry any sign (the
 * context stores magnitudes); a zero fee is dropped; `externalId` defaults to a fingerprint.
 */
export interface EntryDraft {
  line: number;
  time: Date;
  kind: TxKind;
  sent?: AssetAmount | null;
  received?: AssetAmount | null;
  fee?: AssetAmount | null;
  fiat?: { amount: Decimal; currency: string } | null;
  label?: string | null;
  description?: string | null;
  txHash?: string | null;
  externalId?: string;
  /** Overrides the import's account (universal rows with their own `Account`). */
  account?: string;
}

/** A data record after the header: its 1-based file line and raw cells. */
export interface Row {
  line: number;
  cells: readonly string[];
}

/** Where an importer reports; errors are values, nothing throws. */
export interface ImportContext {
  readonly account: string;
  emit(entry: EntryDraft): void;
  error(line: number, column: string | undefined, reason: string): void;
  skip(line: number, reason: string): void;
}

export interface RowHandler {
  row(row: Row): void;
  /** Flush rows held back for grouping (multi-row trades). */
  finish?(): void;
}

export interface Importer {
  readonly id: string;
  readonly name: string;
  readonly exchange: string;
  /** True when the header carries this export's identifying columns. */
  detect(header: Header): boolean;
  /** Columns the parser needs that the header lacks (labels as the export spells them). */
  missing(header: Header): string[];
  open(header: Header, ctx: ImportContext): RowHandler;
}
