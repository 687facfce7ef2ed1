import { expect, type Locator, type Page } from "@playwright/test";

/** The header every page shows: app name, active context (brand → product → campaign), language. */
export class AppHeader {
  readonly contextBar: Locator;

  constructor(readonly page: Page) {
    this.contextBar = page.getByRole("navigation", { name: /Contexto ativo|Active context/ });
  }

  /** Asserts the context bar shows exactly these names, in order, each as a link. */
  async expectContext(...names: string[]) {
    // On a phone only the innermost crumb shows; the others are still there for wider screens.
    const links = this.contextBar.getByRole("link", { includeHidden: true });
    await expect(links).toHaveCount(names.length);
    for (const [i, name] of names.entries()) await expect(links.nth(i)).toHaveText(name);
    if (names.length > 0) await expect(links.last()).toHaveAttribute("aria-current", "page");
  }

  async chooseLanguage(name: "English" | "Português") {
    await this.page.getByRole("button", { name, exact: true }).click();
    await expect(this.page.getByRole("button", { name, exact: true })).toHaveAttribute("aria-pressed", "true");
  }
}
