// The two steps of a one-file import dialog (personal templates, catalog §4.3; the course catalogue, issue 12):
// 上传 → the checked rows → 导入, with the busy flag and the error shown in the dialog.
import { useState } from "react";
import { errorMessage } from "../../api/errors";

export function useUploadThenCommit<B extends { id: number }, R>(
  upload: (file: File) => Promise<B>,
  commit: (id: number) => Promise<R>,
  onCommitted: (result: R) => void,
) {
  const [batch, setBatch] = useState<B | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(file: File) {
    setBusy(true); setError(null); setBatch(null);
    try {
      setBatch(await upload(file));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    if (!batch) return;
    setBusy(true);
    try {
      onCommitted(await commit(batch.id));
      setBatch(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return { batch, error, busy, send, confirm };
}
