// 新建账号 / 编辑账号: 账号 (工号), 姓名, 所属单位, 性别, 出生年月, 身份证号码, 电子邮箱, 在编教职工 (catalog §6.1, §4.2).
import { App, Form, Input, Modal, Select, Switch } from "antd";
import { useMutation } from "@tanstack/react-query";
import { errorMessage } from "../../api/errors";
import { createAccount, updateAccount, type Account, type AccountInput, type Unit } from "../../api/admin";
import { applyFieldErrors } from "./formErrors";
import { showOneTimePassword } from "./oneTimePassword";

export default function AccountDialog({ account, units, onClose, onSaved }: {
  account: Account | null; units: Unit[]; onClose: () => void; onSaved: () => void;
}) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<AccountInput>();
  const save = useMutation({
    mutationFn: (values: AccountInput) => {
      const body = { ...values, gender: values.gender || null, birth_month: values.birth_month || null,
        id_number: values.id_number || null, email: values.email || null };
      if (!account) return createAccount(body);
      const { account: _ignored, ...patch } = body;
      void _ignored;
      return updateAccount(account.account, patch);
    },
    onSuccess: (saved) => {
      onSaved();
      onClose();
      if ("one_time_password" in saved && typeof saved.one_time_password === "string") {
        showOneTimePassword(modal, `已新建账号 ${saved.account}（${saved.name}）`, saved.one_time_password);
      } else message.success(`已保存账号 ${saved.account}`);
    },
    onError: (e) => { if (!applyFieldErrors(form, e)) message.error(errorMessage(e)); },
  });
  return (
    <Modal open title={account ? `编辑账号：${account.account}` : "新建账号"} okText="保存" cancelText="取消" onCancel={onClose}
      confirmLoading={save.isPending} onOk={() => void form.validateFields().then((v) => save.mutate(v))} destroyOnClose>
      <Form form={form} layout="vertical" preserve={false}
        initialValues={account ? { ...account, unit_id: account.unit_id ?? undefined } : { is_staff: true, unit_id: units.length === 1 ? units[0].id : undefined }}>
        <Form.Item name="account" label="账号（工号）" rules={[{ required: true, message: "请填写账号" }, { max: 32 }]}>
          <Input disabled={!!account} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: "请填写姓名" }, { max: 64 }]}><Input /></Form.Item>
        <Form.Item name="unit_id" label="所属单位" rules={[{ required: true, message: "请选择所属单位" }]}>
          <Select showSearch optionFilterProp="label" options={units.filter((u) => u.is_active).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="gender" label="性别">
          <Select allowClear options={[{ value: "男", label: "男" }, { value: "女", label: "女" }]} />
        </Form.Item>
        <Form.Item name="birth_month" label="出生年月" rules={[{ pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: "出生年月格式应为 YYYY-MM" }]}>
          <Input placeholder="YYYY-MM，如 1985-06" />
        </Form.Item>
        <Form.Item name="id_number" label="身份证号码" rules={[{ pattern: /^\d{17}[\dXx]$/, message: "身份证号码应为 18 位（前 17 位数字，最后一位数字或 X）" }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="email" label="电子邮箱" rules={[{ type: "email", message: "电子邮箱格式不正确" }]}><Input /></Form.Item>
        <Form.Item name="is_staff" label="在编教职工" valuePropName="checked" extra="学生助理等非专职人员不能被授予管理类角色">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
