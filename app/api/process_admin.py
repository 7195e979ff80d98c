"""/api/v1/process-admin: the 流程管理员's console (issue 14 item 1): deployed definitions and their versions,
drafts (校验, 路线预览, 部署) and moving running instances onto the current version. Every other role gets 404
(issue 14 item 3); every change is audited."""
from __future__ import annotations

import io

from flask import send_file
from flask.views import MethodView
from flask_smorest import Blueprint

from app.services.process_admin import catalog, drafts, migration, route_preview

from .schemas.common import ErrorResponse
from .schemas.process_admin import (DefinitionResponse, DeployResponse, DiffArgs, DiffResponse, DraftOpenRequest,
                                    DraftResponse, DraftSaveRequest, KindArgs, MigrateRequest, MigrateResponse,
                                    MigrationPreviewResponse, PreviewRequest, PreviewResponse, ValidationResponse,
                                    VersionResponse)
from .security import current_principal

blp = Blueprint("process_admin", __name__, url_prefix="/api/v1/process-admin", description="流程管理（流程管理员）")
NOT_FOUND = "not_found: not a 流程管理员, or no such definition / draft"


@blp.route("/definitions")
class Definitions(MethodView):
    @blp.arguments(KindArgs, location="query")
    @blp.response(200, DefinitionResponse(many=True))
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    def get(self, args):
        """Processes, decision tables and forms with every version (hash, who, when), the record types using
        each and the instances running on each version."""
        return catalog.list_definitions(current_principal(), args.get("kind"))


@blp.route("/versions/<id:version_id>")
class Version(MethodView):
    @blp.response(200, VersionResponse)
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    def get(self, version_id):
        """One deployed version with its text (a process: with the DMN texts it was compiled with)."""
        return catalog.get_version(current_principal(), version_id)


@blp.route("/versions/<id:version_id>/diff")
class VersionDiff(MethodView):
    @blp.arguments(DiffArgs, location="query")
    @blp.response(200, DiffResponse)
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    def get(self, args, version_id):
        """Unified text diff from version ``against`` to this one (same definition)."""
        return catalog.diff_versions(current_principal(), version_id, args["against"])


@blp.route("/versions/<id:version_id>/export")
class VersionExport(MethodView):
    @blp.response(200, content_type="application/zip", description="<key>-v<N>.zip: the version as repository files")
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    def get(self, version_id):
        """导出 a deployed version as the files of the repository (to commit the change back). Audited."""
        content, name = catalog.export_version(current_principal(), version_id)
        response = send_file(io.BytesIO(content), mimetype="application/zip", as_attachment=True, download_name=name)
        response.cache_control.no_store = True
        return response


@blp.route("/drafts")
class Drafts(MethodView):
    @blp.response(200, DraftResponse(many=True))
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    def get(self):
        """The caller's drafts, most recently saved first."""
        return drafts.list_drafts(current_principal())

    @blp.arguments(DraftOpenRequest)
    @blp.response(200, DraftResponse)
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    def post(self, body):
        """编辑: the caller's draft of a definition, opened from the newest version when there is none."""
        return drafts.open_draft(current_principal(), body["kind"], body["key"])


@blp.route("/drafts/<id:draft_id>")
class Draft(MethodView):
    @blp.response(200, DraftResponse)
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    def get(self, draft_id):
        """One of the caller's drafts."""
        return drafts.get_draft(current_principal(), draft_id)

    @blp.arguments(DraftSaveRequest)
    @blp.response(200, DraftResponse)
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    def put(self, body, draft_id):
        """保存草稿: store the edited text (checked by 校验 and 部署, not here). Audited."""
        return drafts.save_draft(current_principal(), draft_id, body["source"])

    @blp.response(204)
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    def delete(self, draft_id):
        """放弃草稿. Audited."""
        drafts.delete_draft(current_principal(), draft_id)


@blp.route("/drafts/<id:draft_id>/validate")
class DraftValidate(MethodView):
    @blp.response(200, ValidationResponse)
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    def post(self, draft_id):
        """校验 without deploying: parse, the safety lint (``line N: …``), lanes, called decisions, DMN cells,
        the form's JSON Schema and uiSchema. Audited."""
        problems = drafts.validate_draft(current_principal(), draft_id)
        return {"valid": not problems, "problems": problems}


@blp.route("/drafts/<id:draft_id>/deploy")
class DraftDeploy(MethodView):
    @blp.response(201, DeployResponse)
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: the draft equals the deployed version")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: the 校验 problems; nothing deployed")
    def post(self, draft_id):
        """部署 the draft as a new version (``deployed_by`` = the caller); running instances keep theirs. Audited."""
        return drafts.deploy_draft(current_principal(), draft_id)


@blp.route("/route-preview")
class RoutePreview(MethodView):
    @blp.arguments(PreviewRequest)
    @blp.response(200, PreviewResponse)
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: the sample data is malformed")
    def post(self, body):
        """路线预览: the path (lanes, departments, candidate reviewers, skipped steps) of sample data or an existing
        record under the current version and the draft; creates nothing."""
        return route_preview.preview(current_principal(), record_type=body.get("record_type", ""),
                                     data=body.get("data"), owner_account=body.get("owner_account"),
                                     origin=body["origin"], record_id=body.get("record_id"),
                                     draft_id=body.get("draft_id"))


@blp.route("/processes/<string:process_key>/migration")
class Migration(MethodView):
    @blp.response(200, MigrationPreviewResponse)
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    def get(self, process_key):
        """迁移预览: the instances on older versions of the process, each with whether it can move (no waiting
        task removed, engine-notes §5) and why not."""
        return migration.migration_preview(current_principal(), process_key)

    @blp.arguments(MigrateRequest)
    @blp.response(200, MigrateResponse)
    @blp.alt_response(404, schema=ErrorResponse, description=NOT_FOUND)
    def post(self, body, process_key):
        """批量迁移 onto the current version, one transaction per instance; each that cannot move is reported.
        Audited per instance."""
        return migration.migrate(current_principal(), process_key, body.get("instance_ids"))
