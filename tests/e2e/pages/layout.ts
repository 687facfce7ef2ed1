import { expect, type Page } from "@playwright/test";

/** The page fits the viewport's width: nothing scrolls sideways (wide tables and diffs scroll in their own box). */
export async function expectNoHorizontalOverflow(page: Page) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { message: `horizontal overflow on ${page.url()}` })
    .toBeLessThanOrEqual(0);
}
