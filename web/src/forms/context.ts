// What the form's custom widgets need from the page (RJSF formContext).
import type { Attachment } from "../api/types";

export interface RecordFormContext {
  /** Uploads one file to a file field (`attachments`, `references.ref_file`) of the record; on a form never
   *  saved, saves the draft with it, both or neither. Rejects with the ApiError of a refusal. */
  uploadFile: (field: string, file: File) => Promise<Attachment>;
  /** The record's files, to show names for the ids in the data. */
  attachments: Attachment[];
  onAttachmentsChanged: () => void;
  readonlyAsDisabled?: boolean;
}
