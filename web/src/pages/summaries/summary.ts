// 数据汇总 helpers (pure).

/** The 考核年度 the pages open on: last calendar year (the one being assessed). */
export function defaultYear(today: Date = new Date()): number {
  return today.getFullYear() - 1;
}

/** A workload figure: up to two decimals, no trailing zeros; empty for none. */
export function formatAmount(value: number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return String(Math.round(value * 100) / 100);
}
