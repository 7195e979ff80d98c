// The API's one error envelope (README: {code, status, message, errors: [{field, message}]}).
export interface EnvelopeItem {
  field?: string;
  message: string;
  row?: number;
  location?: string;
}

export interface Envelope {
  code: string;
  status: number;
  message: string;
  errors?: EnvelopeItem[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: EnvelopeItem[];

  constructor(envelope: Envelope) {
    super(envelope.message);
    this.name = "ApiError";
    this.status = envelope.status;
    this.code = envelope.code;
    this.errors = envelope.errors ?? [];
  }
}

const FALLBACK: Record<number, string> = {
  0: "无法连接服务器，请检查网络后重试",
  401: "请先登录",
  403: "当前账号没有此操作的权限",
  404: "记录不存在或无权访问",
  413: "提交的内容过大",
  500: "服务器内部错误，请稍后重试",
};

function isEnvelope(body: unknown): body is Envelope {
  return typeof body === "object" && body !== null && typeof (body as Envelope).message === "string"
    && typeof (body as Envelope).code === "string";
}

/** An ApiError from a failed response body: the envelope when it is one, else a Chinese fallback. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isEnvelope(body)) return new ApiError({ ...body, status: body.status ?? status });
  const message = FALLBACK[status] ?? (status >= 500 ? FALLBACK[500] : `请求失败（${status}）`);
  return new ApiError({ code: "http_error", status, message });
}

/** Whether trying the same request again can help: the network failed, or the server did (5xx). A 4xx
 *  answer (not found, not allowed, invalid) stays the same however often it is asked. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 0 || error.status >= 500;
  return true;
}

/** The Chinese message to show for any thrown value (never raw JSON or a stack trace). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return FALLBACK[0];
  return "操作失败，请稍后重试";
}
