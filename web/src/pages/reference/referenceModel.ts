// Pure helpers of the 参考数据 page.
import type { ReferenceListInfo, ReferenceValue, ReferenceValues } from "../../api/reference";

/** The column title of a list's values: 课程名称, 学年学期, else the field's 标签. */
export function valueTitle(kind: string, list: ReferenceListInfo | undefined): string {
  if (kind === "course") return "课程名称";
  if (kind === "term") return "学年学期";
  return list?.uses[0]?.label ?? "值";
}

/** 「课程教学工作量 › 课程名称」…: where the list's values are used. */
export function usesText(list: ReferenceListInfo): string {
  return list.uses.map((u) => `${u.type_title} › ${u.label}`).join("、");
}

/** Lists filtered by a keyword (label or a type using it), the course catalogue and the term calendar first. */
export function filterLists(lists: ReferenceListInfo[], keyword: string): ReferenceListInfo[] {
  const k = keyword.trim();
  const hit = (l: ReferenceListInfo) => !k || l.label.includes(k) || l.uses.some((u) => u.type_title.includes(k) || u.label.includes(k));
  const rank = (l: ReferenceListInfo) => (l.kind === "course" ? 0 : l.kind === "term" ? 1 : 2);
  return lists.filter(hit).sort((a, b) => rank(a) - rank(b));
}

/** The rows shown: retired ones only when asked. */
export function visibleValues(values: ReferenceValues | undefined, showRetired: boolean): ReferenceValue[] {
  return (values?.items ?? []).filter((v) => showRetired || !v.retired);
}
