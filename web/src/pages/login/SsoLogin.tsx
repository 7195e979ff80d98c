// 统一身份认证 (CAS) on the login page, loaded after the page itself: the refusal that brought the browser
// back (?sso_error=) and the 「统一身份认证登录」 button when CAS is configured (issue 12 item 5).
import { Alert, Button, Divider } from "antd";
import { useQuery } from "@tanstack/react-query";
import { fetchSso } from "../../api/reference";

const FALLBACK = "统一身份认证登录失败，请使用账号密码登录";

function useSso() {      // the login page's query (same key): answered from its cache
  return useQuery({ queryKey: ["sso"], queryFn: fetchSso, staleTime: Infinity, retry: false });
}

/** Why the CAS login just failed (the server's reason for ``code``), as an alert. */
export function SsoRefusal({ code }: { code: string }) {
  const sso = useSso();
  return <Alert type="error" showIcon message={sso.data?.reasons[code] ?? FALLBACK} style={{ marginBottom: 16 }} role="alert" />;
}

/** 「或」 and the CAS login button, back to ``next`` afterwards; nothing when CAS is off. */
export function SsoButton({ next }: { next: string | null }) {
  const sso = useSso();
  if (!sso.data?.cas_enabled || !sso.data.login_url) return null;
  return (
    <>
      <Divider plain style={{ margin: "16px 0" }}>或</Divider>
      <Button block href={`${sso.data.login_url}?next=${encodeURIComponent(next ?? "/")}`}>{sso.data.label}</Button>
    </>
  );
}
