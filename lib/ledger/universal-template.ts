import { UNIVERSAL_COLUMNS } from "./universal";

/** Example rows: a buy, a staking reward, a transfer between own accounts (same TxHash on both sides), a sale. */
const EXAMPLES: Record<(typeof UNIVERSAL_COLUMNS)[number], string>[] = [
  { Date: "2024-01-05 14:30:00", "Sent Amount": "1000", "Sent Currency": "USD", "Received Amount": "0.025", "Received Currency": "BTC", "Fee Amount": "4.99", "Fee Currency": "USD", "Net Worth Amount": "1000", "Net Worth Currency": "USD", Label: "", Description: "Bought BTC", TxHash: "", Account: "My Exchange" },
  { Date: "2024-02-01 00:00:00", "Sent Amount": "", "Sent Currency": "", "Received Amount": "0.05", "Received Currency": "ETH", "Fee Amount": "", "Fee Currency": "", "Net Worth Amount": "115.20", "Net Worth Currency": "USD", Label: "staking", Description: "Staking reward", TxHash: "", Account: "My Exchange" },
  { Date: "2024-03-10 09:00:00", "Sent Amount": "0.01", "Sent Currency": "BTC", "Received Amount": "", "Received Currency": "", "Fee Amount": "0.0001", "Fee Currency": "BTC", "Net Worth Amount": "", "Net Worth Currency": "", Label: "", Description: "To my hardware wallet", TxHash: "0xabc123", Account: "My Exchange" },
  { Date: "2024-03-10 09:20:00", "Sent Amount": "", "Sent Currency": "", "Received Amount": "0.01", "Received Currency": "BTC", "Fee Amount": "", "Fee Currency": "", "Net Worth Amount": "", "Net Worth Currency": "", Label: "", Description: "From my exchange", TxHash: "0xabc123", Account: "Hardware Wallet" },
  { Date: "2024-06-01 12:00:00", "Sent Amount": "0.015", "Sent Currency": "BTC", "Received Amount": "1005.75", "Received Currency": "USD", "Fee Amount": "2.5", "Fee Currency": "USD", "Net Worth Amount": "1005.75", "Net Worth Currency": "USD", Label: "", Description: "Sold BTC", TxHash: "", Account: "My Exchange" },
];

const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function universalTemplateCsv(): string {
  const lines = [UNIVERSAL_COLUMNS.join(",")];
  for (const row of EXAMPLES) lines.push(UNIVERSAL_COLUMNS.map((c) => cell(row[c])).join(","));
  return `${lines.join("\n")}\n`;
}
