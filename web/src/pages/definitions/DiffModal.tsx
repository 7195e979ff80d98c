// 版本对比: the unified text diff of two versions of one definition.
import { Empty, Modal, Spin } from "antd";
import { useQuery } from "@tanstack/react-query";
import { fetchDiff } from "../../api/processAdmin";
import ErrorState from "../../components/ErrorState";
import { diffLineKind } from "./editor";

interface Props {
  title: string;
  versionId: number;
  againstId: number;
  onClose: () => void;
}

export default function DiffModal({ title, versionId, againstId, onClose }: Props) {
  const diff = useQuery({ queryKey: ["process-admin", "diff", versionId, againstId], queryFn: () => fetchDiff(versionId, againstId) });
  return (
    <Modal open title={title} width={960} footer={null} onCancel={onClose}>
      {diff.isLoading ? <Spin /> : diff.isError ? <ErrorState error={diff.error} /> : !diff.data?.changed ? (
        <Empty description="两个版本内容相同" />
      ) : (
        <pre className="definition-diff" aria-label="差异">
          {diff.data.diff.split("\n").map((line, i) => <div key={i} className={diffLineKind(line)}>{line || " "}</div>)}
        </pre>
      )}
    </Modal>
  );
}
