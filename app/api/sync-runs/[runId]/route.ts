import { getCurrentUser } from "@/lib/auth/session";
import { getSyncRun } from "@/lib/db/sync";

export const dynamic = "force-dynamic";

/** A sync run's progress, polled by the connection card while it runs. */
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: "Sign in." }, { status: 401 });
  const { runId } = await params;
  const run = await getSyncRun(user.id, runId);
  if (!run) return Response.json({ error: "Not found." }, { status: 404 });
  return Response.json(run, { headers: { "cache-control": "no-store" } });
}
