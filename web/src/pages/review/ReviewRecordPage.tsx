// /review/records/:id — 详情 with the decision panel when the active role holds the record's open task.
import { useNavigate, useParams } from "react-router-dom";
import { Alert, Button } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useRecord } from "../../api/hooks";
import ErrorState from "../../components/ErrorState";
import PageSkeleton from "../../components/PageSkeleton";
import RecordDetailView from "../records/detail/RecordDetailView";
import CiteAction from "../records/detail/CiteAction";
import DecisionPanel from "./DecisionPanel";
import { sentBackBy } from "./decision";
import TransferAction from "./TransferAction";

export default function ReviewRecordPage() {
  const id = Number(useParams().id);
  const detail = useRecord(id);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  if (detail.isPending) return <PageSkeleton rows={10} />;
  if (detail.error) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const { record, open_task: task, can_act: canAct } = detail.data;
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["record", id] });
    void queryClient.invalidateQueries({ queryKey: ["role"] });
  };
  const back = task && canAct ? sentBackBy(detail.data.trail) : null;
  const notice = back && <Alert type="warning" showIcon style={{ marginBottom: 12 }}
    message={`${back.step}（${back.actor.name}）退回上一步，请重新审核`} description={back.comment ? `审核意见：${back.comment}` : undefined} />;
  const side = task && canAct
    ? <>{notice}<DecisionPanel taskId={task.id} stepName={task.name} canReturnPrevious={task.can_return_previous}
        signMode={task.sign_mode} onConflict={refresh}
        onDone={() => { refresh(); navigate(`/review/${record.record_type}`); }}
        extra={<TransferAction taskId={task.id} onDone={() => { refresh(); navigate(`/review/${record.record_type}`); }} />} /></>
    : task && !canAct && detail.data.record.status === "in_review"
      ? <Alert type="info" showIcon message={detail.data.current_step ? `当前环节：${detail.data.current_step}` : "该记录不在您的待审核列表中"} />
      : null;
  return <RecordDetailView detail={detail.data} side={side}
    actions={<><Button onClick={() => navigate(`/review/${record.record_type}`)}>返回列表</Button><CiteAction record={record} /></>} />;
}
