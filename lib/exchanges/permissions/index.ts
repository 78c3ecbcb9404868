import type { ExchangeId } from "../catalog";
import { binancePermissions } from "./binance";
import { bitstampPermissions } from "./bitstamp";
import { bybitPermissions } from "./bybit";
import { coinbasePermissions } from "./coinbase";
import { geminiPermissions } from "./gemini";
import { krakenPermissions } from "./kraken";
import { kucoinPermissions } from "./kucoin";
import { okxPermissions } from "./okx";
import type { PermissionCheck } from "./types";

export type { PermissionAssessment, PermissionCheck } from "./types";

export const PERMISSION_CHECKS: Readonly<Record<ExchangeId, PermissionCheck>> = {
  binance: binancePermissions,
  coinbase: coinbasePermissions,
  kraken: krakenPermissions,
  okx: okxPermissions,
  bybit: bybitPermissions,
  kucoin: kucoinPermissions,
  gemini: geminiPermissions,
  bitstamp: bitstampPermissions,
};
