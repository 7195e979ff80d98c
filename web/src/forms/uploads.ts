// 上传 of one file to a file field: to a saved record, or with a new form's first draft in one request.
import { rawFetch } from "../api/client";
import type { Attachment, RecordItem } from "../api/types";

function filePart(field: string, file: File): FormData {
  const body = new FormData();
  body.append("field", field);
  body.append("file", file);
  return body;
}

/** POST /records/{id}/attachments: the new attachment (ApiError with the refusal otherwise). */
export async function uploadAttachment(recordId: number, field: string, file: File): Promise<Attachment> {
  const response = await rawFetch(`/api/v1/records/${recordId}/attachments`, { method: "POST", body: filePart(field, file) });
  return (await response.json()) as Attachment;
}

/** POST /records/new/attachments: saves the form as a draft and uploads the file in one transaction, so a
 *  refused file leaves no draft behind (catalog §0.4). */
export async function uploadWithNewDraft(recordType: string, data: Record<string, unknown>, ownerAccount: string | undefined,
  field: string, file: File): Promise<{ record: RecordItem; attachment: Attachment }> {
  const body = filePart(field, file);
  body.append("record_type", recordType);
  body.append("data", JSON.stringify(data));
  if (ownerAccount) body.append("owner_account", ownerAccount);
  const response = await rawFetch("/api/v1/records/new/attachments", { method: "POST", body });
  return (await response.json()) as { record: RecordItem; attachment: Attachment };
}
