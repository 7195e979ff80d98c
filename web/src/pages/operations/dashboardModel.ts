// The operator dashboard's figures as chart bars and tiles (pure).
import type { Figures } from "../../api/operations";
import { LANE_LABELS } from "../../labels";

export interface Bar { name: string; value: number; color?: string }

const STATUS_COLORS: Record<string, string> = {
  running: "#1677ff", suspended: "#faad14", incident: "#ff4d4f", completed: "#52c41a", terminated: "#8c8c8c", cancelled: "#bfbfbf",
};

/** Instances by status, labelled by the server's status labels (zero statuses left out of the ring). */
export function statusBars(figures: Figures, labels: { value: string; label: string }[]): Bar[] {
  return labels.map((s) => ({ name: s.label, value: figures.instances[s.value] ?? 0, color: STATUS_COLORS[s.value] }))
    .filter((b) => b.value > 0);
}

/** Open review tasks by lane (二级单位审核 / 职能部门审核 / 人力资源部审核). */
export function laneBars(figures: Figures): Bar[] {
  return ["unit", "dept", "hr"].map((lane) => ({ name: LANE_LABELS[lane], value: figures.open_tasks[lane] ?? 0 }));
}

const AGE_NAMES: Record<number, string> = { 1: "≤1小时", 4: "1–4小时", 24: "4小时–1天", 72: "1–3天", 168: "3–7天", 336: "1–2周", 720: "2–4周" };

/** The task-age histogram un-cumulated: how many open tasks fall in each band, plus 「>4周」. */
export function ageBars(figures: Figures): Bar[] {
  let previous = 0;
  const bars = figures.task_age_buckets.map((b) => {
    const bar = { name: AGE_NAMES[b.le_hours] ?? `≤${b.le_hours}小时`, value: b.count - previous };
    previous = b.count;
    return bar;
  });
  bars.push({ name: ">4周", value: figures.task_age_count - previous });
  return bars;
}

/** The worker heartbeat as text: 「N 秒前」, or why there is none (「未配置队列」: tasks run in the web process). */
export function heartbeatText(figures: Figures): string {
  if (figures.queue_length === null) return "未配置队列";
  if (figures.heartbeat_at === null) return "无心跳";
  const seconds = Math.max(0, Math.round(figures.measured_at - figures.heartbeat_at));
  return seconds < 120 ? `${seconds} 秒前` : `${Math.round(seconds / 60)} 分钟前`;
}
