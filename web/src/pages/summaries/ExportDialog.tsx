// 导出 with the field chooser (catalog §5.5: 「选择所有字段，再点击“导出”」): checkboxes with 全选.
import { useEffect, useState } from "react";
import { App, Checkbox, Modal, Space } from "antd";
import { useQuery } from "@tanstack/react-query";
import { errorMessage } from "../../api/errors";
import { exportUrl, fetchExportFields, summaryKeys } from "../../api/summaries";
import { useActiveRole } from "../../auth/role";
import { downloadFrom } from "../../components/download";

interface Props {
  open: boolean;
  onClose: () => void;
  query: { year: number; unit_id?: number; q?: string; item?: string };
  fallbackName: string;
}

export default function ExportDialog({ open, onClose, query, fallbackName }: Props) {
  const { role } = useActiveRole();
  const { message } = App.useApp();
  const fields = useQuery({ queryKey: summaryKeys.exportFields(role, query.item), queryFn: () => fetchExportFields(query.item), enabled: open });
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const all = (fields.data ?? []).map((f) => f.key);
  useEffect(() => { if (open) setChosen(all); }, [open, fields.data]);   // eslint-disable-line react-hooks/exhaustive-deps

  async function run() {
    setBusy(true);
    try {
      await downloadFrom(exportUrl(query, chosen.length === all.length ? [] : chosen), fallbackName);
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="导出" open={open} onCancel={onClose} onOk={() => void run()} okText="导出" cancelText="取消"
      okButtonProps={{ disabled: chosen.length === 0, loading: busy }}>
      <Space direction="vertical" style={{ width: "100%" }}>
        <Checkbox checked={all.length > 0 && chosen.length === all.length}
          indeterminate={chosen.length > 0 && chosen.length < all.length}
          onChange={(e) => setChosen(e.target.checked ? all : [])}>全选</Checkbox>
        <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as string[])}
          options={(fields.data ?? []).map((f) => ({ value: f.key, label: f.label }))} style={{ display: "grid", gap: 8 }} />
      </Space>
    </Modal>
  );
}
