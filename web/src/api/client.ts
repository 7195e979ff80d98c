// The typed API client (openapi-fetch over schema.d.ts) with the session headers and envelope errors.
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";
import { getActiveRole, getCsrfToken, setCsrfToken } from "./session";
import { toApiError } from "./errors";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Called on a 401 from any request but the login itself: the app sends the person to /login. */
let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export async function ensureCsrfToken(): Promise<string | null> {
  if (getCsrfToken()) return getCsrfToken();
  const response = await fetch("/api/v1/auth/csrf", { credentials: "same-origin" });
  if (response.ok) setCsrfToken(((await response.json()) as { csrf_token: string }).csrf_token);
  return getCsrfToken();
}

/** Headers every API request carries: the active role, and the CSRF token on unsafe methods. */
export async function sessionHeaders(method: string): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  const role = getActiveRole();
  if (role) headers["X-Active-Role"] = role;
  if (UNSAFE.has(method.toUpperCase())) {
    const token = await ensureCsrfToken();
    if (token) headers["X-CSRFToken"] = token;
  }
  return headers;
}

const sessionMiddleware: Middleware = {
  async onRequest({ request }) {
    const headers = await sessionHeaders(request.method);
    for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status === 401 && !request.url.endsWith("/auth/login")) onUnauthenticated();
    if (response.status === 400 && UNSAFE.has(request.method)) {
      const body = await response.clone().json().catch(() => null);
      if (body?.code === "csrf_failed") setCsrfToken(null);   // the next request fetches a new one
    }
    return response;
  },
};

// absolute base: Request objects need one outside a browser document (tests), same origin in the browser
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: "same-origin" });
api.use(sessionMiddleware);

/** Unwraps an openapi-fetch result: the data, or throws the envelope as an ApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as T;
}

/** Plain fetch with the same headers and error handling (multipart uploads, file downloads). */
export async function rawFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const method = init.method ?? "GET";
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(await sessionHeaders(method))) headers.set(name, value);
  const response = await fetch(url, { ...init, headers, credentials: "same-origin" });
  if (response.status === 401) onUnauthenticated();
  if (!response.ok) throw toApiError(response.status, await response.json().catch(() => null));
  return response;
}
