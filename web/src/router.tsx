// Routes (stable: web/README.md lists them). Pages load on demand (route-level code splitting).
import { lazy, Suspense, type ReactNode } from "react";
import { createBrowserRouter, Navigate } from "react-router-dom";
import RequireAuth from "./auth/RequireAuth";
import AppLayout from "./layout/AppLayout";
import PageSkeleton from "./components/PageSkeleton";
import { useActiveRole } from "./auth/role";
import { homeOf } from "./layout/menu";

const LoginPage = lazy(() => import("./pages/login/LoginPage"));
const DashboardPage = lazy(() => import("./pages/dashboard/DashboardPage"));
const TypeListPage = lazy(() => import("./pages/records/TypeListPage"));
const RecordFormPage = lazy(() => import("./pages/records/RecordFormPage"));
const RecordDetailPage = lazy(() => import("./pages/records/RecordDetailPage"));
const ReviewHomePage = lazy(() => import("./pages/review/ReviewHomePage"));
const InboxPage = lazy(() => import("./pages/review/InboxPage"));
const ReviewRecordPage = lazy(() => import("./pages/review/ReviewRecordPage"));
const WithdrawalsPage = lazy(() => import("./pages/withdrawals/WithdrawalsPage"));
const NotificationsPage = lazy(() => import("./pages/notifications/NotificationsPage"));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage"));

function Home() {
  const { role } = useActiveRole();
  return <Navigate to={homeOf(role)} replace />;
}

function page(node: ReactNode) {
  return <Suspense fallback={<PageSkeleton />}>{node}</Suspense>;
}

export const router = createBrowserRouter([
  { path: "/login", element: page(<LoginPage />) },
  {
    path: "/",
    element: <RequireAuth><AppLayout /></RequireAuth>,
    children: [
      { index: true, element: <Home /> },
      { path: "my", element: page(<DashboardPage />) },
      { path: "types/:code", element: page(<TypeListPage />) },
      { path: "types/:code/new", element: page(<RecordFormPage />) },
      { path: "records/:id", element: page(<RecordDetailPage />) },
      { path: "records/:id/edit", element: page(<RecordFormPage />) },
      { path: "review", element: page(<ReviewHomePage />) },
      { path: "review/:code", element: page(<InboxPage />) },
      { path: "review/records/:id", element: page(<ReviewRecordPage />) },
      { path: "withdrawals", element: page(<WithdrawalsPage />) },
      { path: "notifications", element: page(<NotificationsPage />) },
      { path: "*", element: page(<NotFoundPage />) },
    ],
  },
]);
