// What the form's custom widgets need from the page (RJSF formContext).
import type { Attachment } from "../api/types";

export interface RecordFormContext {
  /** The saved record's id, saving a draft first when the record is new (uploads need a record). */
  ensureRecordId: () => Promise<number>;
  /** The record's files, to show names for the ids in the data. */
  attachments: Attachment[];
  onAttachmentsChanged: () => void;
  readonlyAsDisabled?: boolean;
}
