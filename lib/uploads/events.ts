import type { RowIssue } from "@/lib/ledger/types";

/** What the import route streams back, one JSON object per line, while it reads and stores a file. */
export interface ImportSummaryDto {
  importId: string;
  fileName: string;
  format: string;
  formatName: string;
  account: string;
  rowsRead: number;
  created: number;
  alreadyImported: number;
  createdByKind: Record<string, number>;
  skippedRows: number;
}

export type ImportEvent =
  | { type: "progress"; phase: "parsing"; bytes: number; rows: number }
  | { type: "progress"; phase: "saving"; rows: number }
  | { type: "rejected"; format?: { id: string; name: string }; headers?: string[]; errors: RowIssue[]; totalErrors: number }
  | { type: "done"; summary: ImportSummaryDto }
  | { type: "failed"; message: string };

/** The most row errors sent to the browser at once; the total is always reported. */
export const MAX_ERRORS_SHOWN = 500;
