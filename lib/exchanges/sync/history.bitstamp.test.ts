import { describeHistorySync } from "../../../e2e/mock-exchange/sync-harness";

// The shared contract (e2e/mock-exchange/sync-harness.ts) against the bitstamp mock.
// One list serves everything here, so a sync makes few calls: fail every 3rd to be sure bursts happen.
describeHistorySync("bitstamp", ["BTC/USD", "ETH/USD", "ETH/BTC", "SOL/USD"], { flakyEvery: 3 });
