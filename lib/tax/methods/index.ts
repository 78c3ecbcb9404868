import type { Lot } from "../lots";
import type { MethodId } from "../types";
import { fifo } from "./fifo";
import { hifo } from "./hifo";
import { lifo } from "./lifo";
import { specificId } from "./specific-id";

/**
 * Lot-selection methods as plug-ins (the shape of RP2's accounting-method plug-ins). A method
 * decides which lot a disposal uses next; the engine does the arithmetic. US FIFO is the default;
 * LIFO and HIFO are standing rules for specific identification, valid only when recorded by the
 * time of sale (tax-rules notes 1.3), so every disposal line records the method that chose it.
 */
export interface LotPool {
  add(lot: Lot): void;
  /** The lot this method uses next (emptied lots are skipped); undefined when the pool is empty. */
  peek(): Lot | undefined;
  /** Drops the lot `peek()` returned, once it is used up. */
  pop(): void;
  /** Every lot with units left, in no particular order. */
  lots(): Lot[];
  clear(): void;
  /** The pool's lots in its own internal order, used-up ones included (checkpoints). */
  items(): Lot[];
  /** Replaces the content with `items()` of a pool of the same method (restoring a checkpoint). */
  load(items: readonly Lot[]): void;
}

export interface LotMethod {
  readonly id: MethodId;
  createPool(): LotPool;
  /** True when `a` is used before `b`: picks among the pools of several accounts (universal scope). */
  before(a: Lot, b: Lot): boolean;
}

export const METHODS: Readonly<Record<MethodId, LotMethod>> = { fifo, lifo, hifo, specific: specificId };

export function methodById(id: MethodId): LotMethod {
  return METHODS[id];
}
