import { getCurrentUser } from "@/lib/auth/session";
import { exportAccountJson } from "@/lib/db/account";

export const dynamic = "force-dynamic";

export async function GET() {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: "Sign in." }, { status: 401 });
  const chunks = exportAccountJson(user.id);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="lotwise-export-${date}.json"`,
      "cache-control": "no-store",
    },
  });
}
