import { describeHistorySync } from "../../../e2e/mock-exchange/sync-harness";

// The shared contract (e2e/mock-exchange/sync-harness.ts) against the kucoin mock, classic account:
// every market's fills in one list, rewards and Instant Exchange pairs from the account ledger.
describeHistorySync("kucoin", ["BTC/USDT", "ETH/USDT", "ETH/BTC", "SOL/USDT"], { conversions: true });
