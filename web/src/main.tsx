import React from "react";
import ReactDOM from "react-dom/client";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/es/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router-dom";
import { ApiError } from "./api/errors";
import { setUnauthenticatedHandler } from "./api/client";
import { RoleProvider } from "./auth/role";
import { loginPath } from "./auth/RequireAuth";
import { router } from "./router";

dayjs.locale("zh-cn");

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// An expired session anywhere sends the person to the login page and back afterwards.
setUnauthenticatedHandler(() => {
  const location = router.state.location;
  if (location.pathname.startsWith("/login")) return;
  queryClient.clear();
  void router.navigate(loginPath(location), { replace: true });
});

ReactDOM.createRoot(document.getElementById("root")!).render(
  <React.StrictMode>
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: "#1f5fbf", borderRadius: 4 } }}>
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
