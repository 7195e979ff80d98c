"""User-facing Chinese strings, verbatim from the spec where the spec gives them."""
from app.vocabulary import LISTED_STATUSES, Lane, ReviewAction, Role

# catalog §3.1 status labels
WORKLOAD_STATUS_LABELS = {status.value: status.workload_label for status in LISTED_STATUSES}
LIBRARY_STATUS_LABELS = {status.value: status.library_label for status in LISTED_STATUSES}
# catalog §3.7 审核记录 处理结果
ACTION_LABELS = {action.value: action.label for action in ReviewAction}
# catalog §6.2 role names (the browser's role switcher)
ROLE_LABELS = {role.value: role.label for role in Role}
LANE_LABELS = {lane.value: lane.label for lane in Lane}

NOT_FOUND = "记录不存在或无权访问"
NOTIFICATION_NOT_FOUND = "通知不存在"
OUTBOX_NOT_FOUND = "消息不存在"
OUTBOX_NOT_FAILED = "只有发送失败的消息可以重试"
URGED_TODAY = "今天已催办过"
URGE_TOO_EARLY = "记录等待审核超过 {days} 天后才能催办"
URGE_NOT_WAITING = "只有审核中的记录可以催办"
TASK_NOT_FOUND = "待办任务不存在或无权访问"
LOGIN_FAILED = "账号或密码错误"
LOGIN_REQUIRED = "请先登录"
LOGIN_THROTTLED = "登录失败次数过多，请 {minutes} 分钟后再试"
LOGIN_BUSY = "登录请求过多，请稍后再试"
PASSWORD_CURRENT_WRONG = "当前密码错误"
PASSWORD_TOO_SHORT = "新密码至少需要 {n} 个字符"
PASSWORD_SAME_AS_ACCOUNT = "新密码不能与账号相同"
PASSWORD_CONTAINS_IDENTITY = "新密码不能包含账号或姓名"
PASSWORD_TOO_WEAK = "新密码太容易被猜到，请使用更长、更不常见的组合（如几个不相关的词加数字和符号）"
PASSWORD_SAME_AS_CURRENT = "新密码不能与当前密码相同"
PASSWORD_CHANGE_REQUIRED = "管理员已重置您的密码，请先在「个人设置」中修改密码"
ONE_TIME_PASSWORD_USED = "一次性密码已使用过，请联系管理员重新重置密码"
TOKEN_NOT_FOUND = "令牌不存在或无权访问"
ACCOUNT_NOT_FOUND = "账号 {account} 不存在"
CSRF_FAILED = "页面已过期或缺少 CSRF 令牌，请刷新后重试"
ROLE_REQUIRED = "当前账号没有此操作的权限"
ACTIVE_ROLE_NOT_GRANTED = "当前账号没有「{role}」角色，请重新选择角色"   # X-Active-Role
SELF_REVIEW = "不能审核本人填报的记录"                         # catalog §2.6
TASK_DONE = "该记录已由 {name} 于 {time} 处理"                 # catalog §2.6
NO_PREVIOUS_STEP = "当前已是第一个审核环节，没有上一步，请使用「退回」退回申请人"   # issue 11 item 4
UNIT_NOT_BOUND = "未绑定工作单位，只能保存不能提交"               # catalog §3.2a
RESEARCH_OWNER_LOCKED = "归属单位由系统根据所在单位确定，不可修改"  # catalog §2.2
COMMENT_REQUIRED = "退回或终止时必须填写审核意见"                 # catalog §3.2 transitions 10, 11
COMMENT_TOO_LONG = "审核意见不能超过 500 个字符"                  # catalog §5.2
NOT_ADJUSTABLE = "该记录当前不能调整"
CITED_LOCKED = "该业绩已被引用，不能{action}"                    # catalog §3.5
STALE_RECORD = "记录已被修改，请刷新后重试"
NOT_EDITABLE = "当前状态为「{status}」，不能{action}"
OWNER_NOT_IN_UNIT = "账号 {account} 不存在或不属于本单位"
TEACHER_ONLY = "只有教师可以填报本人业绩"
NO_SELF_IMPORT = "不能为本人代填业绩，本人的业绩请以教师身份填报并经单位审核"
IMPORT_TYPE_ONLY = "「{title}」由二级单位管理员导入，教师不能自行填报"
UNKNOWN_RECORD_TYPE = "业绩类别「{code}」不存在"
VALIDATION_SUMMARY = "共有 {n} 处填写错误"
PROCESS_INCIDENT = "审核流程无法继续（{detail}），已记录异常并通知运维人员"
INSTANCE_ON_HOLD = "该记录的审核流程{status}，暂不能处理"
INSTANCE_HOLD_LABELS = {"suspended": "已被运维人员挂起", "incident": "出现异常，正在等待运维人员处理"}
INTERNAL_ERROR = "服务器内部错误，请稍后重试（请求编号 {request_id}）"
BODY_TOO_LARGE = "提交的内容过大（上限 {limit} KB）"
MALFORMED_JSON = "请求体不是合法的 JSON"
WHOLE_BODY = "请求体"          # the field name of an error about the body as a whole
JSON_TOO_DEEP = "请求体的 JSON 嵌套层数过多"
NUL_IN_INPUT = "提交的内容包含空字符（\\0），请删除后重试"
NUL_IN_FIELD = "「{field}」不能包含空字符（\\0）"
SURROGATE_IN_INPUT = "提交的内容包含无效的 Unicode 字符（不成对的代理项），请删除后重试"
SURROGATE_IN_FIELD = "「{field}」包含无效的 Unicode 字符（不成对的代理项）"
NON_FINITE_IN_INPUT = "提交的内容包含非有限数值（NaN 或 Infinity）"
NON_FINITE_IN_FIELD = "「{field}」必须是有限的数值，不能是 NaN 或 Infinity"
# catalog §3.4 撤回 and the 撤回记录 page; §3.5 citation lock
WITHDRAWAL_HANDLING_LABELS = {"pending": "待处理", "processed": "已处理"}
WITHDRAWAL_OUTCOME_LABELS = {"withdrawn": "撤回成功", "refused": "不予撤回", "rejected": "不同意"}
WITHDRAWAL_NO_OUTCOME = "—"
CITATION_KIND_LABELS = {"title_application": "职称申报", "settlement": "工作量结算", "info_report": "上报"}
WITHDRAW_NOT_SUPPORTED = "该类业绩不支持撤回"                     # catalog §3.4 policies none / change_request
WITHDRAW_REASON_REQUIRED = "请填写撤回原因"
WITHDRAW_REASON_TOO_LONG = "撤回原因不能超过 500 个字符"
WITHDRAW_NOTE_TOO_LONG = "处理说明不能超过 500 个字符"
WITHDRAW_PENDING = "该业绩已有待处理的撤回申请"
WITHDRAWAL_NOT_FOUND = "撤回申请不存在或无权访问"
WITHDRAWAL_ALREADY_HANDLED = "该撤回申请已处理"
WITHDRAWN_NOTICE = "{type_name}已撤回"
WITHDRAW_REQUESTED_NOTICE = "撤回申请待处理：{type_name}（{owner}）"
WITHDRAW_REJECTED_NOTICE = "{type_name}的撤回申请未获同意"
CITE_NOT_APPROVED = "只有审核通过的业绩才能被引用"                # catalog §3.1 approved
CITATION_KIND_INVALID = "引用类型只能是 职称申报、工作量结算 或 上报"
CITATION_REF_REQUIRED = "请填写引用来源编号"
CITATION_REF_TOO_LONG = "引用来源编号不能超过 {n} 个字符"
WITHDRAWAL_HANDLING_INVALID = "处理情况只能是 待处理 或 已处理"
WITHDRAWAL_OUTCOME_INVALID = "状态只能是 撤回成功、不予撤回 或 不同意"

# catalog §5.3 批量审核 (per-record results)
BATCH_SUCCESS = "成功"
BATCH_DONE_BY_OTHER = "已由他人处理"
BATCH_OUT_OF_SCOPE = "不在您的审核范围"
BATCH_CHANGED = "记录已变更"
BATCH_TOO_MANY = "批量审核每次最多 {limit} 条记录，当前 {n} 条，请缩小筛选范围"
BATCH_EMPTY = "请选择要审核的记录"
BATCH_ACTION = "批量审核只能选择 通过 或 退回"
BATCH_RETURN_COMMENT = "批量退回时必须填写审核意见"

# catalog §5.4 workspace filters
WORKSPACE_BAD_STATUS = "审核状态只能是 {allowed}"
WORKSPACE_BAD_LANE = "环节只能是 {allowed}"
WORKSPACE_BAD_RANGE = "提交时间的结束日期不能早于开始日期"
WORKSPACE_UNIT_OUT_OF_SCOPE = "所属单位不在当前角色的查询范围内"

# catalog §5.2 e-signature
SIGNATURE_REQUIRED = "第一次审核时需要个人电子签名，请先签名"
SIGNATURE_NOT_PNG = "电子签名必须是 PNG 图片"
SIGNATURE_TOO_LARGE = "电子签名图片不能超过 {kb} KB"
SIGNATURE_BAD_SIZE = "电子签名图片尺寸不合适（宽 40–2000、高 20–2000 像素）"
SIGNATURE_BLANK = "电子签名是空白的，请重新签名"
SIGNATURE_NOT_FOUND = "电子签名不存在或无权访问"
TRANSFER_NOT_MEMBER = "{name}不是「{step}」环节的审核人，不能转交：只能转交给同一审核组的其他成员"
TRANSFER_TO_SELF = "不能转交给自己"
TRANSFER_NOT_OPEN = "该任务已处理或已撤销，不能转交"
DELEGATION_NO_GROUP = "当前角色没有可委托的审核职责"
DELEGATION_NOT_ELIGIBLE = "{name}不是{unit}的{role}，不能委托：受托人须与您在同一单位、审核同一环节"
DELEGATION_TO_SELF = "不能委托给自己"
DELEGATION_BAD_RANGE = "结束日期不能早于开始日期"
DELEGATION_PAST = "结束日期不能早于今天"
DELEGATION_TOO_LONG = "委托期限最长 {days} 天"
DELEGATION_OVERLAP = "该时间段内已有对{name}的委托"
DELEGATION_NOT_FOUND = "委托不存在或无权访问"
DELEGATION_REVOKED = "该委托已撤销"
SIGNING_OUTSIDE_NETWORK = "扫码签名仅限校园网内使用，请连接校园网后重试"
SIGNING_TOKEN_INVALID = "二维码无效，请在电脑上重新生成"
SIGNING_TOKEN_EXPIRED = "二维码已过期（有效期 5 分钟），请在电脑上重新生成"
SIGNING_TOKEN_USED = "二维码已使用过，请在电脑上重新生成"

# process-admin console (issue 14)
DEFINITION_NOT_FOUND = "定义不存在或无权访问"
DRAFT_NOT_FOUND = "草稿不存在或无权访问"
DRAFT_INVALID = "草稿有 {n} 处错误，未部署"
DRAFT_UNCHANGED = "草稿与当前部署版本相同，无需部署"
