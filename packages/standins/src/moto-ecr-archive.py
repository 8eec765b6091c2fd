"""ECR's archival storage class in moto, which moto 5.2 leaves out. A test double.

As the ECR User Guide ("Archiving an image", "Restoring an image") and API Reference give it:
- UpdateImageStorageClass moves an image (by tag or digest) to ARCHIVE, where its status is
  ARCHIVED and lastArchivedAt is set, or restores an archived one to STANDARD: its status is
  ACTIVATING until the restore ends (ECR takes up to 20 minutes; here
  MOTO_ECR_RESTORE_SECONDS, default 2), then ACTIVE with lastActivatedAt. A move to the class the
  image is already in is refused with ImageStorageClassUpdateNotSupportedException; a restore of
  an image already ACTIVATING answers its status again.
- DescribeImages and ListImages return ACTIVE images only unless their filter's imageStatus says
  ARCHIVED, ACTIVATING or ANY (and filter by tagStatus), and page as the API does: maxResults 1
  to 1000, 100 by default, with an opaque nextToken. DescribeImages by imageIds applies the same
  status filter: an id whose image is in another status is ImageNotFoundException. (The API
  Reference does not say whether the default filter applies to imageIds; this is the stricter
  reading, so a client that only works when archived images are returned by id fails here.)
- BatchGetImage, the manifest pull, answers ImageNotFound for an image that is not ACTIVE:
  "Archived images cannot be pulled. Requests to pull the archived image will fail with a 404."
- A PutImage of an archived image's manifest restores it at once, as a push does.

`current_status(image)` is what moto-rollouts.py asks before it starts a task of an ECR image.

Applied with runpy before moto.server starts (moto-launch.py).
"""
import base64
import os
from datetime import datetime, timedelta, timezone

from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult
from moto.ecr import models
from moto.ecr.exceptions import ImageNotFoundException, InvalidParameterException
from moto.ecr.responses import ECRResponse

RESTORE_SECONDS = float(os.environ.get("MOTO_ECR_RESTORE_SECONDS", "2"))
STATUSES = ("ACTIVE", "ARCHIVED", "ACTIVATING")


class ImageStorageClassUpdateNotSupportedException(ServiceException):
    code = "ImageStorageClassUpdateNotSupportedException"


def current_status(image) -> str:
    """The image's status now: a restore whose time has come ends here."""
    status = getattr(image, "image_status", "ACTIVE")
    if status == "ACTIVATING" and datetime.now(timezone.utc) >= image.tandem_active_at:
        image.image_status = status = "ACTIVE"
        image.last_activated_at = image.tandem_active_at
    return status


def wanted(image, status_filter: str, tag_filter: str) -> bool:
    if status_filter != "ANY" and current_status(image) != status_filter:
        return False
    if tag_filter == "TAGGED":
        return bool(image.image_tags)
    if tag_filter == "UNTAGGED":
        return not image.image_tags
    return True


def filters_of(self: ECRResponse) -> tuple:
    given = self._get_param("filter") or {}
    status = given.get("imageStatus") or "ACTIVE"
    if status not in (*STATUSES, "ANY"):
        raise InvalidParameterException(f"Invalid parameter at 'filter.imageStatus' failed to satisfy constraint: '{status}'")
    return status, given.get("tagStatus") or "ANY"


def page_of(self: ECRResponse, items: list) -> tuple:
    """One page of `items`: maxResults 1-1000 (100 by default) from the position nextToken names."""
    limit = self._get_param("maxResults")
    limit = 100 if limit is None else int(limit)
    if not 1 <= limit <= 1000:
        raise InvalidParameterException("Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and 1000'")
    token = self._get_param("nextToken")
    start = int(base64.urlsafe_b64decode(token.encode()).decode()) if token else 0
    end = start + limit
    following = base64.urlsafe_b64encode(str(end).encode()).decode() if end < len(items) else None
    return items[start:end], following


def repository_of(self: ECRResponse):
    return self.ecr_backend._get_repository(self._get_param("repositoryName"), self._get_param("registryId"))


def find(repository, image_id: dict):
    """The image an id names, whatever its status."""
    return repository._get_image(image_id.get("imageTag"), image_id.get("imageDigest"))


def detail(image) -> dict:
    shown = {
        "registryId": image.registry_id,
        "repositoryName": image.repository_name,
        "imageDigest": image.get_image_digest(),
        "imagePushedAt": image.image_pushed_at,
        "imageManifestMediaType": image.image_manifest_media_type,
        "imageStatus": current_status(image),
    }
    if image.image_tags:
        shown["imageTags"] = list(image.image_tags)
    if image.get_image_size_in_bytes() is not None:
        shown["imageSizeInBytes"] = image.get_image_size_in_bytes()
    for name, attribute in (("lastArchivedAt", "last_archived_at"), ("lastActivatedAt", "last_activated_at")):
        if getattr(image, attribute, None) is not None:
            shown[name] = getattr(image, attribute)
    return shown


def describe_images(self: ECRResponse) -> ActionResult:
    repository = repository_of(self)
    status, tags = filters_of(self)
    ids = self._get_param("imageIds")
    if ids:
        images = []
        for image_id in ids:
            image = find(repository, image_id)
            if status != "ANY" and current_status(image) != status:
                raise ImageNotFoundException(image_id=str(image_id), repository_name=repository.name, registry_id=repository.registry_id)
            if image not in images:
                images.append(image)
        return ActionResult({"imageDetails": [detail(image) for image in images]})
    page, following = page_of(self, [image for image in repository.images if wanted(image, status, tags)])
    return ActionResult({"imageDetails": [detail(image) for image in page], **({"nextToken": following} if following else {})})


def list_images(self: ECRResponse) -> ActionResult:
    repository = repository_of(self)
    status, tags = filters_of(self)
    ids = [
        {"imageDigest": image.get_image_digest(), **({"imageTag": tag} if tag else {})}
        for image in repository.images if wanted(image, status, tags)
        for tag in (image.image_tags or [None])
    ]
    page, following = page_of(self, ids)
    return ActionResult({"imageIds": page, **({"nextToken": following} if following else {})})


def update_image_storage_class(self: ECRResponse) -> ActionResult:
    repository = repository_of(self)
    image_id = self._get_param("imageId") or {}
    target = self._get_param("targetStorageClass")
    if target not in ("STANDARD", "ARCHIVE"):
        raise InvalidParameterException(f"Invalid parameter at 'targetStorageClass' failed to satisfy constraint: '{target}'")
    image = find(repository, image_id)
    status = current_status(image)
    now = datetime.now(timezone.utc)
    if target == "ARCHIVE":
        if status != "ACTIVE":
            raise ImageStorageClassUpdateNotSupportedException(f"The image is {status}: only an ACTIVE image can be archived")
        image.image_status = "ARCHIVED"
        image.last_archived_at = now
    elif status == "ACTIVE":
        raise ImageStorageClassUpdateNotSupportedException("The image is ACTIVE: only an archived image can be restored to STANDARD")
    elif status == "ARCHIVED":
        image.image_status = "ACTIVATING"
        image.tandem_active_at = now + timedelta(seconds=RESTORE_SECONDS)
    return ActionResult({
        "registryId": repository.registry_id,
        "repositoryName": repository.name,
        "imageId": {"imageDigest": image.get_image_digest(), **({"imageTag": image_id["imageTag"]} if image_id.get("imageTag") else {})},
        "imageStatus": current_status(image),
    })


original_batch_get_image = models.ECRBackend.batch_get_image


def batch_get_image(self, repository_name, registry_id=None, image_ids=None):
    answer = original_batch_get_image(self, repository_name, registry_id, image_ids)
    pulled = []
    for image in answer["images"]:
        if current_status(image) == "ACTIVE":
            pulled.append(image)
        else:
            answer["failures"].append({"imageId": {"imageDigest": image.get_image_digest()}, "failureCode": "ImageNotFound", "failureReason": "Requested image not found"})
    answer["images"] = pulled
    return answer


original_put_image = models.ECRBackend.put_image


def put_image(self, repository_name, image_manifest, image_tag, image_manifest_mediatype=None, digest=None):
    image = original_put_image(self, repository_name, image_manifest, image_tag, image_manifest_mediatype, digest)
    if current_status(image) != "ACTIVE":
        image.image_status = "ACTIVE"
        image.last_activated_at = datetime.now(timezone.utc)
    return image


for action in (describe_images, list_images, update_image_storage_class):
    setattr(ECRResponse, action.__name__, action)
models.ECRBackend.batch_get_image = batch_get_image
models.ECRBackend.put_image = put_image
models.tandem_image_status = current_status
