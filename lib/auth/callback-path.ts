/** Only same-site absolute paths may be redirected to after sign-in (no open redirects). */
export function safeCallbackPath(raw: string | undefined | null, fallback = "/dashboard"): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (raw.startsWith("/signin") || raw.startsWith("/signup") || raw.startsWith("/api/")) return fallback;
  return raw;
}
