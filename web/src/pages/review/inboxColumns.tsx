// The columns of the review workspace lists (catalog §5.1: the record's list columns, 提交人, 当前环节, 提交时间;
// besides them 序号, 操作, 工作量, 所属部门 and, on 待审核, 标记). Short values (numbers, names, times) keep fixed
// widths; the text columns have none, so they share what the card leaves them (at least FLEX_MIN px each) and
// cut a long value with a tooltip: the 待审核 table of a type with up to four list columns fits the card of a
// 1280-wide window (T04's 考试类型 and 当前环节 whole).
import { Link } from "react-router-dom";
import { Tag, Typography, type TableColumnsType } from "antd";
import type { InboxItem, RecordItem } from "../../api/types";
import EllipsisText from "../../components/EllipsisText";
import StatusTag from "../../components/StatusTag";
import { formatTime, formatWorkload } from "../../components/format";
import { LANE_LABELS } from "../../labels";
import { cellText } from "../records/listModel";
import type { Tab } from "./workspaceQuery";

export type Row = { key: number; record: RecordItem; task?: InboxItem };

/** The least width of a text column (五 characters and the cell's padding). */
export const FLEX_MIN = 72;
/** The width of antd's selection column (size middle). */
export const SELECTION_WIDTH = 32;

const TIME_WIDTH = 148;     // 2026-11-27 09:29 on one line
const NUMBER_WIDTH = 80;    // a number list column: its header on at most two lines (监考/考务 场次)

type Props = Record<string, { type?: string; title?: string }>;

function text(title: string, key: string, value: (row: Row) => string) {
  return { title, key, render: (_: unknown, row: Row) => <EllipsisText text={value(row)} /> };
}

/** A column of the record type's own (catalog §1 list columns): a number narrow, text sharing the rest. */
function own(key: string, props: Props) {
  const prop = props[key];
  const value = (row: Row) => cellText(row.record.data[key], prop);
  const column = text(prop?.title ?? key, key, value);
  return prop?.type === "number" || prop?.type === "integer" ? { ...column, width: NUMBER_WIDTH } : column;
}

export function inboxColumns({ tab, first, isWorkload, listColumns, props }: {
  tab: Tab; first: number; isWorkload: boolean; listColumns: string[]; props: Props;
}): TableColumnsType<Row> {
  const status = { title: "审核状态", key: "status", width: 88,
    render: (_: unknown, row: Row) => <StatusTag family={row.record.family} status={row.record.status} /> };
  return [
    { title: "序号", key: "seq", width: 44, render: (_, __, i) => first + i },
    { title: "操作", key: "op", width: 44, render: (_, row) => row.task && tab === "pending"
      ? (row.task.can_act ? <Link to={`/review/records/${row.record.id}`}>审核</Link> : <Typography.Text type="secondary" title="不能审核本人填报的记录">本人记录</Typography.Text>)
      : <Link to={`/review/records/${row.record.id}`}>查看</Link> },
    ...(isWorkload ? [{ title: "工作量", key: "workload", width: 60, render: (_: unknown, row: Row) => formatWorkload(row.record.workload) }] : []),
    ...listColumns.map((key) => own(key, props)),
    { title: "提交人", key: "owner", width: 64, render: (_, row) => <span title={row.record.owner.account}>{row.record.owner.name}</span> },
    text("所属部门", "unit", (row) => row.record.owner_unit ?? "—"),
    ...(tab === "done" ? [
      text("审核环节", "step", (row) => row.task?.name ?? "—"),
      { title: "处理结果", key: "outcome", width: 80, render: (_: unknown, row: Row) => row.task?.outcome_label ?? "—" },
      { title: "处理人", key: "by", width: 64, render: (_: unknown, row: Row) => row.task?.completed_by?.name ?? "—" },
      { title: "处理时间", key: "done_at", width: TIME_WIDTH, render: (_: unknown, row: Row) => formatTime(row.task?.completed_at) },
      status,
    ] : tab === "all" ? [
      text("当前环节", "step", (row) => row.record.status === "in_review" && row.record.current_lane
        ? LANE_LABELS[row.record.current_lane] ?? row.record.current_lane : "—"),
      status,
      { title: "提交时间", key: "at", width: TIME_WIDTH, render: (_: unknown, row: Row) => formatTime(row.record.submitted_at) },
    ] : [
      text("当前环节", "step", (row) => row.task?.name ?? "—"),
      { title: "提交时间", key: "at", width: TIME_WIDTH, render: (_: unknown, row: Row) => formatTime(row.record.submitted_at) },
      { title: "标记", key: "flags", width: 92, render: (_: unknown, row: Row) => (
        <>
          {row.record.is_adjusted ? <Tag color="orange">已调整</Tag> : null}
          {row.task?.assignment ? <Tag color="purple" style={{ whiteSpace: "normal" }}>{row.task.assignment}</Tag> : null}
        </>
      ) },
    ]),
  ];
}
