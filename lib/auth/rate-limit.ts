/**
 * Sign-in throttling policy (OWASP Authentication Cheat Sheet, "Login Throttling"):
 * per account, so one account cannot be brute-forced from many addresses, and per IP,
 * so one address cannot spray many accounts.
 */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;

export interface LoginThrottleInput {
  failuresByEmail: number;
  failuresByIp: number;
  oldestFailureByEmail: Date | null;
  now: Date;
}

export type LoginThrottle = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function decideLoginThrottle(input: LoginThrottleInput): LoginThrottle {
  if (input.failuresByEmail >= MAX_FAILURES_PER_EMAIL) {
    const oldest = input.oldestFailureByEmail?.getTime() ?? input.now.getTime();
    const retryAt = oldest + LOGIN_WINDOW_MS;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - input.now.getTime()) / 1000)) };
  }
  if (input.failuresByIp >= MAX_FAILURES_PER_IP) {
    return { allowed: false, retryAfterSeconds: Math.ceil(LOGIN_WINDOW_MS / 1000) };
  }
  return { allowed: true };
}

export function loginWindowStart(now: Date): Date {
  return new Date(now.getTime() - LOGIN_WINDOW_MS);
}
