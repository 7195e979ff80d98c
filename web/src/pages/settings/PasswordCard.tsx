// 修改密码 (个人设置): current password, new password twice. The server checks the strength (zxcvbn, not the
// account or the name); the other sessions and tokens of the account end, this one stays.
import { Alert, App, Button, Card, Form, Input } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../../api/errors";
import { changePassword } from "../../api/admin";
import { keys } from "../../api/keys";
import { applyFieldErrors } from "../admin/formErrors";

interface Values { current_password: string; new_password: string; confirm: string }

export default function PasswordCard({ required }: { required: boolean }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => changePassword(v.current_password, v.new_password),
    onSuccess: () => {
      message.success("密码已修改，其他设备上的登录已退出");
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: keys.me });
    },
    onError: (e) => { if (!applyFieldErrors(form, e)) message.error(errorMessage(e)); },
  });
  return (
    <Card title="修改密码">
      {required && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="您正在使用管理员设置的一次性密码，请先修改密码后再使用系统。" />}
      <Form form={form} layout="vertical" style={{ maxWidth: 420 }} onFinish={(v) => save.mutate(v)} requiredMark={false}>
        <Form.Item name="current_password" label={required ? "一次性密码" : "当前密码"} rules={[{ required: true, message: "请输入当前密码" }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="new_password" label="新密码" extra="至少 10 个字符，不能包含账号或姓名；建议用几个不相关的词加数字和符号。"
          rules={[{ required: true, message: "请输入新密码" }, { min: 10, message: "新密码至少需要 10 个字符" }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirm" label="确认新密码" dependencies={["new_password"]} rules={[{ required: true, message: "请再次输入新密码" },
          ({ getFieldValue }) => ({ validator: (_, v) => (!v || v === getFieldValue("new_password") ? Promise.resolve() : Promise.reject(new Error("两次输入的新密码不一致"))) })]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>修改密码</Button>
      </Form>
    </Card>
  );
}
