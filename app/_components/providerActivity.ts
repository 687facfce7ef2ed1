import type { Dictionary } from "../_i18n/pt-BR";
import { formatNumber } from "./numbers";

/** A retry the provider announced: when (ISO time) and how long it waits first. */
export interface RetryNotice {
  attempt: number;
  of: number;
  delay_ms: number | null;
  reason: string;
  at: string;
}

/**
 * What the model is doing before its answer flows, in words: waiting to retry a busy provider (with a
 * countdown), or thinking (a reasoning model). null once neither applies.
 */
export function providerActivity(t: Dictionary, lang: string, a: { retry: RetryNotice | null; reasoningTokens: number }, now: number | null): string | null {
  if (a.retry) {
    const due = a.retry.delay_ms === null ? null : Date.parse(a.retry.at) + a.retry.delay_ms;
    const seconds = due === null || now === null ? null : Math.max(0, Math.ceil((due - now) / 1000));
    return t.provider.retrying(a.retry.reason, a.retry.attempt, a.retry.of, seconds);
  }
  if (a.reasoningTokens > 0) return t.provider.thinking(formatNumber(a.reasoningTokens, lang));
  return null;
}
