import Decimal from "decimal.js";
import { isFiat, type LedgerEntry } from "./types";

/**
 * Pairs moves between the user's own accounts: a withdrawal from one account and the deposit it
 * became in another. A paired move is not a disposal (IRS VC FAQ own-wallet transfers; HMRC
 * CRYPTO22100 "beneficial ownership is kept"), so the tax engine carries the coins' cost basis and
 * acquisition date across instead of selling and rebuying them (tax-rules notes 1.1, 5).
 *
 * Two passes, both deterministic (ordered by time, then externalId, never by input position):
 * 1. Same transaction hash and asset on both sides, different accounts (any time order: exchange
 *    clocks disagree).
 * 2. What is left: same asset, different accounts, the deposit 0..window after the withdrawal,
 *    received <= sent (+ the withdrawal's own fee in that asset), and the shortfall no more than
 *    the fee tolerance (tax-rules notes 5 "Matching transfers across exchanges").
 * Unpaired candidates are returned so the engine can warn; they never become sales.
 */

export interface TransferMatchOptions {
  /** Longest gap between withdrawal and deposit for pass 2. Default 48 hours. */
  windowHours?: number;
  /**
   * Largest shortfall (sent - received) pass 2 accepts as a network fee, as a fraction of the
   * sent amount, when the withdrawal does not state its fee. Default 0.05 (5%).
   */
  relativeTolerance?: Decimal.Value;
}

export const DEFAULT_TRANSFER_WINDOW_HOURS = 48;
export const DEFAULT_TRANSFER_TOLERANCE = "0.05";

export type TransferMatchedBy = "tx-hash" | "amount-and-time" | "marked";
const BY: readonly (TransferMatchedBy | undefined)[] = [undefined, "tx-hash", "amount-and-time", "marked"];

export interface TransferPair {
  /** Index into the entries given. */
  withdrawal: number;
  deposit: number;
  by: TransferMatchedBy;
}

export interface TransferMatch {
  pairs: TransferPair[];
  /** partner[i]: the index paired with entry i, or -1. */
  partner: Int32Array;
  /** How entry i was paired (only meaningful where partner[i] >= 0). */
  matchedBy: (i: number) => TransferMatchedBy | null;
  unmatchedWithdrawals: number[];
  unmatchedDeposits: number[];
}

const isPositive = (x: Decimal): boolean => !x.isZero() && !x.isNeg();

const fiatCache = new Map<string, boolean>();
/** `isFiat` without upper-casing the code on every row (asset codes repeat). */
function fiat(asset: string): boolean {
  let v = fiatCache.get(asset);
  if (v === undefined) fiatCache.set(asset, (v = isFiat(asset)));
  return v;
}

/** A crypto withdrawal that may be one half of an own-account transfer. */
export function isTransferOut(e: LedgerEntry): boolean {
  return e.kind === "withdrawal" && e.sentAsset !== null && e.sentAmount !== null && e.receivedAsset === null && isPositive(e.sentAmount) && !fiat(e.sentAsset);
}

/** A crypto deposit that may be the other half. */
export function isTransferIn(e: LedgerEntry): boolean {
  return e.kind === "deposit" && e.receivedAsset !== null && e.receivedAmount !== null && e.sentAsset === null && isPositive(e.receivedAmount) && !fiat(e.receivedAsset);
}

/** Sorts in place unless already in order (inputs are usually in time order). */
function sortIfNeeded(list: number[], order: (a: number, b: number) => number): number[] {
  for (let i = 1; i < list.length; i++) {
    if (order(list[i - 1] as number, list[i] as number) > 0) return list.sort(order);
  }
  return list;
}

/** Tx hashes compare case-insensitively and without surrounding blanks. */
function normalHash(raw: string | null): string | null {
  if (raw === null || raw === "") return null;
  const h = plainHash(raw) ? raw : raw.trim().toLowerCase();
  return h === "" ? null : h;
}

/** No capital letter and no white space (`/[A-Z\s]/`): already normal. Hex and base58 hashes mostly are. */
function plainHash(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    // ASCII letters, digits and "x" need no look at the white-space table.
    if (c >= 97 && c <= 122) continue;
    if (c >= 48 && c <= 57) continue;
    if ((c >= 65 && c <= 90) || /\s/.test(raw[i] as string)) return false;
  }
  return true;
}

function byTimeThenId(entries: readonly LedgerEntry[]) {
  return (a: number, b: number): number => {
    const ea = entries[a] as LedgerEntry;
    const eb = entries[b] as LedgerEntry;
    const dt = ea.time.getTime() - eb.time.getTime();
    if (dt !== 0) return dt;
    return ea.externalId < eb.externalId ? -1 : ea.externalId > eb.externalId ? 1 : a - b;
  };
}

/** Units that leave the sending account: the sent amount plus its fee when paid in the same asset. */
function unitsOut(w: LedgerEntry): Decimal {
  const sent = w.sentAmount as Decimal;
  return w.feeAsset !== null && w.feeAmount !== null && w.feeAsset === w.sentAsset ? sent.plus(w.feeAmount) : sent;
}

function amountsFit(w: LedgerEntry, d: LedgerEntry, tolerance: Decimal): boolean {
  const received = d.receivedAmount as Decimal;
  const out = unitsOut(w);
  if (received.gt(out)) return false;
  const sent = w.sentAmount as Decimal;
  const statedFee = out.minus(sent);
  const allowed = Decimal.max(sent.times(tolerance), statedFee);
  return out.minus(received).lte(allowed);
}

/** Withdrawals and deposits sharing a normalised tx hash and an asset (`next`: same hash, other asset). */
interface HashGroup {
  asset: string;
  w: number[];
  d: number[] | null;
  next: HashGroup | undefined;
}

export function matchTransfers(entries: readonly LedgerEntry[], opts: TransferMatchOptions = {}): TransferMatch {
  const windowMs = (opts.windowHours ?? DEFAULT_TRANSFER_WINDOW_HOURS) * 3_600_000;
  const tolerance = new Decimal(opts.relativeTolerance ?? DEFAULT_TRANSFER_TOLERANCE);
  const partner = new Int32Array(entries.length).fill(-1);
  const by = new Uint8Array(entries.length); // 1 = tx-hash, 2 = amount-and-time, 3 = marked by the user
  const pairs: TransferPair[] = [];
  const outs: number[] = [];
  const ins: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as LedgerEntry;
    if (e.kind === "withdrawal" && isTransferOut(e)) outs.push(i);
    else if (e.kind === "deposit" && isTransferIn(e)) ins.push(i);
  }
  const order = byTimeThenId(entries);
  const paired = (i: number): boolean => (partner[i] as number) >= 0;
  const pair = (w: number, d: number, how: 1 | 2 | 3): void => {
    partner[w] = d;
    partner[d] = w;
    by[w] = how;
    by[d] = how;
    pairs.push({ withdrawal: w, deposit: d, by: BY[how] as TransferMatchedBy });
  };

  // Pass 0: pairs the user marked by hand (same transferId), whatever their amounts or times.
  const marked = new Map<string, number>();
  for (const i of outs) {
    const id = (entries[i] as LedgerEntry).transferId;
    if (id) marked.set(id, i);
  }
  if (marked.size > 0) {
    for (const d of ins) {
      const de = entries[d] as LedgerEntry;
      const w = de.transferId ? marked.get(de.transferId) : undefined;
      if (w === undefined || paired(w) || (entries[w] as LedgerEntry).sentAsset !== de.receivedAsset) continue;
      pair(w, d, 3);
    }
  }

  // Pass 1: transaction hash (per hash, then per asset: one hash nearly always carries one asset).
  // Groups in order of their first withdrawal; member lists are built exact-size (most have one).
  const byHash = new Map<string, HashGroup>();
  const groups: HashGroup[] = [];
  for (let k = 0; k < outs.length; k++) {
    const i = outs[k] as number;
    const e = entries[i] as LedgerEntry;
    const h = normalHash(e.txHash);
    if (h === null) continue;
    const asset = e.sentAsset as string;
    let g = byHash.get(h);
    while (g !== undefined && g.asset !== asset) g = g.next;
    if (g === undefined) {
      g = { asset, w: [i], d: null, next: byHash.get(h) };
      byHash.set(h, g);
      groups.push(g);
    } else g.w.push(i);
  }
  if (groups.length > 0) {
    for (let k = 0; k < ins.length; k++) {
      const i = ins[k] as number;
      const e = entries[i] as LedgerEntry;
      const h = normalHash(e.txHash);
      if (h === null) continue;
      const asset = e.receivedAsset as string;
      let g = byHash.get(h);
      while (g !== undefined && g.asset !== asset) g = g.next;
      if (g === undefined) continue;
      if (g.d === null) g.d = [i];
      else g.d.push(i);
    }
  }
  for (let k = 0; k < groups.length; k++) {
    const g = groups[k] as HashGroup;
    const ds = g.d;
    if (ds === null) continue;
    if (g.w.length > 1) g.w.sort(order);
    if (ds.length > 1) ds.sort(order);
    for (const w of g.w) {
      const account = (entries[w] as LedgerEntry).account;
      for (let j = 0; j < ds.length; j++) {
        const d = ds[j] as number;
        if (!paired(d) && (entries[d] as LedgerEntry).account !== account) {
          pair(w, d, 1);
          break;
        }
      }
    }
  }

  // Pass 2: asset, amount and time window.
  const depositsByAsset = new Map<string, number[]>();
  for (const i of ins) {
    if (paired(i)) continue;
    const asset = (entries[i] as LedgerEntry).receivedAsset as string;
    let list = depositsByAsset.get(asset);
    if (!list) depositsByAsset.set(asset, (list = []));
    list.push(i);
  }
  for (const list of depositsByAsset.values()) sortIfNeeded(list, order);
  const pending = sortIfNeeded(
    outs.filter((i) => !paired(i)),
    order,
  );
  for (const w of pending) {
    const we = entries[w] as LedgerEntry;
    const list = depositsByAsset.get(we.sentAsset as string);
    if (!list) continue;
    const t0 = we.time.getTime();
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((entries[list[mid] as number] as LedgerEntry).time.getTime() < t0) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < list.length; k++) {
      const d = list[k] as number;
      const de = entries[d] as LedgerEntry;
      if (de.time.getTime() - t0 > windowMs) break;
      if (paired(d) || de.account === we.account) continue;
      if (amountsFit(we, de, tolerance)) {
        pair(w, d, 2);
        break;
      }
    }
  }

  for (let i = 1; i < pairs.length; i++) {
    if (order((pairs[i - 1] as TransferPair).withdrawal, (pairs[i] as TransferPair).withdrawal) > 0) {
      pairs.sort((a, b) => order(a.withdrawal, b.withdrawal));
      break;
    }
  }
  return {
    pairs,
    partner,
    matchedBy: (i) => BY[by[i] as number] ?? null,
    unmatchedWithdrawals: sortIfNeeded(
      outs.filter((i) => !paired(i)),
      order,
    ),
    unmatchedDeposits: sortIfNeeded(
      ins.filter((i) => !paired(i)),
      order,
    ),
  };
}
