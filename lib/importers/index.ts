/**
 * CSV imports: one importer per exchange export version (see registry.ts), all producing
 * `LedgerEntry` rows. Conventions every importer keeps:
 * - amounts are positive `Decimal`s; direction is the sent/received side;
 * - the fee is an extra outflow of `feeAsset` on top of `sentAmount`/`receivedAmount`, so an
 *   account's balance moves by received − sent − fee for each asset (a sell books gross proceeds
 *   and its fee; a buy books the price paid and its fee);
 * - `kind: "fee"` rows carry only `feeAsset`/`feeAmount` (a fee with no trade beside it, or a
 *   trade's fee in a third asset: a LedgerEntry holds one fee);
 * - moves between sub-accounts of one exchange are skipped (listed in `skipped`), so they never
 *   become unmatched transfers;
 * - `externalId` is `<exchange>:<id>` when the export has ids, else `<format>:<fingerprint>`.
 */
import { createReadStream } from "node:fs";
import type { CsvInput } from "./csv";
import { type ParseOptions, type ParseOutcome, parseCsvStream } from "./parse";

export type { ParseOutcome } from "./parse";
export { SUPPORTED_FORMATS } from "./registry";
export { mapColumnsToUniversal } from "./column-mapping";

/** Streams any supported export; never holds the file as one string. */
export function parseLedgerStream(input: CsvInput, opts?: ParseOptions): Promise<ParseOutcome> {
  return parseCsvStream(input, opts);
}

export function parseLedgerFile(path: string, opts?: ParseOptions): Promise<ParseOutcome> {
  return parseCsvStream(createReadStream(path), opts);
}

export function parseLedgerText(text: string, opts?: Pick<ParseOptions, "account" | "mapping">): Promise<ParseOutcome> {
  return parseCsvStream(
    (async function* () {
      yield text;
    })(),
    opts,
  );
}
