import { describe, expect, it } from "vitest";
import { D } from "../tax/decimal";
import { computeTax } from "../tax/engine";
import { line, ukLedger, usLedger, usResult } from "./__fixtures__/ledgers";
import { build8949Rows } from "./form-8949";
import { GAINS_CSV_HEADER, renderGainsCsv } from "./gains-csv";
import { renderTaxActCsv, TAXACT_HEADER } from "./taxact";
import { renderTurboTaxCsv, TURBOTAX_HEADER } from "./turbotax";

const us = () => computeTax(usLedger(), { jurisdiction: "us", year: 2025 });
const linesOf = (csv: string) => csv.split("\r\n");

describe("TurboTax gains CSV (report-formats.md section 2)", () => {
  it("header matches byte for byte on line 1", () => {
    const csv = renderTurboTaxCsv(build8949Rows(us()));
    expect(linesOf(csv)[0]).toBe("Currency Name,Purchase Date,Cost Basis,Date Sold,Proceeds");
    expect(TURBOTAX_HEADER.join(",")).toBe("Currency Name,Purchase Date,Cost Basis,Date Sold,Proceeds");
  });

  it("writes one row per lot: MM/DD/YYYY, 2 decimals, positive, no separators", () => {
    const l = linesOf(renderTurboTaxCsv(build8949Rows(us())));
    expect(l).toHaveLength(1 + 19 + 1);
    expect(l[1]).toBe("0.1 BTC,01/01/2025,1010.25,03/01/2025,1507.55");
    expect(l[3]).toBe("0.1 BTC,01/03/2025,1030.25,03/03/2025,903.10");
    expect(l.slice(1, -1).every((row) => !row.includes("-"))).toBe(true);
    expect(l.at(-1)).toBe("");
  });

  it("caps units at 8 decimals, keeps dust exact, leaves a missing purchase date blank", () => {
    const rows = build8949Rows(
      usResult([
        line({ disposalId: "a", amount: new D("0.123456789123") }),
        line({ disposalId: "b", amount: new D("0.000000001") }),
        line({ disposalId: "c", lots: [], acquiredAt: null, basisMissing: true, costBasis: new D(0) }),
      ]),
    );
    expect(linesOf(renderTurboTaxCsv(rows)).slice(1, 4)).toEqual(["0.12345679 BTC,01/10/2025,100.00,03/10/2025,150.00", "0.000000001 BTC,01/10/2025,100.00,03/10/2025,150.00", "1 BTC,,0.00,03/10/2025,150.00"]);
  });
});

describe("TaxAct 1099-B CSV (report-formats.md section 4)", () => {
  it("header matches byte for byte and rows carry the 8949 box", () => {
    const l = linesOf(renderTaxActCsv(build8949Rows(us())));
    expect(l[0]).toBe("Description,Date Acquired,Date Sold,Sales Proceeds,Cost or Other Basis,Adjustment Code,Adjustment Amount,Reporting Category");
    expect(TAXACT_HEADER.join(",")).toBe(l[0]);
    expect(l[3]).toBe("0.1 BTC,01/03/2025,03/03/2025,903.10,1030.25,,,I");
    expect(l[15]).toBe("1 ETH,02/01/2023,06/01/2025,2600.40,1501.00,,,L");
  });

  it("uses boxes C/F before 2025", () => {
    const r = usResult([line({ disposalId: "a", taxYear: 2024, term: "long" })], 2024);
    expect(linesOf(renderTaxActCsv(build8949Rows(r)))[1]).toMatch(/,F$/);
  });
});

describe("generic gains CSV", () => {
  it("header matches byte for byte; one row per engine line, any jurisdiction", () => {
    const uk = computeTax(ukLedger(), { jurisdiction: "uk", year: 2024 });
    const l = linesOf(renderGainsCsv(uk, 2024));
    expect(l[0]).toBe("Tax Year,Date Acquired,Date Sold,Asset,Amount,Proceeds,Cost Basis,Gain or Loss,Currency,Term,Rule,Kind,Account,Lots,Disposal ID,Basis Missing,Price Missing");
    expect(GAINS_CSV_HEADER.join(",")).toBe(l[0]);
    expect(l.slice(1, 5)).toEqual([
      "2024/25,,2024-06-10,BTC,0.5,15000.00,10000.00,5000.00,GBP,,s104,sale,Kraken,s104:BTC:0.5,uk:BTC:2024-06-10,false,false",
      "2024/25,2024-08-01,2024-08-01,BTC,0.2,8000.00,7000.00,1000.00,GBP,,same-day,sale,Kraken,b3:0.2,uk:BTC:2024-08-01,false,false",
      "2024/25,2024-11-15,2024-11-01,BTC,0.1,5000.00,6000.00,-1000.00,GBP,,30-day,sale,Kraken,b4:0.1,uk:BTC:2024-11-01,false,false",
      "2024/25,,2025-02-01,BTC,0.5,9000.00,10000.00,-1000.00,GBP,,s104,sale,Kraken,s104:BTC:0.5,uk:BTC:2025-02-01,false,false",
    ]);
  });

  it("neutralises formula text from the ledger but keeps losses numeric", () => {
    const r = usResult([line({ disposalId: "=cmd|' /C calc'!A0", asset: "@SUM(A1)", account: "+Wallet", proceeds: new D("10"), costBasis: new D("130.5") })]);
    const row = linesOf(renderGainsCsv(r, 2025))[1];
    expect(row).toBe("2025,2025-01-10,2025-03-10,'@SUM(A1),1,10.00,130.50,-120.50,USD,short,fifo,sale,'+Wallet,lot-=cmd|' /C calc'!A0:1,'=cmd|' /C calc'!A0,false,false");
  });
});
