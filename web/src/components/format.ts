import dayjs from "dayjs";

/** 2025-03-01 14:05 in the browser's time zone; "—" for nothing. */
export function formatTime(value: string | null | undefined): string {
  return value ? dayjs(value).format("YYYY-MM-DD HH:mm") : "—";
}

/** 工作量 with at most two decimals (catalog §1.3.0). */
export function formatWorkload(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return String(Math.round(value * 100) / 100);
}
