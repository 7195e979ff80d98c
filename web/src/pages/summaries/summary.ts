// 数据汇总 helpers (pure).

/**
 * The 考核年度 asked for in the page's address (`?year=2025`), when it is one the API takes (a whole year,
 * 2000–2100); otherwise none, and the server answers with its default 考核年度, the year new records start in
 * (catalog §1.3.0), naming it in the answer's `year`. The browser never guesses the open year itself.
 */
export function requestedYear(params: URLSearchParams): number | undefined {
  const text = params.get("year")?.trim() ?? "";
  if (!/^\d{4}$/.test(text)) return undefined;
  const year = Number(text);
  return year >= 2000 && year <= 2100 ? year : undefined;
}

/** A workload figure: up to two decimals, no trailing zeros; empty for none. */
export function formatAmount(value: number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return String(Math.round(value * 100) / 100);
}

/** One category's summary items under a shared header: 教学教研工作量 over 计量计酬 and 计量不计酬. */
export interface ItemGroup { title: string; items: { key: string; label: string; part: string }[] }

/**
 * The summary items (in the server's order) grouped by their category for the table's two header rows: an
 * item label 「教学教研工作量（计量计酬）」 reads as its category 教学教研工作量 and its 计酬属性 计量计酬; neighbours
 * of one category share its header. A label without a （…） part is a group of its own with an empty part.
 */
export function groupItems(items: readonly { key: string; label: string }[]): ItemGroup[] {
  const groups: ItemGroup[] = [];
  for (const item of items) {
    const match = /^(.+)（(.+)）$/.exec(item.label);
    const [title, part] = match ? [match[1], match[2]] : [item.label, ""];
    const last = groups[groups.length - 1];
    if (last && match && last.title === title && last.items.every((i) => i.part)) last.items.push({ ...item, part });
    else groups.push({ title, items: [{ ...item, part }] });
  }
  return groups;
}

/** The width of each item column of a group: the 计酬属性 whole (计量不计酬), and the category over them. */
export function itemColumnWidth(group: ItemGroup, least = 88): number {
  const titleWidth = 16 + 14 * group.title.length;        // 14 px characters plus the small table's padding
  return Math.max(least, Math.ceil(titleWidth / group.items.length));
}
