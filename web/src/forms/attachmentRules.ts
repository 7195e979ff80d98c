// catalog §0.4 attachment defaults and the per-field overrides of x-attachment (docs/forms.md).
export const DEFAULT_TYPES = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"];
export const DEFAULT_MAX_MB = 10;

export interface AttachmentRules {
  types: string[];
  maxMb: number;
  maxFiles?: number;
}

export function rulesOf(xAttachment: unknown): AttachmentRules {
  const spec = (xAttachment ?? {}) as { types?: string[]; max_mb?: number; max_files?: number };
  return { types: spec.types ?? DEFAULT_TYPES, maxMb: spec.max_mb ?? DEFAULT_MAX_MB, maxFiles: spec.max_files };
}

/** Early browser-side check (the server checks content too). Returns the Chinese message or null, worded as
 * the server words the same refusal: the field's label and the file's name (catalog §0.4,
 * app/services/files/attachment_rules.py). */
export function checkFile(file: { name: string; size: number }, rules: AttachmentRules, already: number, label: string): string | null {
  const ext = file.name.includes(".") ? file.name.split(".").pop()!.toLowerCase() : "";
  if (!rules.types.includes(ext)) return `${label}：文件 ${file.name} 类型不允许，仅支持 ${rules.types.join("/")}`;
  if (file.size > rules.maxMb * 1024 * 1024) return `${label}：文件 ${file.name} 超过 ${rules.maxMb} MB`;
  if (rules.maxFiles !== undefined && already >= rules.maxFiles) return `${label}：最多只能上传 ${rules.maxFiles} 个文件`;
  return null;
}
