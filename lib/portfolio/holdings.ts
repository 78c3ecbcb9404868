import Decimal from "decimal.js";
import type { OpenLot, TaxResult } from "../tax/types";

export interface AccountHolding {
  account: string;
  quantity: Decimal;
  costBasis: Decimal;
}

export interface AssetHolding {
  asset: string;
  quantity: Decimal;
  costBasis: Decimal;
  /** Quantity-weighted mean acquisition time of the open lots with a known date; null when none has one. */
  averageAcquiredAt: Date | null;
  basisMissing: boolean;
  accounts: AccountHolding[];
  lots: OpenLot[];
}

/** What the user holds now, per asset and per account, from the engine's open lots. */
export function holdingsFrom(result: Pick<TaxResult, "openLots">): AssetHolding[] {
  const byAsset = new Map<string, OpenLot[]>();
  for (const lot of result.openLots) {
    if (lot.amount.isZero()) continue;
    const list = byAsset.get(lot.asset) ?? [];
    list.push(lot);
    byAsset.set(lot.asset, list);
  }
  const out: AssetHolding[] = [];
  for (const [asset, lots] of byAsset) {
    const accounts = new Map<string, AccountHolding>();
    let quantity = new Decimal(0);
    let costBasis = new Decimal(0);
    let datedQty = new Decimal(0);
    let weightedMs = new Decimal(0);
    for (const lot of lots) {
      quantity = quantity.plus(lot.amount);
      costBasis = costBasis.plus(lot.costBasis);
      if (lot.acquiredAt) {
        datedQty = datedQty.plus(lot.amount);
        weightedMs = weightedMs.plus(lot.amount.times(lot.acquiredAt.getTime()));
      }
      const a = accounts.get(lot.account) ?? { account: lot.account, quantity: new Decimal(0), costBasis: new Decimal(0) };
      a.quantity = a.quantity.plus(lot.amount);
      a.costBasis = a.costBasis.plus(lot.costBasis);
      accounts.set(lot.account, a);
    }
    out.push({
      asset,
      quantity,
      costBasis,
      // A timestamp in ms, not money: an integer string parses exactly.
      averageAcquiredAt: datedQty.isZero() ? null : new Date(Number.parseInt(weightedMs.div(datedQty).round().toFixed(), 10)),
      basisMissing: lots.some((l) => l.basisMissing),
      accounts: [...accounts.values()].sort((x, y) => x.account.localeCompare(y.account)),
      lots: [...lots].sort((x, y) => (x.acquiredAt?.getTime() ?? 0) - (y.acquiredAt?.getTime() ?? 0)),
    });
  }
  return out.sort((x, y) => y.costBasis.comparedTo(x.costBasis) || x.asset.localeCompare(y.asset));
}

/** Income of one tax year, summed by type (staking, mining, airdrop, interest, income). */
export function incomeByType(result: Pick<TaxResult, "income">, taxYear: number): { type: string; value: Decimal; events: number }[] {
  const by = new Map<string, { type: string; value: Decimal; events: number }>();
  for (const e of result.income) {
    if (e.taxYear !== taxYear) continue;
    const row = by.get(e.type) ?? { type: e.type, value: new Decimal(0), events: 0 };
    row.value = row.value.plus(e.value);
    row.events++;
    by.set(e.type, row);
  }
  return [...by.values()].sort((a, b) => a.type.localeCompare(b.type));
}

/** Realized gain of one tax year by UK matching rule (same day, 30 days, s104 pool). */
export function gainByRule(result: Pick<TaxResult, "disposals">, taxYear: number): { rule: string; gain: Decimal }[] {
  const by = new Map<string, Decimal>();
  for (const d of result.disposals) if (d.taxYear === taxYear) by.set(d.rule, (by.get(d.rule) ?? new Decimal(0)).plus(d.gain));
  return [...by].map(([rule, gain]) => ({ rule, gain })).sort((a, b) => a.rule.localeCompare(b.rule));
}
