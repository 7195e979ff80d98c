"""Process-admin console schemas (issue 14 item 1)."""
from marshmallow import Schema, fields, validate

KINDS = ("process", "decision", "form")


class KindArgs(Schema):
    kind = fields.String(validate=validate.OneOf(KINDS), metadata={"description": "process | decision | form"})


class VersionFacts(Schema):
    """What every deployed version states: its number, content hash, who deployed it and when."""
    id = fields.Integer(required=True)
    version = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    deployed_at = fields.DateTime(required=True)
    deployed_by = fields.String(allow_none=True, metadata={"description": "cli, tests, or the admin's account"})


class VersionBrief(VersionFacts):
    running_instances = fields.Integer(required=True, metadata={"description": "process versions: instances running on it"})


class RecordTypeBrief(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)


class DefinitionResponse(Schema):
    kind = fields.String(required=True, metadata={"example": "decision"})
    key = fields.String(required=True, metadata={"example": "route_steps"})
    name = fields.String(required=True, metadata={"example": "审核环节"})
    path = fields.String(required=True, metadata={"example": "rules/route_steps.dmn"})
    versions = fields.List(fields.Nested(VersionBrief), required=True, metadata={"description": "newest first"})
    record_types = fields.List(fields.Nested(RecordTypeBrief), required=True)
    used_by = fields.List(fields.String(), required=True, metadata={"example": ["process workload_approval"]})
    running_instances = fields.Integer(required=True)
    draft_id = fields.Integer(allow_none=True, metadata={"description": "the caller's draft of it"})


class VersionResponse(VersionFacts):
    kind = fields.String(required=True)
    key = fields.String(required=True)
    name = fields.String(required=True)
    path = fields.String(required=True)
    source = fields.String(required=True, metadata={"description": "BPMN / DMN XML, or the form's JSON indented"})
    decisions = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                            metadata={"description": "a process: the DMN texts it was compiled with"})


class DiffArgs(Schema):
    against = fields.Integer(required=True, metadata={"description": "the older version's id"})


class DiffResponse(Schema):
    diff = fields.String(required=True, metadata={"description": "unified diff, empty when equal"})
    changed = fields.Boolean(required=True)


class DraftOpenRequest(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    key = fields.String(required=True, validate=validate.Length(min=1, max=64))


class DraftSaveRequest(Schema):
    source = fields.String(required=True, validate=validate.Length(min=1, max=200_000))


class DraftResponse(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    key = fields.String(required=True)
    base_version_id = fields.Integer(allow_none=True)
    source = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class ProblemItem(Schema):
    file = fields.String(allow_none=True, metadata={"example": "processes/workload_approval.bpmn"})
    line = fields.Integer(allow_none=True)
    message = fields.String(required=True, metadata={"example": "line 40: element bpmn:scriptTask is not allowed"})


class ValidationResponse(Schema):
    valid = fields.Boolean(required=True)
    problems = fields.List(fields.Nested(ProblemItem), required=True)


class DeployResponse(Schema):
    created = fields.List(fields.String(), required=True, metadata={"example": ["decision route_steps v2"]})
    unchanged = fields.List(fields.String(), required=True)


class PreviewRequest(Schema):
    record_type = fields.String(validate=validate.Length(max=16), metadata={"example": "T01"})
    data = fields.Dict(load_default=dict, metadata={"description": "sample form data"})
    owner_account = fields.String(validate=validate.Length(max=64), metadata={"description": "the teacher filing it"})
    origin = fields.String(load_default="teacher", validate=validate.OneOf(("teacher", "unit_import", "self_import")))
    record_id = fields.Integer(metadata={"description": "an existing record instead of sample data"})
    draft_id = fields.Integer(metadata={"description": "also the path under this draft"})


class Reviewer(Schema):
    account = fields.String(required=True)
    name = fields.String(required=True)


class SkippedStep(Schema):
    bpmn_id = fields.String(required=True)
    name = fields.String(required=True)
    lane = fields.String(allow_none=True)
    lane_label = fields.String(required=True)


class RouteStep(SkippedStep):
    """A step the route passes: a skipped step's fields and who reviews it."""
    department = fields.String(allow_none=True)
    candidate_role = fields.String(required=True)
    reviewers = fields.List(fields.Nested(Reviewer), required=True)


class RouteResponse(Schema):
    label = fields.String(required=True)
    steps = fields.List(fields.Nested(RouteStep), required=True)
    skipped = fields.List(fields.Nested(SkippedStep), required=True)
    outputs = fields.Dict(required=True)
    end = fields.String(allow_none=True)
    error = fields.String(allow_none=True)
    problems = fields.List(fields.Nested(ProblemItem), required=True)


class PreviewResponse(Schema):
    record_type = fields.String(required=True)
    process_key = fields.String(required=True)
    current = fields.Nested(RouteResponse, required=True)
    draft = fields.Nested(RouteResponse, allow_none=True)


class MigrationInstance(Schema):
    instance_id = fields.Integer(required=True)
    record_id = fields.Integer(required=True)
    record_title = fields.String(allow_none=True)
    record_type = fields.String(required=True)
    owner = fields.String(required=True)
    version = fields.Integer(required=True)
    waiting = fields.List(fields.String(), required=True)
    can_move = fields.Boolean(required=True)
    reason = fields.String(allow_none=True)
    route = fields.List(fields.String(), required=True)


class MigrationPreviewResponse(Schema):
    process_key = fields.String(required=True)
    current_version = fields.Integer(required=True)
    instances = fields.List(fields.Nested(MigrationInstance), required=True)


class MigrateRequest(Schema):
    instance_ids = fields.List(fields.Integer(), validate=validate.Length(max=5000),
                               metadata={"description": "default: every instance on an older version"})


class MigrationResult(Schema):
    instance_id = fields.Integer(required=True)
    record_id = fields.Integer(required=True)
    moved = fields.Boolean(required=True)
    reason = fields.String(allow_none=True)


class MigrateResponse(Schema):
    process_key = fields.String(required=True)
    current_version = fields.Integer(required=True)
    moved = fields.Integer(required=True)
    results = fields.List(fields.Nested(MigrationResult), required=True)
