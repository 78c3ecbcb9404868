import { describe, expect, it } from "vitest";
import { computeTaxWithCheckpoints, recomputeTax } from "./incremental";
import { changesFromRows } from "../ledger/changes";
import { deserializeTaxResult, serializeTaxResult } from "./result-codec";
import { ledger } from "./testing";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("serializeTaxResult", () => {
  const before = ledger([
    { date: "2024-01-02 10:00:00", sent: "20000 USD", received: "1 BTC" },
    { date: "2024-01-05 10:00:00", sent: "3000 USD", received: "1 ETH", fee: "3 USD" },
    { date: "2024-02-01 10:00:00", sent: "0.25 BTC", received: "10000 USD" },
    { date: "2024-03-01 10:00:00", received: "0.1 ETH", worth: "350 USD", label: "staking" },
    { date: "2024-04-01 10:00:00", sent: "0.5 ETH", received: "2000 USD" },
  ]);
  const added = ledger([{ date: "2024-05-01 10:00:00", sent: "0.25 BTC", received: "15000 USD" }]).map((e) => ({ ...e, externalId: `${e.externalId}-new` }));
  const settings = { jurisdiction: "us" as const, method: "fifo" as const };

  it("writes the same bytes with a memo of records as without, also for the records an incremental recompute kept", () => {
    const first = computeTaxWithCheckpoints(before, settings);
    const memo = new WeakMap<object, string>();
    expect(text(serializeTaxResult(first.result, memo))).toBe(text(serializeTaxResult(first.result)));
    const next = recomputeTax([...before, ...added], settings, first, changesFromRows(added));
    // Some lines are the previous result's own objects: their text comes from the memo.
    expect(next.result.disposals.some((l) => first.result.disposals.includes(l))).toBe(true);
    const memoText = text(serializeTaxResult(next.result, memo));
    expect(memoText).toBe(text(serializeTaxResult(next.result)));
    expect(JSON.stringify(deserializeTaxResult(new TextEncoder().encode(memoText)))).toBe(JSON.stringify(next.result));
  });
});
