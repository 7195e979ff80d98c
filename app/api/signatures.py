"""/api/v1/me/signature and /api/v1/signatures: reviewers' e-signatures (catalog §5.2)."""
import base64
import binascii

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app.errors import ValidationFailed
from app.services.signatures import signatures

from .schemas.common import ErrorResponse
from .security import current_principal

blp = Blueprint("signatures", __name__, url_prefix="/api/v1", description="电子签名")


class SignatureUpload(Schema):
    image = fields.String(required=True, validate=validate.Length(max=210_000),
                          metadata={"description": "the PNG as base64, or a data: URL (canvas.toDataURL)"})
    source = fields.String(load_default="pad", validate=validate.OneOf(signatures.SOURCES),
                           metadata={"description": "pad (鼠标签名) | qr (扫码签名)"})


class SignatureState(Schema):
    has_signature = fields.Boolean()
    version = fields.Integer(allow_none=True)
    created_at = fields.DateTime(allow_none=True)
    image_url = fields.String(allow_none=True)


def _state(signature) -> dict:
    if signature is None:
        return {"has_signature": False, "version": None, "created_at": None, "image_url": None}
    return {"has_signature": True, "version": signature.version, "created_at": signature.created_at,
            "image_url": f"/api/v1/signatures/{signature.user_id}/{signature.version}"}


@blp.route("/me/signature")
class MySignature(MethodView):
    @blp.response(200, SignatureState)
    def get(self):
        """The caller's current e-signature (个人设置): ``has_signature``, ``version``, ``image_url``."""
        return _state(signatures.my_signature(current_principal()))

    @blp.arguments(SignatureUpload)
    @blp.response(201, SignatureState)
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: not a PNG, too large, blank")
    def put(self, body):
        """Store a new version of the caller's signature (drawn on the pad; catalog §5.2). The PNG is
        checked by its content (at most 150 KB, 40–2000 × 20–2000 px, not blank) and re-encoded."""
        raw = body["image"].split(",", 1)[1] if body["image"].startswith("data:") else body["image"]
        try:
            data = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationFailed("电子签名必须是 PNG 图片", errors=[{"field": "image", "message": "无法解码"}]) from exc
        return _state(signatures.save_signature(current_principal(), data, source=body["source"]))


@blp.route("/signatures/<id:user_id>/<id:version>")
class SignatureImage(MethodView):
    @blp.response(200, description="image/png")
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: no such version, or not on a readable record")
    def get(self, user_id, version):
        """One signature version as PNG: the caller's own, or one on the 审核记录 of a record the caller may read."""
        png = signatures.signature_image(current_principal(), user_id, version)
        return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=86400",
                                                             "X-Content-Type-Options": "nosniff"})
