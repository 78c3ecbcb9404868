import { describe, expect, it } from "vitest";
import { computeTaxWithCheckpoints, recomputeTax } from "./incremental";
import { changesFromRows } from "../ledger/changes";
import { decodeRecords, deserializeTaxResult, encodeRecords, RECORD_ARRAYS, serializeTaxResult } from "./result-codec";
import type { TaxResult } from "./types";
import { ledger } from "./testing";

describe("result codec", () => {
  const before = ledger([
    { date: "2024-01-02 10:00:00", sent: "20000 USD", received: "1 BTC" },
    { date: "2024-01-05 10:00:00", sent: "3000 USD", received: "1 ETH", fee: "3 USD" },
    { date: "2024-02-01 10:00:00", sent: "0.25 BTC", received: "10000 USD" },
    { date: "2024-03-01 10:00:00", received: "0.1 ETH", worth: "350 USD", label: "staking" },
    { date: "2024-04-01 10:00:00", sent: "0.5 ETH", received: "2000 USD" },
  ]);
  const added = ledger([{ date: "2024-05-01 10:00:00", sent: "0.25 BTC", received: "15000 USD" }]).map((e) => ({ ...e, externalId: `${e.externalId}-new` }));
  const settings = { jurisdiction: "us" as const, method: "fifo" as const };

  // Every record array's texts, with or without a memo of records by identity.
  const texts = (r: TaxResult, memo?: WeakMap<object, string>) => RECORD_ARRAYS.map((k) => encodeRecords(k, r[k] as never[], memo));

  it("encodes the same record texts with a memo as without, also for the records an incremental recompute kept", () => {
    const first = computeTaxWithCheckpoints(before, settings);
    const memo = new WeakMap<object, string>();
    expect(texts(first.result, memo)).toEqual(texts(first.result));
    const next = recomputeTax([...before, ...added], settings, first, changesFromRows(added));
    // Some lines are the previous result's own objects: their text comes from the memo.
    expect(next.result.disposals.some((l) => first.result.disposals.includes(l))).toBe(true);
    const memoTexts = texts(next.result, memo);
    expect(memoTexts).toEqual(texts(next.result));
    RECORD_ARRAYS.forEach((k, i) => expect(JSON.stringify(decodeRecords(k, `[${(memoTexts[i] as string[]).join(",")}]`))).toBe(JSON.stringify(next.result[k])));
    expect(JSON.stringify(deserializeTaxResult(serializeTaxResult(next.result)))).toBe(JSON.stringify(next.result));
  });
});
