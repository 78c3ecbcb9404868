import { expect, test } from "./fixtures";

test("every page carries a nonce CSP, no framing, no sniffing and no referrer; the session cookie is HttpOnly and SameSite=Lax", async ({ page, user }) => {
  void user;
  const res = await page.request.get("/dashboard");
  const h = res.headers();
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("no-referrer");
  expect(h["x-frame-options"]).toBe("DENY");

  const nonce = /'nonce-([^']+)'/.exec(h["content-security-policy"] ?? "")?.[1];
  const html = await res.text();
  expect(html).toContain(`nonce="${nonce}"`);
  const again = (await page.request.get("/dashboard")).headers()["content-security-policy"];
  expect(again).not.toBe(h["content-security-policy"]);

  const cookie = (await page.context().cookies()).find((c) => c.name.includes("session-token"));
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");

  // The app still runs under that policy: no script was blocked on the way here.
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) blocked.push(m.text());
  });
  await page.goto("/settings");
  await page.getByLabel("Base currency").selectOption("EUR");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  expect(blocked).toEqual([]);
});
