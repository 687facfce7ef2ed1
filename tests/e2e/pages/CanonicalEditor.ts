import { expect, type Locator, type Page } from "@playwright/test";

/** The brand / product form: canonical fields, the markdown textarea with its preview, the save bar. */
export class CanonicalEditor {
  readonly markdown: Locator;
  readonly preview: Locator;

  constructor(readonly page: Page) {
    this.markdown = page.getByRole("textbox", { name: /(soul|essence)\.md/ });
    this.preview = page.getByTestId("markdown-preview");
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  async fill(values: Record<string, string>) {
    for (const [label, value] of Object.entries(values)) await this.field(label).fill(value);
  }

  async expectValues(values: Record<string, string>) {
    for (const [label, value] of Object.entries(values)) await expect(this.field(label)).toHaveValue(value);
  }

  /** The list of canonical versions, newest first. */
  history(): Locator {
    return this.page.getByRole("list", { name: /Histórico canônico|Canonical history/ }).getByRole("listitem");
  }
}
