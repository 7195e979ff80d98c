// 保存 / 提交 of a record form: create or update, then submit; server errors onto their fields.
import { useRef, useState } from "react";
import type { ErrorSchema } from "@rjsf/utils";
import { useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { ApiError } from "../api/errors";
import type { Attachment, RecordItem } from "../api/types";
import { envelopeToErrorSchema } from "./errors";
import { uploadAttachment, uploadWithNewDraft } from "./uploads";

export interface SavingState {
  recordId: number | null;
  version: number | null;
  extraErrors: ErrorSchema | undefined;
  general: string[];
}

export function useRecordSaving(code: string, initial: { id: number | null; version: number | null }, fields: string[],
  schema?: Record<string, unknown>) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SavingState>({ recordId: initial.id, version: initial.version, extraErrors: undefined, general: [] });
  const idRef = useRef<number | null>(initial.id);
  idRef.current = state.recordId;
  const pendingDraft = useRef<Promise<unknown> | null>(null);

  function settle(record: RecordItem) {
    idRef.current = record.id;
    setState({ recordId: record.id, version: record.version, extraErrors: undefined, general: [] });
    void queryClient.invalidateQueries({ queryKey: ["role"] });
    void queryClient.invalidateQueries({ queryKey: ["record", record.id] });
    return record;
  }

  function fail(error: unknown): never {
    if (error instanceof ApiError && error.errors.length > 0) {
      const { errorSchema, general } = envelopeToErrorSchema(error.errors, fields, schema);
      setState((s) => ({ ...s, extraErrors: errorSchema, general }));
    } else {
      setState((s) => ({ ...s, extraErrors: undefined, general: [] }));
    }
    throw error;
  }

  /** 保存: a new draft (POST) or the edited record (PATCH). */
  async function save(data: Record<string, unknown>, ownerAccount?: string, current = state): Promise<RecordItem> {
    try {
      if (current.recordId === null) {
        const body = { record_type: code, data, submit: false, owner_account: ownerAccount || null };
        return settle(await unwrap(api.POST("/api/v1/records", { body })) as RecordItem);
      }
      return settle(await unwrap(api.PATCH("/api/v1/records/{record_id}", {
        params: { path: { record_id: current.recordId } }, body: { data, version: current.version ?? 0 },
      })) as RecordItem);
    } catch (e) {
      return fail(e);
    }
  }

  /** 提交: a new record at once, or save then submit an existing one. */
  async function submit(data: Record<string, unknown>, ownerAccount?: string): Promise<RecordItem> {
    try {
      if (state.recordId === null) {
        const body = { record_type: code, data, submit: true, owner_account: ownerAccount || null };
        return settle(await unwrap(api.POST("/api/v1/records", { body })) as RecordItem);
      }
      const saved = await unwrap(api.PATCH("/api/v1/records/{record_id}", {
        params: { path: { record_id: state.recordId } }, body: { data, version: state.version ?? 0 },
      })) as RecordItem;
      setState((s) => ({ ...s, version: saved.version }));
      return settle(await unwrap(api.POST("/api/v1/records/{record_id}/submit", {
        params: { path: { record_id: saved.id } }, body: { version: saved.version },
      })) as RecordItem);
    } catch (e) {
      return fail(e);
    }
  }

  function setClientErrors(extraErrors: ErrorSchema | undefined) {
    setState((s) => ({ ...s, extraErrors, general: [] }));
  }

  /** An upload or a file removal changes the record on the server: take its new version. */
  async function syncVersion(): Promise<void> {
    const id = idRef.current;
    if (id === null) return;
    const detail = await unwrap(api.GET("/api/v1/records/{record_id}", { params: { path: { record_id: id } } }));
    const version = (detail.record as RecordItem | undefined)?.version;
    if (version !== undefined) setState((s) => ({ ...s, version }));
  }

  /** 上传 one file to a file field. A saved record takes it as it is; a form never saved is saved as a draft
   *  with the file in one request (POST /records/new/attachments), so a refused file leaves no draft behind
   *  and nothing to clean up. Reads the id through a ref, so a widget holding an earlier render's callback
   *  sees a draft created since; a second upload started while the first is creating the draft waits for
   *  it and goes to that draft (or, when the first was refused, creates the draft itself). */
  async function uploadFile(data: Record<string, unknown>, ownerAccount: string | undefined, field: string,
    file: File): Promise<{ attachment: Attachment; created: boolean }> {
    while (idRef.current === null && pendingDraft.current) await pendingDraft.current.catch(() => undefined);
    if (idRef.current !== null) return { attachment: await uploadAttachment(idRef.current, field, file), created: false };
    const creating = uploadWithNewDraft(code, data, ownerAccount, field, file).then((r) => {
      settle(r.record);
      return r.attachment;
    });
    pendingDraft.current = creating;
    try {
      return { attachment: await creating, created: true };
    } catch (e) {
      // the draft's own fields refused (保存's checks): shown on those fields; a refused file only in the widget
      if (e instanceof ApiError && e.errors.some((x) => x.field !== field)) fail(e);
      throw e;
    } finally {
      if (pendingDraft.current === creating) pendingDraft.current = null;
    }
  }

  return { state, save, submit, setClientErrors, syncVersion, uploadFile };
}
