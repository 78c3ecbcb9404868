import { acquiredBefore } from "../lots";
import type { LotMethod } from "./index";
import { SortedPool } from "./sorted-pool";

/**
 * Specific identification (IRS VC FAQ Q39-Q40): the user names the lots for a disposal in
 * `TaxSettings.lotPicks`; the engine takes those first. Units a pick does not cover fall back to
 * FIFO, the rule that applies when units are not identified (FAQ Q41), and are labelled "fifo".
 */
export const specificId: LotMethod = {
  id: "specific",
  createPool: () => new SortedPool(false),
  before: acquiredBefore,
};
