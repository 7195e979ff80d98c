"""/api/v1/me/signature and /api/v1/signatures: reviewers' e-signatures (catalog §5.2)."""
import base64
import binascii

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app.errors import ValidationFailed
from app.services.signatures import qr, signatures

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


class QrSigningResponse(Schema):
    id = fields.Integer(metadata={"description": "poll GET /me/signature/qr/{id}"})
    url = fields.String(metadata={"description": "the single-use signing URL the QR code holds"})
    qr_svg = fields.String(metadata={"description": "the QR code, an SVG data: URI"})
    expires_at = fields.DateTime(metadata={"description": "5 minutes after creation"})


class QrStatusResponse(Schema):
    status = fields.String(metadata={"description": "pending | signed | expired"})
    version = fields.Integer(allow_none=True, metadata={"description": "the version stored, once signed"})
    expires_at = fields.DateTime()


class SigningPageResponse(Schema):
    name = fields.String(metadata={"description": "the reviewer the token is bound to (姓名)"})
    expires_at = fields.DateTime()


class SigningDone(Schema):
    version = fields.Integer()


def _image_bytes(image: str) -> bytes:
    raw = image.split(",", 1)[1] if image.startswith("data:") else image
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed("电子签名必须是 PNG 图片", errors=[{"field": "image", "message": "无法解码"}]) from exc


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
        return _state(signatures.save_signature(current_principal(), _image_bytes(body["image"]), source=body["source"]))


@blp.route("/me/signature/qr")
class MyQrSigning(MethodView):
    @blp.response(201, QrSigningResponse)
    def post(self):
        """扫码签名 (catalog §5.2): a QR code (SVG, made by segno) holding a single-use URL ``/sign/<token>``
        bound to the caller and valid 5 minutes. The phone's page is served only inside the campus
        allowlist (``SIGNING_ALLOWED_NETWORKS``); poll ``GET /me/signature/qr/{id}`` for completion."""
        return qr.start_qr_signing(current_principal(), request.host_url)


@blp.route("/me/signature/qr/<id:signing_id>")
class MyQrSigningStatus(MethodView):
    @blp.response(200, QrStatusResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: not the caller's QR signing")
    def get(self, signing_id):
        """Where the caller's QR signing stands: ``pending``, ``signed`` (with the new ``version``) or ``expired``."""
        return qr.qr_status(current_principal(), signing_id)


@blp.route("/signing/<string(length=43):token>")
class SigningByToken(MethodView):
    """The phone's side of 扫码签名: no login, the token is the credential (single use, 5 minutes)."""

    @blp.response(200, SigningPageResponse)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: outside the campus allowlist")
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: unknown token")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: expired or already used")
    def get(self, token):
        """Whom the token signs for (the page greets them) and until when."""
        user, expires_at = qr.token_owner(token, request.remote_addr)
        return {"name": user.name, "expires_at": expires_at}

    @blp.arguments(SignatureUpload)
    @blp.response(201, SigningDone)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: outside the campus allowlist")
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: unknown token")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: expired or already used")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: not a PNG, too large, blank")
    def post(self, body, token):
        """Store the PNG drawn on the phone as the token's reviewer's new signature version and spend the token."""
        return {"version": qr.sign_with_token(token, request.remote_addr, _image_bytes(body["image"]))}


@blp.route("/signatures/<id:user_id>/<id:version>")
class SignatureImage(MethodView):
    @blp.response(200, description="image/png")
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: no such version, or not on a readable record")
    def get(self, user_id, version):
        """One signature version as PNG: the caller's own, or one on the 审核记录 of a record the caller may read."""
        png = signatures.signature_image(current_principal(), user_id, version)
        return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=86400",
                                                             "X-Content-Type-Options": "nosniff"})
