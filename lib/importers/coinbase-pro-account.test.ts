import { describe, expect, it } from "vitest";
import { parseLedgerText } from "./index";
import { at, kinds, parseOk } from "./test-fixtures";

describe("coinbase-pro-account on coinbase-advanced/coinbasepro_account_statement.rotki.csv", () => {
  it("groups match + fee rows sharing a trade id into one trade", async () => {
    const r = await parseOk("coinbase-advanced/coinbasepro_account_statement.rotki.csv");
    expect(r.format.id).toBe("coinbase-pro-account");
    expect(r.rowsRead).toBe(21);
    expect(kinds(r.entries)).toEqual({ deposit: 4, trade: 5, withdrawal: 2 });
    expect(at(r.entries, 3)).toEqual([
      {
        line: 3, time: "2018-03-15T10:55:12.843Z", kind: "trade", sent: "1.14732 BTC", received: "52.3 ETH", fee: "0.00344196 BTC", fiat: null, label: null,
        id: "coinbase-pro:b2c3d4e5-6789-abcd-ef01-222222222222/10201",
      },
    ]);
    expect(at(r.entries, 2).map((e) => [e.kind, e.received, e.id])).toEqual([["deposit", "2.5 BTC", "coinbase-pro:a1b2c3d4-5678-9abc-def0-111111111111"]]);
    expect(at(r.entries, 10).map((e) => [e.kind, e.sent])).toEqual([["withdrawal", "208.041 ETH"]]);
  });

  it("reads BittyTax's lower-case variant with a `time` column", async () => {
    const text = [
      "portfolio,type,time,amount,balance,amount/balance unit,transfer id,trade id,order id",
      "default,match,2019-01-01T00:00:00.000Z,1,1,ETH,,7,o1",
      "default,match,2019-01-01T00:00:00.000Z,-100,0,USD,,7,o1",
      "default,fee,2019-01-01T00:00:00.000Z,-0.5,0,USD,,7,o1",
    ].join("\n");
    const r = await parseLedgerText(text);
    expect(r.ok && r.entries.map((e) => [e.kind, e.sentAmount?.toFixed(), e.receivedAmount?.toFixed(), e.feeAmount?.toFixed()])).toEqual([["buy", "100", "1", "0.5"]]);
  });
});
