import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/session";
import { LedgerChangingError, reportSource } from "@/lib/server/report-source";
import { isReportFormat, renderReport, ReportError, reportMeta } from "@/lib/reports";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

const Query = z.object({
  year: z.coerce.number().int().min(2009).max(2100),
  method: z.enum(["fifo", "lifo", "hifo"]).optional(),
  jurisdiction: z.enum(["us", "uk", "de"]).optional(),
});

/** One report for the signed-in user: their result under the asked method (current, cached when it can be), for the asked year. */
export async function GET(request: Request, { params }: { params: Promise<{ format: string }> }) {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: "Sign in to download reports." }, { status: 401 });
  const { format } = await params;
  if (!isReportFormat(format)) return Response.json({ error: `Unknown report "${format}".` }, { status: 404 });
  const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return Response.json({ error: "Pick a tax year." }, { status: 400 });
  try {
    const { year, ...overrides } = query.data;
    const { result, ledgerFingerprint } = await reportSource(user.id, overrides);
    const meta = reportMeta(result, ledgerFingerprint, { taxYear: year, taxpayerName: user.name ?? undefined });
    const report = await renderReport(format, result, meta);
    const body = typeof report.bytes === "string" ? report.bytes : Buffer.from(report.bytes);
    return new Response(body, {
      headers: {
        "content-type": report.contentType,
        "content-disposition": `attachment; filename="${report.fileName.replace(/"/g, "")}"`,
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    if (e instanceof ReportError) return Response.json({ error: e.message }, { status: 400 });
    if (e instanceof LedgerChangingError) return Response.json({ error: e.message }, { status: 409 });
    log.error({ err: e, userId: user.id, format }, "report failed");
    return Response.json({ error: "The report could not be built. The server log has the details." }, { status: 500 });
  }
}
