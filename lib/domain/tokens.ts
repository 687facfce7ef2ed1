/**
 * A conservative token estimate (≈ 3.5 characters per token for pt-BR and English prose), used for
 * budgets before the provider reports real usage. Over-estimating is the safe side of a budget.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3.5);
}
