// The browser's one way to change anything: JSON over /api/v1, answered with data or the error envelope.

export interface ApiErrorDetail {
  path: string;
  issue: string;
  code?: string;
  limit?: number;
}

export interface ApiError {
  status: number;
  /** The API's error code, or "network" when no answer came back. */
  code: string;
  message: string;
  details: ApiErrorDetail[];
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export async function callApi<T = unknown>(
  method: "POST" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
  /** `keys`: send an Idempotency-Key; `occasion`: what else makes a request new (a gate's attempt: approving it again after a retry is a new decision). */
  options: { keys?: ActionKeys; occasion?: string } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = body === undefined ? {} : { "content-type": "application/json" };
  const key = options.keys?.keyFor(`${options.occasion ?? ""} ${method} ${url} ${JSON.stringify(body ?? null)}`);
  if (key) headers["Idempotency-Key"] = key;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    return { ok: false, error: { status: 0, code: "network", message: (err as Error).message, details: [] } };
  }
  // An error answer ends the action: trying again (after fixing what it said) is a new one.
  if (res.status >= 400) options.keys?.answeredWithError();
  if (res.status === 204) return { ok: true, data: undefined as T };
  return resultOf<T>(res.status, res.statusText, await res.json().catch(() => null));
}

/**
 * Idempotency keys for one place of the screen (a gate, a form): the same request sent again — a double
 * click, a retry after the connection dropped — carries the same key, so the server does it once and
 * answers the repeat with the first answer. A different request, or any after an error answer, gets a new key.
 */
export interface ActionKeys {
  keyFor(request: string): string;
  answeredWithError(): void;
}

// getRandomValues, not randomUUID: the latter exists only in secure contexts (not http://<lan-ip>).
const randomKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

export function actionKeys(): ActionKeys {
  let last: { request: string; key: string } | null = null;
  return {
    keyFor(request) {
      if (last?.request !== request) last = { request, key: randomKey() };
      return last.key;
    },
    answeredWithError() {
      last = null;
    },
  };
}

/** An answer's JSON as data, or its error envelope as an ApiError. */
function resultOf<T>(status: number, statusText: string, json: unknown): ApiResult<T> {
  if (status >= 200 && status < 300) return { ok: true, data: json as T };
  const e = (json as { error?: Partial<ApiError> } | null)?.error ?? {};
  return { ok: false, error: { status, code: e.code ?? "internal", message: e.message ?? statusText, details: Array.isArray(e.details) ? e.details : [] } };
}

/** A read from the browser (live screens re-fetch what the server rendered). */
export async function getJson<T = unknown>(url: string): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, { cache: "no-store" });
  } catch (err) {
    return { ok: false, error: { status: 0, code: "network", message: (err as Error).message, details: [] } };
  }
  return resultOf<T>(res.status, res.statusText, await res.json().catch(() => null));
}

/**
 * POSTs a file as the request body, telling how much of it was sent (fetch cannot report upload
 * progress; XMLHttpRequest can). `onSent(1)` means the server is now working on it.
 */
export function uploadFile<T = unknown>(url: string, file: Blob, contentType: string, onSent: (fraction: number) => void, keys?: ActionKeys): Promise<ApiResult<T>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", contentType);
    const name = file instanceof File ? `${file.name} ${file.lastModified}` : "";
    if (keys) xhr.setRequestHeader("Idempotency-Key", keys.keyFor(`${url} ${name} ${file.size}`));
    xhr.upload.onprogress = (e) => e.lengthComputable && onSent(e.loaded / e.total);
    xhr.upload.onload = () => onSent(1);
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the status says what happened
      }
      if (xhr.status >= 400) keys?.answeredWithError();
      resolve(resultOf<T>(xhr.status, xhr.statusText, json));
    };
    xhr.onerror = () => resolve({ ok: false, error: { status: 0, code: "network", message: "the upload failed", details: [] } });
    xhr.send(file);
  });
}
