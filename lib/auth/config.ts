import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { z } from "zod";
import { burnPasswordCheck, verifyPassword } from "./password";
import { decideLoginThrottle, loginWindowStart } from "./rate-limit";
import { findUserByEmail, upsertOAuthUser } from "@/lib/db/users";
import { countRecentFailures, recordLoginAttempt } from "@/lib/db/login-attempts";
import { isTwoFactorEnabled, verifySecondFactor } from "@/lib/db/two-factor";

export class RateLimitedSignin extends CredentialsSignin {
  override code = "rate_limited";
}

/** The password was right and the account has two-factor on: the form asks for a code. */
export class TwoFactorRequiredSignin extends CredentialsSignin {
  override code = "totp_required";
}

/** The password was right but the code (or recovery code) was not. */
export class TwoFactorInvalidSignin extends CredentialsSignin {
  override code = "totp_invalid";
}

const SignInInput = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(1024),
  // A 6-digit TOTP code or a recovery code; absent (or empty) on the first step.
  code: z.string().trim().max(64).optional(),
});

function clientIp(request: Request): string {
  // Only the first hop is the client; the rest are proxies that appended themselves.
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip") || "local";
}

async function authorizeWithPassword(raw: unknown, request: Request) {
  const input = SignInInput.safeParse(raw);
  if (!input.success) return null;
  const { email, password, code } = input.data;
  const ip = clientIp(request);
  const now = new Date();
  const failures = await countRecentFailures(email, ip, loginWindowStart(now));
  const throttle = decideLoginThrottle({
    failuresByEmail: failures.byEmail,
    failuresByIp: failures.byIp,
    oldestFailureByEmail: failures.oldestByEmail,
    now,
  });
  if (!throttle.allowed) throw new RateLimitedSignin();

  const user = await findUserByEmail(email);
  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  if (!ok || !user) {
    await recordLoginAttempt(email, ip, false);
    return null;
  }

  if (await isTwoFactorEnabled(user.id)) {
    // Nothing is recorded for the password-only step: a success would clear the failure streak and
    // let someone who knows the password guess codes without ever being throttled.
    if (!code) throw new TwoFactorRequiredSignin();
    const second = await verifySecondFactor(user.id, code, now);
    if (!second.ok) {
      await recordLoginAttempt(email, ip, false);
      throw new TwoFactorInvalidSignin();
    }
  }
  await recordLoginAttempt(email, ip, true);
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

function oauthProviders() {
  const providers = [];
  if (process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET) providers.push(GitHub);
  if (process.env.AUTH_GOOGLE_ID && process.env.AUTH_GOOGLE_SECRET) providers.push(Google);
  return providers;
}

export const enabledOAuthProviders = (): { id: string; name: string }[] =>
  oauthProviders().map((p) => (p === GitHub ? { id: "github", name: "GitHub" } : { id: "google", name: "Google" }));

const config: NextAuthConfig = {
  // The Credentials provider only works with JWT sessions; revocation comes from the
  // per-user sessionVersion that lib/auth/session.ts checks on every request.
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  trustHost: true,
  logger: {
    // A wrong password is an expected outcome shown on the form, not a server error worth a stack trace.
    error(error) {
      const type = (error as { type?: string }).type;
      if (type === "CredentialsSignin" || error.name === "CredentialsSignin") return;
      console.error(`[auth] ${error.name}: ${error.message}`);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" }, code: { type: "text" } },
      authorize: authorizeWithPassword,
    }),
    ...oauthProviders(),
  ],
  callbacks: {
    async signIn({ account, profile }) {
      if (!account || account.type !== "oauth" && account.type !== "oidc") return true;
      // Only link by an email the provider has verified (Google: email_verified; GitHub returns only verified primary emails).
      const email = typeof profile?.email === "string" ? profile.email.toLowerCase() : null;
      if (!email || (account.provider === "google" && profile?.email_verified !== true)) return false;
      return true;
    },
    async jwt({ token, user, account, profile }) {
      if (account && (account.type === "oauth" || account.type === "oidc")) {
        const dbUser = await upsertOAuthUser({
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          email: String(profile?.email).toLowerCase(),
          name: typeof profile?.name === "string" ? profile.name : null,
        });
        token.uid = dbUser.id;
        token.sv = dbUser.sessionVersion;
      } else if (user) {
        const u = user as { id?: string; sessionVersion?: number };
        token.uid = u.id;
        token.sv = u.sessionVersion ?? 0;
      }
      return token;
    },
    async session({ session, token }) {
      // Expose only the id; everything else is read from the database per request. `exp` is the
      // token's own expiry (not the rolled one in `expires`): lib/auth/session.ts keeps a verified
      // token no longer than that.
      return { ...session, user: { ...session.user, id: String(token.uid ?? "") }, sv: typeof token.sv === "number" ? token.sv : -1, exp: typeof token.exp === "number" ? token.exp : undefined };
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(config);
