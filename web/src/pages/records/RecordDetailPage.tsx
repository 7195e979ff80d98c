// /records/:id — 详情 with the applicant's actions.
import { useParams } from "react-router-dom";
import { useRecord } from "../../api/hooks";
import ErrorState from "../../components/ErrorState";
import PageSkeleton from "../../components/PageSkeleton";
import RecordDetailView from "./detail/RecordDetailView";
import ApplicantActions from "./detail/ApplicantActions";
import CiteAction from "./detail/CiteAction";
import DecisionPanel from "../review/DecisionPanel";
import { useQueryClient } from "@tanstack/react-query";
import { useMe } from "../../api/hooks";
import { lazy, Suspense } from "react";

const RecordImportAction = lazy(() => import("../imports/PersonalImportPanel").then((m) => ({ default: m.RecordImportAction })));

export default function RecordDetailPage() {
  const id = Number(useParams().id);
  const detail = useRecord(id);
  const me = useMe();
  const queryClient = useQueryClient();
  if (detail.isPending) return <PageSkeleton rows={10} />;
  if (detail.error) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const task = detail.data.open_task;
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["record", id] });
    void queryClient.invalidateQueries({ queryKey: ["role"] });
  };
  // a notification's link may bring a reviewer here: the decision panel shows as on /review/records/:id
  const side = task && task.lane !== "applicant" && detail.data.can_act
    ? <DecisionPanel taskId={task.id} stepName={task.name} onDone={refresh} onConflict={refresh} /> : null;
  return <RecordDetailView detail={detail.data} side={side}
    actions={<><ApplicantActions record={detail.data.record} /><CiteAction record={detail.data.record} />
      {["A20", "A21", "A22"].includes(detail.data.record.record_type) && <Suspense fallback={null}><RecordImportAction record={detail.data.record} meId={me.data?.user_id} /></Suspense>}</>} />;
}
