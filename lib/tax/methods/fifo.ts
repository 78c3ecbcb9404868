import { acquiredBefore } from "../lots";
import type { LotMethod } from "./index";
import { SortedPool } from "./sorted-pool";

/**
 * First in, first out: the earliest acquired units are deemed sold. The US default when units are
 * not specifically identified (IRS VC FAQ Q41; Treas. Reg. 1.1012-1(j)) and the German order
 * (s.23 Abs.1 S.1 Nr.2 S.3 EStG; BMF 6 March 2025).
 */
export const fifo: LotMethod = {
  id: "fifo",
  createPool: () => new SortedPool(false),
  before: acquiredBefore,
};
