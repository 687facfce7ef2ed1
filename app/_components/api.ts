// The browser's one way to change anything: JSON over /api/v1, answered with data or the error envelope.

export interface ApiErrorDetail {
  path: string;
  issue: string;
  code?: string;
}

export interface ApiError {
  status: number;
  /** The API's error code, or "network" when no answer came back. */
  code: string;
  message: string;
  details: ApiErrorDetail[];
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export async function callApi<T = unknown>(method: "POST" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    return { ok: false, error: { status: 0, code: "network", message: (err as Error).message, details: [] } };
  }
  if (res.status === 204) return { ok: true, data: undefined as T };
  const json = (await res.json().catch(() => null)) as { error?: Partial<ApiError> } | null;
  if (res.ok) return { ok: true, data: json as T };
  const e = json?.error ?? {};
  return {
    ok: false,
    error: {
      status: res.status,
      code: e.code ?? "internal",
      message: e.message ?? res.statusText,
      details: Array.isArray(e.details) ? e.details : [],
    },
  };
}

/** A read from the browser (live screens re-fetch what the server rendered). */
export async function getJson<T = unknown>(url: string): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, { cache: "no-store" });
  } catch (err) {
    return { ok: false, error: { status: 0, code: "network", message: (err as Error).message, details: [] } };
  }
  const json = (await res.json().catch(() => null)) as { error?: Partial<ApiError> } | null;
  if (res.ok) return { ok: true, data: json as T };
  const e = json?.error ?? {};
  return {
    ok: false,
    error: { status: res.status, code: e.code ?? "internal", message: e.message ?? res.statusText, details: Array.isArray(e.details) ? e.details : [] },
  };
}
