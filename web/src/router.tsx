// Routes (stable: web/README.md lists them). Pages load on demand (route-level code splitting).
import { lazy, Suspense, type ReactNode } from "react";
import { createBrowserRouter, Navigate } from "react-router-dom";
import RequireAuth from "./auth/RequireAuth";
import AppLayout from "./layout/AppLayout";
import PageSkeleton from "./components/PageSkeleton";
import { useActiveRole } from "./auth/role";
import { homeOf } from "./layout/menu";
import RouteError from "./pages/RouteError";
import { ACCOUNTS_IMPORT } from "./pages/imports/wizard";

const pages = {
  login: () => import("./pages/login/LoginPage"),
  dashboard: () => import("./pages/dashboard/DashboardPage"),
  typeList: () => import("./pages/records/TypeListPage"),
  recordForm: () => import("./pages/records/RecordFormPage"),
  recordDetail: () => import("./pages/records/RecordDetailPage"),
  reviewHome: () => import("./pages/review/ReviewHomePage"),
  inbox: () => import("./pages/review/InboxPage"),
  reviewRecord: () => import("./pages/review/ReviewRecordPage"),
  withdrawals: () => import("./pages/withdrawals/WithdrawalsPage"),
  notifications: () => import("./pages/notifications/NotificationsPage"),
  notificationPreferences: () => import("./pages/notifications/PreferencesPage"),
  settings: () => import("./pages/settings/SettingsPage"),
  mobileSign: () => import("./pages/sign/MobileSignPage"),
  imports: () => import("./pages/imports/ImportWizardPage"),
  summary: () => import("./pages/summaries/WorkloadSummaryPage"),
  summaryItem: () => import("./pages/summaries/ItemSummaryPage"),
  adminUnits: () => import("./pages/admin/UnitsPage"),
  adminAccounts: () => import("./pages/admin/AccountsPage"),
  adminRoles: () => import("./pages/admin/RolesPage"),
  adminAudit: () => import("./pages/admin/AuditPage"),
  definitions: () => import("./pages/definitions/DefinitionsPage"),
  definitionDraft: () => import("./pages/definitions/DraftPage"),
  migration: () => import("./pages/definitions/MigrationPage"),
  referenceData: () => import("./pages/reference/ReferenceDataPage"),
  operations: () => import("./pages/operations/OperationsDashboardPage"),
  operationsInstances: () => import("./pages/operations/InstancesPage"),
  operationsStuck: () => import("./pages/operations/StuckPage"),
};

const LoginPage = lazy(pages.login);
const DashboardPage = lazy(pages.dashboard);
const TypeListPage = lazy(pages.typeList);
const RecordFormPage = lazy(pages.recordForm);
const RecordDetailPage = lazy(pages.recordDetail);
const ReviewHomePage = lazy(pages.reviewHome);
const InboxPage = lazy(pages.inbox);
const ReviewRecordPage = lazy(pages.reviewRecord);
const WithdrawalsPage = lazy(pages.withdrawals);
const NotificationsPage = lazy(pages.notifications);
const PreferencesPage = lazy(pages.notificationPreferences);
const SettingsPage = lazy(pages.settings);
const MobileSignPage = lazy(pages.mobileSign);
const ImportWizardPage = lazy(pages.imports);
const WorkloadSummaryPage = lazy(pages.summary);
const ItemSummaryPage = lazy(pages.summaryItem);
const UnitsPage = lazy(pages.adminUnits);
const AccountsPage = lazy(pages.adminAccounts);
const RolesPage = lazy(pages.adminRoles);
const AuditPage = lazy(pages.adminAudit);
const DefinitionsPage = lazy(pages.definitions);
const DraftPage = lazy(pages.definitionDraft);
const MigrationPage = lazy(pages.migration);
const ReferenceDataPage = lazy(pages.referenceData);
const OperationsDashboardPage = lazy(pages.operations);
const OperationsInstancesPage = lazy(pages.operationsInstances);
const OperationsStuckPage = lazy(pages.operationsStuck);
const NotFoundPage = lazy(() => import("./pages/NotFoundPage"));

const PRELOAD: [RegExp, () => Promise<unknown>][] = [
  [/^\/login/, pages.login], [/^\/my$/, pages.dashboard], [/^\/types\/[^/]+$/, pages.typeList],
  [/^\/types\/[^/]+\/new$/, pages.recordForm], [/^\/records\/\d+\/edit$/, pages.recordForm],
  [/^\/records\/\d+$/, pages.recordDetail], [/^\/review$/, pages.reviewHome], [/^\/review\/records\/\d+$/, pages.reviewRecord],
  [/^\/review\/[^/]+$/, pages.inbox], [/^\/withdrawals$/, pages.withdrawals], [/^\/notifications$/, pages.notifications],
  [/^\/notifications\/preferences$/, pages.notificationPreferences],
  [/^\/settings$/, pages.settings], [/^\/sign\/[^/]+$/, pages.mobileSign],
  [/^\/imports$/, pages.imports], [/^\/summaries$/, pages.summary], [/^\/summaries\/[^/]+$/, pages.summaryItem],
  [/^\/admin\/units$/, pages.adminUnits], [/^\/admin\/accounts$/, pages.adminAccounts], [/^\/admin\/roles$/, pages.adminRoles],
  [/^\/admin\/audit$/, pages.adminAudit], [/^\/admin\/account-import$/, pages.imports],
  [/^\/process-admin$/, pages.definitions], [/^\/process-admin\/drafts\/\d+$/, pages.definitionDraft],
  [/^\/process-admin\/migration\/[^/]+$/, pages.migration],
  [/^\/admin\/reference-data$/, pages.referenceData],
  [/^\/operations$/, pages.operations], [/^\/operations\/instances$/, pages.operationsInstances],
  [/^\/operations\/stuck$/, pages.operationsStuck],
];

/** Starts loading the page of `pathname` at once, in parallel with /auth/me (a cold load saves a round trip). */
export function preloadPage(pathname: string): void {
  const hit = PRELOAD.find(([pattern]) => pattern.test(pathname));
  if (hit) void hit[1]();
}

function Home() {
  const { role } = useActiveRole();
  return <Navigate to={homeOf(role)} replace />;
}

function page(node: ReactNode) {
  return <Suspense fallback={<PageSkeleton />}>{node}</Suspense>;
}

export const router = createBrowserRouter([
  { path: "/login", element: page(<LoginPage />), errorElement: <RouteError /> },
  { path: "/sign/:token", element: page(<MobileSignPage />), errorElement: <RouteError /> },   // the phone: no login
  {
    path: "/",
    element: <RequireAuth><AppLayout /></RequireAuth>,
    errorElement: <RouteError />,
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
      { path: "notifications/preferences", element: page(<PreferencesPage />) },
      { path: "settings", element: page(<SettingsPage />) },
      { path: "imports", element: page(<ImportWizardPage />) },
      { path: "summaries", element: page(<WorkloadSummaryPage />) },
      { path: "summaries/:item", element: page(<ItemSummaryPage />) },
      { path: "admin/units", element: page(<UnitsPage />) },
      { path: "admin/accounts", element: page(<AccountsPage />) },
      { path: "admin/roles", element: page(<RolesPage />) },
      { path: "admin/audit", element: page(<AuditPage />) },
      { path: "admin/account-import", element: page(<ImportWizardPage fixedType={ACCOUNTS_IMPORT} />) },
      { path: "process-admin", element: page(<DefinitionsPage />) },
      { path: "process-admin/drafts/:id", element: page(<DraftPage />) },
      { path: "process-admin/migration/:key", element: page(<MigrationPage />) },
      { path: "admin/reference-data", element: page(<ReferenceDataPage />) },
      { path: "operations", element: page(<OperationsDashboardPage />) },
      { path: "operations/instances", element: page(<OperationsInstancesPage />) },
      { path: "operations/stuck", element: page(<OperationsStuckPage />) },
      { path: "*", element: page(<NotFoundPage />) },
    ],
  },
]);
