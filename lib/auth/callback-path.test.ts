import { expect, it } from "vitest";
import { safeCallbackPath } from "./callback-path";

it.each([
  [undefined, "/dashboard"],
  ["/settings", "/settings"],
  ["/transactions?page=2", "/transactions?page=2"],
  ["https://evil.example/", "/dashboard"],
  ["//evil.example/", "/dashboard"],
  ["/\\evil.example", "/dashboard"],
  ["/signin", "/dashboard"],
])("safeCallbackPath(%s) = %s", (raw, want) => {
  expect(safeCallbackPath(raw)).toBe(want);
});
