import "server-only";
import { prisma } from "./prisma";
import type { DisposalSnapshot } from "@/lib/reports/filed-diff";

export interface FiledReportDto {
  id: string;
  taxYear: number;
  jurisdiction: string;
  method: string;
  ledgerFingerprint: string;
  createdAt: string;
  snapshot: DisposalSnapshot[];
}

export async function markReportFiled(userId: string, input: { taxYear: number; jurisdiction: string; method: string; ledgerFingerprint: string; snapshot: DisposalSnapshot[] }): Promise<string> {
  const row = await prisma.filedReport.create({ data: { userId, ...input, snapshot: input.snapshot as unknown as object[] }, select: { id: true } });
  return row.id;
}

/** The latest version the user filed for this year and jurisdiction, if any. */
export async function latestFiledReport(userId: string, taxYear: number, jurisdiction: string): Promise<FiledReportDto | null> {
  const r = await prisma.filedReport.findFirst({ where: { userId, taxYear, jurisdiction }, orderBy: { createdAt: "desc" } });
  return r ? { id: r.id, taxYear: r.taxYear, jurisdiction: r.jurisdiction, method: r.method, ledgerFingerprint: r.ledgerFingerprint, createdAt: r.createdAt.toISOString(), snapshot: r.snapshot as unknown as DisposalSnapshot[] } : null;
}
