import Decimal from "decimal.js";
import { isFiat, type LedgerEntry } from "./types";

/**
 * Pairs moves between the user's own accounts: a withdrawal from one account and the deposit it
 * became in another. A paired move is not a disposal (IRS VC FAQ own-wallet transfers; HMRC
 * CRYPTO22100 "beneficial ownership is kept"), so the tax engine carries the coins' cost basis and
 * acquisition date across instead of selling and rebuying them (tax-rules notes 1.1, 5).
 *
 * 0. Pairs the user marked by hand (the same transferId on both sides), whatever their amounts or
 *    times; of two withdrawals with one transferId the later in the input counts.
 * Then two passes, both deterministic (ordered by time, then externalId, never by input position),
 * over what is left:
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

/**
 * A matching under way. Its steps are methods rather than closures made per call: this runs once
 * per tax computation, and code optimised for one call's closures deoptimises on the next call's.
 */
class Matching {
  readonly entries: readonly LedgerEntry[];
  /** Candidates' times, read once: a Date per entry is a cache miss per compare at 1M rows. */
  readonly ms: Float64Array;
  readonly partner: Int32Array;
  readonly by: Uint8Array; // 1 = tx-hash, 2 = amount-and-time, 3 = marked by the user
  readonly pairs: TransferPair[] = [];

  constructor(entries: readonly LedgerEntry[]) {
    this.entries = entries;
    this.ms = new Float64Array(entries.length);
    this.partner = new Int32Array(entries.length).fill(-1);
    this.by = new Uint8Array(entries.length);
  }

  paired(i: number): boolean {
    return (this.partner[i] as number) >= 0;
  }

  pair(w: number, d: number, how: 1 | 2 | 3): void {
    this.partner[w] = d;
    this.partner[d] = w;
    this.by[w] = how;
    this.by[d] = how;
    this.pairs.push({ withdrawal: w, deposit: d, by: BY[how] as TransferMatchedBy });
  }

  /** Time, then externalId (the index only separates rows alike in both). */
  before(a: number, b: number): number {
    const dt = (this.ms[a] as number) - (this.ms[b] as number);
    if (dt !== 0) return dt;
    const ia = (this.entries[a] as LedgerEntry).externalId;
    const ib = (this.entries[b] as LedgerEntry).externalId;
    return ia < ib ? -1 : ia > ib ? 1 : a - b;
  }

  /** Sorts in place unless already in order (inputs are usually in time order). */
  sort(list: number[]): void {
    for (let k = 1; k < list.length; k++) {
      if (this.before(list[k - 1] as number, list[k] as number) > 0) {
        list.sort((a, b) => this.before(a, b));
        return;
      }
    }
  }

  unpaired(list: readonly number[]): number[] {
    const left: number[] = [];
    for (let k = 0; k < list.length; k++) if (!this.paired(list[k] as number)) left.push(list[k] as number);
    return left;
  }
}

/**
 * Pass 1's groups: (normalised tx hash, asset) -> group number. Numbers, not group objects: at 1M
 * rows ~120k groups of small arrays cost more than the pairing. A hash nearly always carries one
 * asset; the rare others are chained from its first group (`sameHash`).
 */
class HashGroups {
  private readonly byHash = new Map<string, number>();
  private readonly assets: string[] = [];
  private readonly sameHash: number[] = [];

  get count(): number {
    return this.assets.length;
  }

  /** The group's number: a new one when there is none and `add`, else -1. */
  find(h: string, asset: string, add: boolean): number {
    const first = this.byHash.get(h) ?? -1;
    for (let g = first; g >= 0; g = this.sameHash[g] as number) if (this.assets[g] === asset) return g;
    if (!add) return -1;
    const g = this.assets.push(asset) - 1;
    this.sameHash.push(first);
    this.byHash.set(h, g);
    return g;
  }
}

/**
 * Pass 1: each withdrawal with the first unpaired deposit on another account that shares its
 * normalised tx hash and asset (its group). `outs` and `ins` are in `before` order.
 */
function pairByHash(m: Matching, outs: readonly number[], ins: readonly number[]): void {
  const { entries, partner } = m;
  const groups = new HashGroups();
  const groupOf = new Int32Array(outs.length); // per position in outs; -1: no hash
  for (let k = 0; k < outs.length; k++) {
    const e = entries[outs[k] as number] as LedgerEntry;
    const h = normalHash(e.txHash);
    groupOf[k] = h === null ? -1 : groups.find(h, e.sentAsset as string, true);
  }
  // Each group's deposits as a linked list of positions in ins, in order (built back to front).
  const first = new Int32Array(groups.count).fill(-1);
  const next = new Int32Array(ins.length);
  for (let k = ins.length - 1; k >= 0; k--) {
    const e = entries[ins[k] as number] as LedgerEntry;
    const h = normalHash(e.txHash);
    const g = h === null ? -1 : groups.find(h, e.receivedAsset as string, false);
    if (g < 0) continue;
    next[k] = first[g] as number;
    first[g] = k;
  }
  // Withdrawals in order across all groups: groups share no entries, so this pairs as group by
  // group would, and the pairs come out in the order `pairs` is sorted by.
  for (let k = 0; k < outs.length; k++) {
    const g = groupOf[k] as number;
    // A pair the user marked stands: its withdrawal is not paired again by hash.
    if (g < 0 || (partner[outs[k] as number] as number) >= 0) continue;
    let kd = first[g] as number;
    // Drop paired deposits from the head, so a hash on many rows is not rescanned per withdrawal.
    while (kd >= 0 && (partner[ins[kd] as number] as number) >= 0) kd = next[kd] as number;
    first[g] = kd;
    const w = outs[k] as number;
    const account = (entries[w] as LedgerEntry).account;
    for (; kd >= 0; kd = next[kd] as number) {
      const d = ins[kd] as number;
      if ((partner[d] as number) < 0 && (entries[d] as LedgerEntry).account !== account) {
        m.pair(w, d, 1);
        break;
      }
    }
  }
}

/** Pass 2: each withdrawal left with the earliest fitting deposit left, by asset, amount and time. */
function pairByAmountAndTime(m: Matching, outs: readonly number[], ins: readonly number[], windowMs: number, tolerance: Decimal): void {
  const { entries, ms } = m;
  const depositsByAsset = new Map<string, number[]>();
  for (let k = 0; k < ins.length; k++) {
    const i = ins[k] as number;
    if (m.paired(i)) continue;
    const asset = (entries[i] as LedgerEntry).receivedAsset as string;
    let list = depositsByAsset.get(asset);
    if (!list) depositsByAsset.set(asset, (list = []));
    list.push(i);
  }
  for (let k = 0; k < outs.length; k++) {
    const w = outs[k] as number;
    if (m.paired(w)) continue;
    const we = entries[w] as LedgerEntry;
    const list = depositsByAsset.get(we.sentAsset as string);
    if (!list) continue;
    const t0 = ms[w] as number;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ms[list[mid] as number] as number) < t0) lo = mid + 1;
      else hi = mid;
    }
    for (let j = lo; j < list.length; j++) {
      const d = list[j] as number;
      if ((ms[d] as number) - t0 > windowMs) break;
      const de = entries[d] as LedgerEntry;
      if (m.paired(d) || de.account === we.account) continue;
      if (amountsFit(we, de, tolerance)) {
        m.pair(w, d, 2);
        break;
      }
    }
  }
}

export function matchTransfers(entries: readonly LedgerEntry[], opts: TransferMatchOptions = {}): TransferMatch {
  const windowMs = (opts.windowHours ?? DEFAULT_TRANSFER_WINDOW_HOURS) * 3_600_000;
  const tolerance = new Decimal(opts.relativeTolerance ?? DEFAULT_TRANSFER_TOLERANCE);
  const m = new Matching(entries);
  const outs: number[] = [];
  const ins: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as LedgerEntry;
    const t = e.time.getTime();
    // An entry without a valid time is skipped by the engine (with a warning): never half of a pair.
    if (!Number.isFinite(t)) continue;
    if (e.kind === "withdrawal" && isTransferOut(e)) outs.push(i);
    else if (e.kind === "deposit" && isTransferIn(e)) ins.push(i);
    else continue;
    m.ms[i] = t;
  }

  // Pass 0: pairs the user marked by hand (same transferId), whatever their amounts or times.
  // In input order, as it always was: of two withdrawals with one transferId the later one counts.
  const marked = new Map<string, number>();
  for (let k = 0; k < outs.length; k++) {
    const id = (entries[outs[k] as number] as LedgerEntry).transferId;
    if (id) marked.set(id, outs[k] as number);
  }
  if (marked.size > 0) {
    for (let k = 0; k < ins.length; k++) {
      const d = ins[k] as number;
      const de = entries[d] as LedgerEntry;
      const w = de.transferId ? marked.get(de.transferId) : undefined;
      if (w === undefined || m.paired(w) || (entries[w] as LedgerEntry).sentAsset !== de.receivedAsset) continue;
      m.pair(w, d, 3);
    }
  }

  // From here on candidates go in `before` order, and so does every list taken from them.
  m.sort(outs);
  m.sort(ins);
  if (outs.length > 0) pairByHash(m, outs, ins);
  pairByAmountAndTime(m, outs, ins, windowMs, tolerance);

  const { pairs, by } = m;
  for (let i = 1; i < pairs.length; i++) {
    if (m.before((pairs[i - 1] as TransferPair).withdrawal, (pairs[i] as TransferPair).withdrawal) > 0) {
      pairs.sort((a, b) => m.before(a.withdrawal, b.withdrawal));
      break;
    }
  }
  return {
    pairs,
    partner: m.partner,
    matchedBy: (i) => BY[by[i] as number] ?? null,
    unmatchedWithdrawals: m.unpaired(outs),
    unmatchedDeposits: m.unpaired(ins),
  };
}
