// Which notifications count as new: read on the server, or seen in this browser since they arrived
// (the bell's badge; opening the bell marks everything up to now as seen).
const KEY = "hrperf.notificationsSeenAt";

export function unreadCount(items: { created_at?: string; read_at?: string | null }[], seenAt: string | null): number {
  const seen = seenAt ? Date.parse(seenAt) : Number.NEGATIVE_INFINITY;
  return items.filter((n) => !n.read_at && n.created_at && Date.parse(n.created_at) > seen).length;
}

export function getSeenAt(account: string): string | null {
  try {
    return localStorage.getItem(`${KEY}.${account}`);
  } catch {
    return null;
  }
}

export function markSeen(account: string, at: string): void {
  try {
    localStorage.setItem(`${KEY}.${account}`, at);
  } catch {
    /* storage unavailable */
  }
}
