import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createExchangeClient } from "../../lib/exchanges/client";
import { compareBalances, fetchReportedBalances, impliedBalances } from "../../lib/exchanges/sync/balance-proof";
import { SyncError } from "../../lib/exchanges/sync/faults";
import { fetchHistory } from "../../lib/exchanges/sync/fetch-history";
import type { FetchHistoryOptions, SyncPage, WaitInfo } from "../../lib/exchanges/sync/types";
import { createLogger } from "../../lib/log";
import type { MockAccountFlags } from "./dataset";
import { comparable, expectedRows, type ComparableRow, type SyncedExchange } from "./expected-entries";
import { generateDataset, mockCredentials, startMockExchange, type GenerateDatasetOptions, type MockDataset, type MockExchangeHandle, type ScenarioPrefix } from "./server";

/**
 * The history-sync contract, run per exchange by lib/exchanges/sync/*.test.ts
 * (one file per exchange, so vitest spreads them over workers): real ccxt
 * 4.5.84 against the loopback mock. A 5,000-trade account across several
 * markets with deposits, withdrawals, staking/interest rewards and (where the
 * exchange's API has them) conversions must come out exactly as the mock's
 * rows (external ids, kinds, amounts as strings; a conversion is one row),
 * resumable after any page, incremental, and robust to 429/503 bursts, a
 * dead exchange, a revoked key and a key that gained permissions.
 */

const DAY = 86_400_000;
const logger = createLogger({ level: "silent" });
const FAST = { baseMs: 1, maxMs: 4, retries: 4, jitter: 0 } as const;

let mock: MockExchangeHandle;

function account(id: SyncedExchange, prefix: ScenarioPrefix, suffix: string, ds: MockDataset) {
  const creds = mockCredentials(id, prefix, suffix);
  mock.state.setDataset(creds.apiKey, ds);
  const client = createExchangeClient(id, creds, { mockBaseUrl: mock.url });
  return { creds, client };
}

interface Run {
  pages: SyncPage[];
  rows: ComparableRow[];
  cursors: Record<string, string>;
}

/** Runs a sync to the end, or commits only `commit` pages (the next one is fetched and lost, as in a crash before its transaction). */
async function run(id: SyncedExchange, client: ReturnType<typeof createExchangeClient>, opts: Partial<FetchHistoryOptions> & { commit?: number } = {}): Promise<Run> {
  const cursors: Record<string, string> = { ...(opts.cursors ?? {}) };
  const out: Run = { pages: [], rows: [], cursors };
  const gen = fetchHistory(client, id, { account: id, since: opts.since ?? new Date(Date.now() - 70 * DAY), logger, backoff: FAST, ...opts, cursors: { ...cursors } });
  for await (const page of gen) {
    if (opts.commit !== undefined && out.pages.length === opts.commit) break;
    out.pages.push(page);
    out.rows.push(...page.entries.map(comparable));
    cursors[page.stream] = page.cursor;
  }
  return out;
}

const byId = (rows: ComparableRow[]) => [...rows].sort((a, b) => a.externalId.localeCompare(b.externalId));
const ids = (rows: ComparableRow[]) => rows.map((r) => r.externalId);

export interface HarnessOptions {
  /** For the flaky tests: fail every n-th private call (default 5; exchanges with few calls per sync need fewer). */
  flakyEvery?: number;
  /** False where the exchange's API has no income history Lotwise can read: datasets then carry no rewards. */
  rewards?: boolean;
  /** Where the mock serves conversions (CONVERSION_EXCHANGES): datasets carry them, and each must come out as one row. */
  conversions?: boolean;
  /** Binance: dust sweeps to BNB too. */
  dust?: boolean;
  /** Account traits for the mock (KuCoin HF account, Bybit Earn access). */
  flags?: MockAccountFlags;
  /** Names the variant in the test titles ("HF account"). */
  variant?: string;
}

/** The dataset options of one test, scaled by what the exchange's API can give. */
function sized(opts: HarnessOptions, base: GenerateDatasetOptions & { rewards: number; conversions: number }): GenerateDatasetOptions {
  return {
    ...base,
    rewards: opts.rewards === false ? 0 : base.rewards,
    conversions: opts.conversions ? base.conversions : 0,
    dust: opts.dust ? base.conversions : 0,
    ...(opts.flags ? { flags: opts.flags } : {}),
  };
}

export function describeHistorySync(id: SyncedExchange, markets: string[], opts: HarnessOptions = {}): void {
  beforeAll(async () => {
    mock = await startMockExchange();
  });
  afterAll(async () => {
    await mock.close();
  });
  beforeEach(() => {
    mock.state.reset();
  });
  const name = opts.variant ? `${id} (${opts.variant})` : id;
  describe(`${name} history sync`, { timeout: 30_000 }, () => contract(id, markets, opts));
  describe(`${name} sync faults`, { timeout: 30_000 }, () => faults(id, markets, opts));
}

function contract(id: SyncedExchange, markets: string[], opts: HarnessOptions): void {
  it("a full sync gives exactly the mock's rows and balances; a second sync adds nothing; later rows arrive incrementally", async () => {
    const r = opts.rewards === false ? 0 : 1;
    const c = opts.conversions ? 1 : 0;
    const d = opts.dust ? 1 : 0;
    const dataset = generateDataset(sized(opts, { seed: 7, trades: 5_200, markets, deposits: 40, withdrawals: 25, rewards: 150, conversions: 30 }));
    const { creds, client } = account(id, "ro-", "full", dataset);
    const first = await run(id, client);
    expect(new Set(ids(first.rows)).size).toBe(first.rows.length);
    expect(byId(first.rows)).toEqual(expectedRows(id, dataset));
    const last = first.pages.at(-1)?.progress;
    expect(last?.streamIndex).toBe((last?.streamCount ?? 0) - 1);
    expect(last?.fetched).toBe(first.rows.length);

    const reported = await fetchReportedBalances(client);
    expect(compareBalances(reported, impliedBalances(first.pages.flatMap((p) => p.entries)))).toEqual([]);

    const second = await run(id, client, { cursors: first.cursors });
    expect(second.rows).toEqual([]);

    // Newer than anything the first sync could have seen; the next sync's clock is moved past them.
    const before = new Set(ids(first.rows));
    const start = Date.now() + 1_000;
    mock.state.appendRows(creds.apiKey, { seed: 8, trades: 120, deposits: 3, withdrawals: 2, rewards: 4 * r, conversions: 2 * c, dust: 2 * d, start, end: start + 5_000 });
    const third = await run(id, client, { cursors: second.cursors, now: () => start + 10_000 });
    const added = expectedRows(id, dataset).filter((x) => !before.has(x.externalId));
    expect(added.length).toBe(125 + 4 * r + 2 * c + 2 * d);
    expect(byId(third.rows)).toEqual(added);
  });

  it("a sync killed after any page resumes from the stored cursors with exactly the remaining rows", async () => {
    const dataset = generateDataset(sized(opts, { seed: 12, trades: 1_000, markets, deposits: 12, withdrawals: 8, rewards: 30, conversions: 10 }));
    const { client } = account(id, "ro-", "resume", dataset);
    const want = expectedRows(id, dataset);
    // Early (deposits, withdrawals) and late (ledger or trades, depending on the exchange's page sizes).
    for (const commit of [2, 9]) {
      const crashed = await run(id, client, { commit });
      const resumed = await run(id, client, { cursors: crashed.cursors });
      const all = [...crashed.rows, ...resumed.rows];
      expect(new Set(ids(all)).size, `duplicates after a crash at page ${commit}`).toBe(all.length);
      expect(byId(all), `rows after a crash at page ${commit}`).toEqual(want);
    }
  });

  it.each([
    { prefix: "flaky429-" as const, reason: "rate-limited" },
    { prefix: "flaky503-" as const, reason: "exchange-down" },
  ])("recovers from $prefix bursts by backing off ($reason)", async ({ prefix, reason }) => {
    const dataset = generateDataset(sized(opts, { seed: 9, trades: 300, markets, deposits: 5, withdrawals: 3, rewards: 10, conversions: 4 }));
    const { client } = account(id, prefix, "1", dataset);
    mock.state.flakyEvery = opts.flakyEvery ?? 5;
    const waits: WaitInfo[] = [];
    const result = await run(id, client, { onWait: (w) => void waits.push(w) });
    expect(byId(result.rows)).toEqual(expectedRows(id, dataset));
    expect(waits.length).toBeGreaterThan(0);
    expect(new Set(waits.map((w) => w.reason))).toEqual(new Set([reason]));
  });
}

function faults(id: SyncedExchange, markets: string[], opts: HarnessOptions): void {
  const small = () => generateDataset({ seed: 11, trades: 300, markets, deposits: 4, withdrawals: 2, rewards: 5, ...(opts.flags ? { flags: opts.flags } : {}) });

  it("an exchange that stays down ends in exchange-down after the configured retries", async () => {
    const { client } = account(id, "down-", "1", small());
    const waits: WaitInfo[] = [];
    const err = await run(id, client, { onWait: (w) => void waits.push(w) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect((err as SyncError).code).toBe("exchange-down");
    expect(waits.map((w) => w.attempt)).toEqual([1, 2, 3, 4]);
  });

  it("a key revoked in the middle of a sync stops it with needs-attention", async () => {
    const { creds, client } = account(id, "ro-", "revoked", small());
    const pages: SyncPage[] = [];
    const err = await (async () => {
      for await (const page of fetchHistory(client, id, { cursors: {}, account: id, since: new Date(Date.now() - 70 * DAY), logger, backoff: FAST })) {
        pages.push(page);
        if (pages.length === 1) mock.state.revokeKey(creds.apiKey);
      }
    })().catch((e: unknown) => e);
    expect(pages.length).toBe(1);
    expect(err).toBeInstanceOf(SyncError);
    expect((err as SyncError).code).toBe("needs-attention");
    expect((err as SyncError).message).not.toMatch(/secret-for|signature=|apiKeys\//);
  });

  it.each(["trade-", "withdraw-"] as const)("a key that gained permissions (%s) is not used", async (prefix) => {
    const { client } = account(id, prefix, "1", small());
    const err = await run(id, client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect((err as SyncError).code).toBe("needs-attention");
    expect((err as SyncError).failure).toBe("not-read-only");
    expect((err as SyncError).reasons?.length).toBeGreaterThan(0);
    expect(mock.state.requests.some((r) => r.category === "history")).toBe(false);
  });
}
