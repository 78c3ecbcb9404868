import { NextResponse, type NextRequest } from "next/server";
import { newNonce, securityHeaders } from "@/lib/security/headers";

/**
 * Runs before every request: security headers with a per-request CSP nonce (Next reads it from the
 * request's CSP header and stamps its scripts), and the requested path for server components, which
 * cannot read it themselves, so a signed-out visitor is sent to sign-in with a way back.
 */
export function proxy(request: NextRequest) {
  const headers = securityHeaders(newNonce(), { dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-lotwise-path", request.nextUrl.pathname + request.nextUrl.search);
  requestHeaders.set("content-security-policy", headers["content-security-policy"]!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
