import React from "react";
import ReactDOM from "react-dom/client";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/es/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router-dom";
import { isRetryable } from "./api/errors";
import { setUnauthenticatedHandler } from "./api/client";
import { RoleProvider } from "./auth/role";
import { loginPath } from "./auth/RequireAuth";
import { preloadPage, router } from "./router";
import { fetchMe } from "./api/hooks";
import { keys } from "./api/keys";

dayjs.locale("zh-cn");

// Secondary texts darker than antd's defaults so every text meets WCAG AA contrast (4.5:1).
const THEME = {
  token: {
    colorPrimary: "#1f5fbf", colorLink: "#1f5fbf", colorError: "#cf1322", borderRadius: 4,
    colorTextSecondary: "rgba(0,0,0,0.65)", colorTextDescription: "rgba(0,0,0,0.62)",
    colorTextTertiary: "rgba(0,0,0,0.6)", colorTextQuaternary: "rgba(0,0,0,0.55)",
  },
};

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => isRetryable(error) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// An expired session anywhere sends the person to the login page and back afterwards.
setUnauthenticatedHandler(() => {
  const location = router.state.location;
  if (location.pathname.startsWith("/login") || location.pathname.startsWith("/sign/")) return;
  queryClient.clear();
  void router.navigate(loginPath(location), { replace: true });
});

// A cold load fetches the page's code and the session in parallel with the app's own start-up.
preloadPage(window.location.pathname);
if (!window.location.pathname.startsWith("/login") && !window.location.pathname.startsWith("/sign/")) {   // /sign: the phone, no session
  void queryClient.prefetchQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

ReactDOM.createRoot(document.getElementById("root")!).render(
  <React.StrictMode>
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={THEME}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RoleProvider>
            <RouterProvider router={router} />
          </RoleProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </React.StrictMode>,
);
