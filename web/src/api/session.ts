// Per-tab session state the API client needs: the CSRF token and the active role.
const ROLE_KEY = "hrperf.activeRole";
let csrfToken: string | null = null;

export function getCsrfToken(): string | null {
  return csrfToken;
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getActiveRole(): string | null {
  try {
    return localStorage.getItem(ROLE_KEY);
  } catch {
    return null;
  }
}

export function setActiveRole(role: string | null): void {
  try {
    if (role) localStorage.setItem(ROLE_KEY, role);
    else localStorage.removeItem(ROLE_KEY);
  } catch {
    /* storage unavailable: the role lives for this page only */
  }
}

/** The role to act in: the stored one when the person still holds it, else the first of his roles. */
export function pickActiveRole(stored: string | null, roles: readonly string[]): string | null {
  if (stored && roles.includes(stored)) return stored;
  return roles[0] ?? null;
}
