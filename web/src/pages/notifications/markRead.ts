// Mark one or all notifications read, then refresh the bell and the lists (catalog §3.9).
import type { QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/keys";

export async function markRead(queryClient: QueryClient, id?: number): Promise<number> {
  const answer = id === undefined
    ? await unwrap(api.POST("/api/v1/notifications/read-all"))
    : await unwrap(api.POST("/api/v1/notifications/{notification_id}/read", { params: { path: { notification_id: id } } }));
  await queryClient.invalidateQueries({ queryKey: keys.notifications });
  return answer.marked;
}
