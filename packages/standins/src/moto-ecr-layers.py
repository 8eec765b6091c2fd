"""ECR's layer API in moto, which moto 5.2 leaves unimplemented. A test double.

ECR's API takes an image's blobs (its config and layers) as `docker push` does through it:
InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload (with BatchCheckLayerAvailability to
skip what is there), and hands one back as GetDownloadUrlForLayer's URL, which on AWS is a
presigned S3 URL. Here the blobs live in the region's ECR backend, so a reset drops them with the
repositories, and the URL is this server's own `/_ecr-layer/TOKEN`: a GET with the token answers
the blob, as the presigned URL does without AWS credentials. The errors are the ones the ECR API
Reference names for these calls: RepositoryNotFoundException, UploadNotFoundException,
InvalidLayerPartException, EmptyUploadException, InvalidLayerException (a digest that is not the
bytes'), LayerAlreadyExistsException and LayersNotFoundException. IAM enforcement checks the calls
as moto checks every ECR action (ecr:GetDownloadUrlForLayer and so on).

Applied with runpy before moto.server starts (moto-launch.py).
"""
import base64
import hashlib
import secrets

from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult
from moto.ecr import models
from moto.ecr.exceptions import RepositoryNotFoundException
from moto.ecr.responses import ECRResponse
from moto.moto_server.werkzeug_app import DomainDispatcherApplication

PREFIX = "/_ecr-layer/"
# Every blob handed out by URL, by token: the URL works without credentials, as a presigned one does.
DOWNLOADS: dict = {}


class UploadNotFoundException(ServiceException):
    code = "UploadNotFoundException"


class InvalidLayerPartException(ServiceException):
    code = "InvalidLayerPartException"


class EmptyUploadException(ServiceException):
    code = "EmptyUploadException"


class InvalidLayerException(ServiceException):
    code = "InvalidLayerException"


class LayerAlreadyExistsException(ServiceException):
    code = "LayerAlreadyExistsException"


class LayersNotFoundException(ServiceException):
    code = "LayersNotFoundException"


def store(backend: models.ECRBackend) -> dict:
    if not hasattr(backend, "tandem_layers"):
        backend.tandem_layers = {"blobs": {}, "uploads": {}}
    return backend.tandem_layers


def repository_of(self: ECRResponse) -> str:
    name = self._get_param("repositoryName")
    registry_id = self._get_param("registryId") or self.current_account
    if name not in self.ecr_backend.repositories:
        raise RepositoryNotFoundException(name, registry_id)
    return name


def initiate_layer_upload(self: ECRResponse) -> ActionResult:
    name = repository_of(self)
    upload_id = secrets.token_hex(16)
    store(self.ecr_backend)["uploads"][upload_id] = {"repository": name, "data": bytearray()}
    return ActionResult({"uploadId": upload_id, "partSize": 10485760})


def upload_of(self: ECRResponse, name: str) -> dict:
    upload = store(self.ecr_backend)["uploads"].get(self._get_param("uploadId"))
    if upload is None or upload["repository"] != name:
        raise UploadNotFoundException("The upload could not be found")
    return upload


def upload_layer_part(self: ECRResponse) -> ActionResult:
    name = repository_of(self)
    upload = upload_of(self, name)
    first, last = int(self._get_param("partFirstByte")), int(self._get_param("partLastByte"))
    part = base64.b64decode(self._get_param("layerPartBlob") or "")
    if first != len(upload["data"]) or last - first + 1 != len(part):
        raise InvalidLayerPartException(f"The part's bytes {first}-{last} do not follow the {len(upload['data'])} received")
    upload["data"] += part
    return ActionResult({"registryId": self.current_account, "repositoryName": name, "uploadId": self._get_param("uploadId"), "lastByteReceived": last})


def complete_layer_upload(self: ECRResponse) -> ActionResult:
    name = repository_of(self)
    upload = upload_of(self, name)
    if not upload["data"]:
        raise EmptyUploadException("The upload has no layer parts")
    digests = self._get_param("layerDigests") or []
    actual = "sha256:" + hashlib.sha256(upload["data"]).hexdigest()
    if digests != [actual]:
        raise InvalidLayerException(f"The layer digest {digests} is not that of the uploaded bytes ({actual})")
    layers = store(self.ecr_backend)
    del layers["uploads"][self._get_param("uploadId")]
    key = (name, actual)
    if key in layers["blobs"]:
        raise LayerAlreadyExistsException(f"The layer {actual} already exists in the repository {name}")
    layers["blobs"][key] = bytes(upload["data"])
    return ActionResult({"registryId": self.current_account, "repositoryName": name, "uploadId": self._get_param("uploadId"), "layerDigest": actual})


def batch_check_layer_availability(self: ECRResponse) -> ActionResult:
    name = repository_of(self)
    blobs = store(self.ecr_backend)["blobs"]
    layers, failures = [], []
    for digest in self._get_param("layerDigests") or []:
        if not digest.startswith("sha256:"):
            failures.append({"layerDigest": digest, "failureCode": "InvalidLayerDigest", "failureReason": "Invalid layer digest"})
        elif (name, digest) in blobs:
            layers.append({"layerDigest": digest, "layerAvailability": "AVAILABLE", "layerSize": len(blobs[(name, digest)])})
        else:
            failures.append({"layerDigest": digest, "failureCode": "MissingLayerDigest", "failureReason": "Requested image not found"})
    return ActionResult({"layers": layers, "failures": failures})


def get_download_url_for_layer(self: ECRResponse) -> ActionResult:
    name = repository_of(self)
    digest = self._get_param("layerDigest")
    blob = store(self.ecr_backend)["blobs"].get((name, digest))
    if blob is None:
        raise LayersNotFoundException(f"The layer {digest} could not be found in the repository {name}")
    token = secrets.token_urlsafe(24)
    DOWNLOADS[token] = blob
    host = self.headers.get("Host", "127.0.0.1")
    return ActionResult({"downloadUrl": f"http://{host}{PREFIX}{token}", "layerDigest": digest})


for action in (initiate_layer_upload, upload_layer_part, complete_layer_upload, batch_check_layer_availability, get_download_url_for_layer):
    setattr(ECRResponse, action.__name__, action)

original_call = DomainDispatcherApplication.__call__


def call(self, environ, start_response):
    path = environ.get("PATH_INFO", "")
    if not path.startswith(PREFIX) or environ.get("REQUEST_METHOD") != "GET":
        return original_call(self, environ, start_response)
    blob = DOWNLOADS.get(path[len(PREFIX):])
    if blob is None:
        start_response("403 Forbidden", [("Content-Type", "application/xml"), ("Content-Length", "0")])
        return [b""]
    start_response("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(len(blob)))])
    return [blob]


DomainDispatcherApplication.__call__ = call
