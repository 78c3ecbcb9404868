import path from "node:path";
import type { LedgerEntry, TxKind } from "../../ledger/types";
import { D, ZERO } from "../../tax/decimal";
import type { DisposalLine, JurisdictionId, TaxResult } from "../../tax/types";
import type { ReportMeta } from "../report-meta";

/** Test ledgers and results for lib/reports tests (not shipped code paths). */

export const FORMS_DIR = path.resolve(__dirname, "../forms");

export function entry(externalId: string, time: string, kind: TxKind, sent: [string, string] | null, received: [string, string] | null, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    externalId,
    time: new Date(time),
    account: "Coinbase",
    kind,
    sentAsset: sent ? sent[1] : null,
    sentAmount: sent ? new D(sent[0]) : null,
    receivedAsset: received ? received[1] : null,
    receivedAmount: received ? new D(received[0]) : null,
    feeAsset: null,
    feeAmount: null,
    fiatValue: null,
    fiatCurrency: null,
    label: null,
    description: null,
    txHash: null,
    ...extra,
  };
}

const day = (n: number) => String(n).padStart(2, "0");

/**
 * US, tax year 2025: 14 short-term sales (BTC bought in January 2025, one lot each) and 5 long-term
 * sales (ETH bought in 2023), all in one Coinbase account; 5 of the short-term sales are losses.
 * On the 2025 Form 8949 that is Part I box I over two copies (11 + 3 rows) and Part II box L on one:
 * three pages. Plus two staking rewards and one airdrop.
 */
export function usLedger(): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (let i = 1; i <= 14; i++) {
    out.push(entry(`buy-btc-${i}`, `2025-01-${day(i)}T10:00:00Z`, "buy", [`${1000 + i * 10}.25`, "USD"], ["0.1", "BTC"]));
    const loss = i % 3 === 0;
    out.push(entry(`sell-btc-${i}`, `2025-03-${day(i)}T15:30:00Z`, "sell", ["0.1", "BTC"], [loss ? `${900 + i}.10` : `${1500 + i * 7}.55`, "USD"]));
  }
  for (let i = 1; i <= 5; i++) {
    out.push(entry(`buy-eth-${i}`, `2023-02-${day(i)}T09:00:00Z`, "buy", [`${1500 + i}.00`, "USD"], ["1", "ETH"]));
    out.push(entry(`sell-eth-${i}`, `2025-06-${day(i)}T12:00:00Z`, "sell", ["1", "ETH"], [`${2500 + i * 100}.40`, "USD"]));
  }
  out.push(entry("stake-1", "2025-04-01T00:00:00Z", "income", null, ["0.5", "ETH"], { label: "staking", fiatValue: new D("900.12"), fiatCurrency: "USD" }));
  out.push(entry("stake-2", "2025-05-01T00:00:00Z", "income", null, ["0.25", "ETH"], { label: "staking", fiatValue: new D("450.50"), fiatCurrency: "USD" }));
  out.push(entry("drop-1", "2025-07-01T00:00:00Z", "income", null, ["100", "=HYPERLINK(\"x\")"], { label: "airdrop", fiatValue: new D("12.34"), fiatCurrency: "USD" }));
  return out;
}

/**
 * UK, tax year 2024/25 (HMRC worked-example shapes): a pool built in 2023, a same-day match, a
 * 30-day (bed and breakfast) match and s104 disposals, one at a loss.
 */
export function ukLedger(): LedgerEntry[] {
  return [
    entry("b1", "2023-05-01T10:00:00Z", "buy", ["10000", "GBP"], ["1", "BTC"], { account: "Kraken" }),
    entry("b2", "2023-09-01T10:00:00Z", "buy", ["30000", "GBP"], ["1", "BTC"], { account: "Kraken" }),
    // s104: 0.5 of a 2 BTC pool costing 40,000.
    entry("s1", "2024-06-10T10:00:00Z", "sell", ["0.5", "BTC"], ["15000", "GBP"], { account: "Kraken" }),
    // Same day: sell 0.2 and buy 0.2 on 1 Aug.
    entry("s2", "2024-08-01T09:00:00Z", "sell", ["0.2", "BTC"], ["8000", "GBP"], { account: "Kraken" }),
    entry("b3", "2024-08-01T18:00:00Z", "buy", ["7000", "GBP"], ["0.2", "BTC"], { account: "Kraken" }),
    // 30 days: sell 0.1 on 1 Nov, buy 0.1 back on 15 Nov.
    entry("s3", "2024-11-01T10:00:00Z", "sell", ["0.1", "BTC"], ["5000", "GBP"], { account: "Kraken" }),
    entry("b4", "2024-11-15T10:00:00Z", "buy", ["6000", "GBP"], ["0.1", "BTC"], { account: "Kraken" }),
    // s104 at a loss.
    entry("s4", "2025-02-01T10:00:00Z", "sell", ["0.5", "BTC"], ["9000", "GBP"], { account: "Kraken" }),
    entry("i1", "2024-12-01T10:00:00Z", "income", null, ["1", "ETH"], { label: "staking", fiatValue: new D("2500"), fiatCurrency: "GBP", account: "Kraken" }),
  ];
}

export function meta(jurisdiction: JurisdictionId, taxYear: number, extra: Partial<ReportMeta> = {}): ReportMeta {
  return {
    jurisdiction,
    method: jurisdiction === "uk" ? "uk-matching" : "fifo",
    taxYear,
    generatedAt: new Date("2026-02-01T09:30:00Z"),
    ledgerFingerprint: `sha256:${"0123456789abcdef".repeat(4)}`,
    taxpayerName: "Jordan Q. Public",
    currency: jurisdiction === "uk" ? "GBP" : "USD",
    ...extra,
  };
}

/** A US result holding only the given lines (for row-building tests without the engine). */
export function usResult(lines: DisposalLine[], year = 2025): TaxResult {
  return {
    settings: { jurisdiction: "us", method: "fifo", currency: "USD", timeZone: "UTC", year, transferFee: "dispose", lotScope: "auto" },
    disposals: lines,
    income: [],
    removals: [],
    openLots: [],
    balances: [],
    warnings: [],
    totals: { proceeds: ZERO, costBasis: ZERO, gain: ZERO, shortTermGain: ZERO, longTermGain: ZERO, income: ZERO },
    summary: [],
    allocations: [],
  };
}

export function line(over: Partial<DisposalLine> & Pick<DisposalLine, "disposalId">): DisposalLine {
  const acquiredAt = over.acquiredAt === undefined ? new Date("2025-01-10T00:00:00Z") : over.acquiredAt;
  const amount = over.amount ?? new D("1");
  const costBasis = over.costBasis ?? new D("100");
  const proceeds = over.proceeds ?? new D("150");
  return {
    entries: [over.disposalId],
    kind: "sale",
    asset: "BTC",
    account: "Coinbase",
    disposedAt: new Date("2025-03-10T00:00:00Z"),
    term: "short",
    rule: "fifo",
    lots: [{ id: `lot-${over.disposalId}`, externalId: `lot-${over.disposalId}`, account: "Coinbase", acquiredAt, amount, costBasis, basisMissing: false }],
    prices: [],
    basisMissing: false,
    priceMissing: false,
    taxYear: 2025,
    ...over,
    acquiredAt,
    amount,
    costBasis,
    proceeds,
    gain: over.gain ?? proceeds.minus(costBasis),
  };
}
