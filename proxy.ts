import { NextResponse, type NextRequest } from "next/server";

/**
 * Runs before every page: passes the requested path on to server components, which cannot read it
 * themselves, so a signed-out visitor is sent to sign-in with a way back to where they were going.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-lotwise-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/auth).*)"],
};
