import { createHash } from "node:crypto";
import type { LedgerEntry, RowIssue } from "../ledger/types";
import type { AssetAmount, EntryDraft, ImportContext } from "./types";

/** The ledger's amounts are numeric(38,18): anything from 10^20 up cannot be stored. */
const MAX_AMOUNT = "1e20";

function magnitude(x: AssetAmount | null | undefined): AssetAmount | null {
  return x && !x.amount.isZero() ? { asset: x.asset, amount: x.amount.abs() } : null;
}

/**
 * Collects what one file produces. Rows without an exchange id get a fingerprint: sha256 of the
 * normalized entry (time, kind, assets, amounts as plain decimals, label, tx hash) plus its
 * ordinal among identical entries of the file, so two genuinely identical rows (Binance prints
 * the same fill twice in one second) stay two rows, re-parsing gives the same ids, and an
 * overlapping export gives the same ids for the rows it shares. Descriptions are left out: they
 * are our wording, and rewording must not change ids.
 */
export class Collector implements ImportContext {
  readonly entries: LedgerEntry[] = [];
  readonly errors: RowIssue[] = [];
  readonly skipped: { line: number; reason: string }[] = [];
  private readonly seen = new Map<string, number>();
  private readonly ids = new Map<string, { line: number; content: string }>();

  constructor(
    readonly account: string,
    private readonly formatId: string,
  ) {}

  error(line: number, column: string | undefined, reason: string): void {
    this.errors.push(column ? { line, column, reason } : { line, reason });
  }

  skip(line: number, reason: string): void {
    this.skipped.push({ line, reason });
  }

  emit(d: EntryDraft): void {
    const sent = magnitude(d.sent);
    const received = magnitude(d.received);
    const fee = magnitude(d.fee);
    if (!sent && !received && !fee) {
      this.skip(d.line, "zero amount: nothing moved");
      return;
    }
    const huge = [sent?.amount, received?.amount, fee?.amount, d.fiat?.amount.abs()].find((a) => a?.gte(MAX_AMOUNT));
    if (huge) return this.error(d.line, undefined, `amount ${huge.toFixed()} is too large: the ledger stores at most 20 digits before the decimal point`);
    const entry: LedgerEntry = {
      externalId: "",
      time: d.time,
      account: d.account || this.account,
      kind: d.kind,
      sentAsset: sent?.asset ?? null,
      sentAmount: sent?.amount ?? null,
      receivedAsset: received?.asset ?? null,
      receivedAmount: received?.amount ?? null,
      feeAsset: fee?.asset ?? null,
      feeAmount: fee?.amount ?? null,
      fiatValue: d.fiat ? d.fiat.amount.abs() : null,
      fiatCurrency: d.fiat ? d.fiat.currency : null,
      label: d.label ?? null,
      description: d.description ?? null,
      txHash: d.txHash || null,
      sourceLine: d.line,
    };
    const content = this.contentHash(entry);
    if (d.externalId === undefined) {
      entry.externalId = this.fingerprint(content);
    } else {
      entry.externalId = d.externalId;
      // An exchange id names one transaction: a repeat is the same row twice (overlapping
      // exports pasted together) or a contradiction.
      const first = this.ids.get(entry.externalId);
      if (first && first.content === content) return this.skip(d.line, `duplicate of line ${first.line} (same id ${entry.externalId})`);
      if (first) return this.error(d.line, undefined, `id ${entry.externalId} already used on line ${first.line} for a different transaction`);
      this.ids.set(entry.externalId, { line: d.line, content });
    }
    this.entries.push(entry);
  }

  /** sha256 (first 128 bits) of the normalized entry: time, kind, assets, amounts as plain decimals, label, tx hash. */
  private contentHash(e: LedgerEntry): string {
    const canonical = [
      this.formatId,
      e.time.toISOString(),
      e.kind,
      e.sentAsset,
      e.sentAmount?.toFixed(),
      e.receivedAsset,
      e.receivedAmount?.toFixed(),
      e.feeAsset,
      e.feeAmount?.toFixed(),
      e.label,
      e.txHash,
    ].join("\u001f");
    // 128 bits: collision-free for any file, and half the memory of the full digest in the maps.
    return createHash("sha256").update(canonical).digest("hex").slice(0, 32);
  }

  private fingerprint(content: string): string {
    const ordinal = this.seen.get(content) ?? 0;
    this.seen.set(content, ordinal + 1);
    // The first occurrence is the content hash itself; repeats hash in their ordinal.
    const id = ordinal === 0 ? content : createHash("sha256").update(`${content}#${ordinal}`).digest("hex").slice(0, 32);
    return `${this.formatId}:${id}`;
  }
}
