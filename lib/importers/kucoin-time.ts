import { offsetFromHeader } from "./dates";

/**
 * KuCoin writes times in the zone named in the header (`Filled Time(UTC+08:00)`); exports whose
 * header names none are in KuCoin's default UTC+8 (BittyTax parses every such KuCoin export
 * with tz="Asia/Singapore").
 */
export function kucoinOffset(headerLabel: string): number {
  return offsetFromHeader(headerLabel) ?? 8 * 60;
}
