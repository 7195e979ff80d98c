"""/api/v1/reference-data: the reference data behind the forms (issue 12): the course catalogue, the term
calendar, the default 考核年度 and the reference enums. Everyone reads what forms offer; the 系统管理员 changes
them (audited); a value in use is retired, never deleted."""
from __future__ import annotations

from flask.views import MethodView

from app.services.imports import reference_imports
from app.services.reference import maintenance
from app.vocabulary import Role

from .attachments import _MultipartBlueprint
from .imports import xlsx_response
from .schemas.common import ErrorResponse
from .schemas.reference_data import (CourseBatchResponse, CourseCommitResponse, CourseUploadRequest, DefaultYearRequest,
                                     DefaultYearResponse, OverviewResponse, ReferenceValueResponse, ValueRequest,
                                     ValuesArgs, ValuesResponse, ValueUpdateRequest)
from .security import current_principal, requires_role

blp = _MultipartBlueprint("reference_data", __name__, url_prefix="/api/v1/reference-data", description="参考数据")
ADMIN = Role.SYSTEM_ADMIN


@blp.route("")
class Overview(MethodView):
    @blp.response(200, OverviewResponse)
    def get(self):
        """Every reference list (the ``x-reference`` names of the forms) with its label, the fields it backs
        and its counts, and the default 考核年度 (catalog §0.2, §1.3.0)."""
        return maintenance.overview(current_principal())


@blp.route("/default-assessment-year")
class DefaultYear(MethodView):
    @blp.arguments(DefaultYearRequest)
    @blp.response(200, DefaultYearResponse)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 系统管理员 only")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: 考核年度必须是 2000 到 2100 之间的整数")
    @requires_role(ADMIN)
    def put(self, body):
        """Set the 考核年度 new records start with (catalog §1.3.0); audited."""
        return maintenance.set_default_assessment_year(current_principal(), body["default_assessment_year"])


@blp.route("/lists/<string(maxlength=64):name>/values")
class Values(MethodView):
    @blp.arguments(ValuesArgs, location="query")
    @blp.response(200, ValuesResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: 参考数据“X”不存在")
    def get(self, args, name):
        """The values of one list in order: those offered now for everyone; with ``include_retired`` the
        系统管理员 also gets the retired ones and every value's usage count."""
        return maintenance.list_values(current_principal(), name, include_retired=args["include_retired"])

    @blp.arguments(ValueRequest)
    @blp.response(201, ReferenceValueResponse)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 系统管理员 only")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: empty, duplicate, a fixed form option, "
                                                             "an unknown 开课主管单位, a malformed 学年学期")
    @requires_role(ADMIN)
    def post(self, body, name):
        """新增 a value at the end of the list (a course with its 开课主管单位; a term with its first and last
        day); offered by the forms at once; audited."""
        return maintenance.add_value(current_principal(), name, body)


@blp.route("/values/<id:value_id>")
class Value(MethodView):
    @blp.arguments(ValueUpdateRequest)
    @blp.response(200, ReferenceValueResponse)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 系统管理员 only")
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: renaming a value in use")
    @requires_role(ADMIN)
    def patch(self, body, value_id):
        """修改 a value's 开课主管单位, dates or position, or its name while no record holds it; audited."""
        return maintenance.update_value(current_principal(), value_id, body)

    @blp.response(204)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 系统管理员 only")
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: “X”已被 N 条记录使用，不能删除，只能停用")
    @requires_role(ADMIN)
    def delete(self, value_id):
        """删除 a value no record holds; a value in use is refused (retire it instead); audited."""
        maintenance.delete_value(current_principal(), value_id)


@blp.route("/values/<id:value_id>/retire")
class Retire(MethodView):
    @blp.response(200, ReferenceValueResponse)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 系统管理员 only")
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: already retired")
    @requires_role(ADMIN)
    def post(self, value_id):
        """停用: not offered for new records; the records holding it keep and display it; audited."""
        return maintenance.retire_value(current_principal(), value_id)


@blp.route("/values/<id:value_id>/restore")
class Restore(MethodView):
    @blp.response(200, ReferenceValueResponse)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 系统管理员 only")
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: not retired")
    @requires_role(ADMIN)
    def post(self, value_id):
        """启用 a retired value again; audited."""
        return maintenance.restore_value(current_principal(), value_id)


@blp.route("/courses/template")
class CourseTemplate(MethodView):
    @blp.response(200, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  description="课程目录导入模板.xlsx")
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 系统管理员 only")
    @requires_role(ADMIN)
    def get(self):
        """课程目录导入模板: 课程名称 and 开课主管单位 (drop-down), both required."""
        return xlsx_response(*reference_imports.course_template(current_principal()))


@blp.route("/courses/imports")
class CourseImports(MethodView):
    @blp.arguments(CourseUploadRequest, location="form_and_files")
    @blp.response(201, CourseBatchResponse)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 系统管理员 only")
    @blp.alt_response(413, schema=ErrorResponse, description="payload_too_large: 文件超过 10MB")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: a file-level check (catalog §4.1 step 3)")
    @requires_role(ADMIN)
    def post(self, body):
        """上传 a filled course template: every row checked (「第 R 行，“列名”：原因」); nothing added yet."""
        upload = body["file"]
        return reference_imports.upload_courses(current_principal(), upload.stream, upload.filename or "")


@blp.route("/courses/imports/<id:batch_id>/commit")
class CourseImportCommit(MethodView):
    @blp.response(200, CourseCommitResponse)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 系统管理员 only")
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: not the caller's course import")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: already imported, or no valid row")
    @requires_role(ADMIN)
    def post(self, batch_id):
        """只导入有效数据: the valid rows become courses, in one transaction; audited."""
        return reference_imports.commit_courses(current_principal(), batch_id)
