import { acquiredBefore } from "../lots";
import type { LotMethod } from "./index";
import { SortedPool } from "./sorted-pool";

/**
 * Last in, first out: a standing rule for specific identification in the US (tax-rules notes 1.3);
 * in Germany accepted by FG Nuernberg (22 Jan 2025) against the BMF's FIFO (AMBIGUOUS, notes 3).
 */
export const lifo: LotMethod = {
  id: "lifo",
  createPool: () => new SortedPool(true),
  before: (a, b) => acquiredBefore(b, a),
};
