import Decimal from "decimal.js";

/**
 * What a mock account holds. One dataset per API key (`state.setDataset`),
 * else the default. Amounts are decimal strings, codes are ccxt's unified
 * currency codes; each exchange module translates to its own ids (XXBT, ...).
 *
 * The sync work extends this with `trades`, `deposits`, `withdrawals`,
 * `ledger` and `ohlcv` lists, which the exchange modules serve with each
 * exchange's pagination (cursor, offset, or time window).
 */
export interface MockBalance {
  free: string;
  used: string;
}

export interface MockDataset {
  balances: Record<string, MockBalance>;
}

export function defaultDataset(): MockDataset {
  return {
    balances: {
      BTC: { free: "0.5", used: "0" },
      ETH: { free: "2.25", used: "0.25" },
      USD: { free: "1000", used: "0" },
      USDT: { free: "150.5", used: "0" },
    },
  };
}

export function total(b: MockBalance): string {
  return new Decimal(b.free).plus(b.used).toFixed();
}
