/**
 * Removes secrets from text and from JSON-like values before they leave the provider layer:
 * the configured key wherever it appears, bearer tokens, and Authorization / api-key style headers.
 */
export function makeRedactor(secrets: (string | null | undefined)[]) {
  const known = secrets.filter((s): s is string => !!s && s.length >= 4);
  const redactText = (text: string): string => {
    let out = text;
    for (const secret of known) out = out.split(secret).join("[REDACTED]");
    return out.replace(/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 [REDACTED]");
  };
  const redactValue = (value: unknown): unknown => {
    if (typeof value === "string") return redactText(value);
    if (Array.isArray(value)) return value.map(redactValue);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) =>
          /^(authorization|proxy-authorization|api[-_]?key|x-api-key)$/i.test(k) ? [k, "[REDACTED]"] : [k, redactValue(v)],
        ),
      );
    }
    return value;
  };
  return { text: redactText, value: redactValue };
}
