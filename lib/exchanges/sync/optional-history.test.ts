import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedRows, comparable } from "../../../e2e/mock-exchange/expected-entries";
import { generateDataset, mockCredentials, startMockExchange, type MockExchangeHandle } from "../../../e2e/mock-exchange/server";
import { createLogger } from "../../log";
import { EXCHANGE_IDS } from "../catalog";
import { createExchangeClient } from "../client";
import { fetchHistory } from "./fetch-history";
import { syncLimitations } from "./limitations";
import { EARN_DENIED_NOTICE } from "./plans/bybit";
import type { SyncPage } from "./types";

/**
 * History an exchange gives only to some keys: the sync must complete
 * without it and say so (a notice on the page), not stop.
 */

const DAY = 86_400_000;
let mock: MockExchangeHandle;
beforeAll(async () => {
  mock = await startMockExchange();
});
afterAll(async () => {
  await mock.close();
});

describe("Bybit Earn yield for a key without Bybit's Earn permission", { timeout: 30_000 }, () => {
  it("syncs everything else, asks once, and returns a notice instead of the rewards", async () => {
    const creds = mockCredentials("bybit", "ro-", "no-earn");
    const dataset = generateDataset({ seed: 5, trades: 60, markets: ["BTC/USDT", "ETH/USDT"], deposits: 2, withdrawals: 1, rewards: 6 });
    mock.state.setDataset(creds.apiKey, dataset);
    const client = createExchangeClient("bybit", creds, { mockBaseUrl: mock.url });
    const pages: SyncPage[] = [];
    for await (const p of fetchHistory(client, "bybit", { cursors: {}, account: "bybit", since: new Date(Date.now() - 70 * DAY), logger: createLogger({ level: "silent" }) })) pages.push(p);

    const rows = pages.flatMap((p) => p.entries.map(comparable)).sort((a, b) => a.externalId.localeCompare(b.externalId));
    expect(rows).toEqual(expectedRows("bybit", { ...dataset, rewards: [] }));
    expect(pages.flatMap((p) => p.notices ?? [])).toEqual([EARN_DENIED_NOTICE]);
    expect(mock.state.requests.filter((r) => r.path === "/v5/earn/yield")).toHaveLength(1);
  });
});

describe("syncLimitations", () => {
  it.each(EXCHANGE_IDS)("%s: every limitation says what to import instead", (id) => {
    for (const l of syncLimitations(id)) expect(l.message).toMatch(/import|connect a key/i);
  });

  it("names the Bybit Earn gap", () => {
    expect(syncLimitations("bybit").map((l) => l.id)).toContain("bybit-earn");
  });
});
