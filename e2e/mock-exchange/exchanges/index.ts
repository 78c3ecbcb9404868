import type { MockExchangeId } from "../keys";
import type { ExchangeMock } from "../types";
import { binance } from "./binance";
import { bitstamp } from "./bitstamp";
import { bybit } from "./bybit";
import { coinbase } from "./coinbase";
import { gemini } from "./gemini";
import { kraken } from "./kraken";
import { kucoin } from "./kucoin";
import { okx } from "./okx";

/** One module per exchange; the sync work adds its history routes to the same modules. */
export const MOCKS: Readonly<Record<MockExchangeId, ExchangeMock>> = { binance, coinbase, kraken, okx, bybit, kucoin, gemini, bitstamp };
