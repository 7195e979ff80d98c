// The filters of the review workspace (catalog §5.4): 姓名/账号, 考核年度, 审核状态 (已审核, 全部), 环节, 提交时间
// and 所属单位, each filling one cell of a grid: four cells a row in a 1280-wide window (three, two or one on
// narrower ones, six on wide ones), so the row never breaks at a random control; 重置 closes the grid on the
// right, disabled while nothing is filtered (it does not jump in and out of the row).
import { useEffect, useState } from "react";
import { Button, Col, DatePicker, Input, InputNumber, Row, Select } from "antd";
import dayjs from "dayjs";
import { LANE_LABELS, STATUSES, statusLabel } from "../../labels";
import { isFiltered, LANES, type WorkspaceState } from "./workspaceQuery";

/** A filter cell: one control, as wide as its cell. */
const CELL = { xs: 24, sm: 12, lg: 8, xl: 6, xxl: 4 } as const;
const FULL = { width: "100%" } as const;

export default function InboxFilters({ state, family, units, update }: {
  state: WorkspaceState;
  family: string;
  /** the 所属单位 choices (department and HR reviewers); null: no such filter */
  units: { loading: boolean; options: { value: number; label: string }[] } | null;
  update: (change: Partial<WorkspaceState>) => void;
}) {
  const [qInput, setQInput] = useState(state.q ?? "");
  useEffect(() => setQInput(state.q ?? ""), [state.q]);      // back/forward or a shared link
  const reset = () => {
    setQInput("");
    update({ q: undefined, year: undefined, status: undefined, lane: undefined, from: undefined, to: undefined, unit: undefined });
  };
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
      <Col {...CELL}>
        <Input.Search allowClear enterButton="查询" aria-label="姓名/账号" placeholder="姓名或账号（工号）" style={FULL}
          value={qInput} onChange={(e) => setQInput(e.target.value)} onSearch={(v) => update({ q: v.trim() || undefined })} />
      </Col>
      <Col {...CELL}>
        <InputNumber aria-label="考核年度" placeholder="考核年度" min={2000} max={2100} precision={0} value={state.year ?? null}
          style={FULL} onChange={(v) => update({ year: v ?? undefined })} />
      </Col>
      {state.tab !== "pending" && (
        <Col {...CELL}>
          <Select aria-label="审核状态" placeholder="审核状态" allowClear style={FULL} value={state.status}
            options={STATUSES.filter((s) => s !== "draft").map((s) => ({ value: s, label: statusLabel(family, s) }))}
            onChange={(v) => update({ status: v })} />
        </Col>
      )}
      <Col {...CELL}>
        <Select aria-label="环节" placeholder="环节" allowClear style={FULL} value={state.lane}
          options={LANES.map((l) => ({ value: l, label: LANE_LABELS[l] }))} onChange={(v) => update({ lane: v })} />
      </Col>
      <Col {...CELL}>
        <DatePicker.RangePicker aria-label="提交时间" placeholder={["提交时间起", "提交时间止"]} style={FULL}
          value={[state.from ? dayjs(state.from) : null, state.to ? dayjs(state.to) : null]} allowEmpty={[true, true]}
          onChange={(range) => update({ from: range?.[0]?.format("YYYY-MM-DD"), to: range?.[1]?.format("YYYY-MM-DD") })} />
      </Col>
      {units && (
        <Col {...CELL}>
          <Select aria-label="所属单位" placeholder="所属单位" allowClear showSearch optionFilterProp="label" style={FULL}
            value={state.unit} loading={units.loading} options={units.options} onChange={(v) => update({ unit: v })} />
        </Col>
      )}
      <Col flex="auto" style={{ textAlign: "right" }}>
        <Button disabled={!isFiltered(state)} onClick={reset}>重置</Button>
      </Col>
    </Row>
  );
}
