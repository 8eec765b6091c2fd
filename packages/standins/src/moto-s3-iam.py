"""moto_server whose S3 authorisation follows AWS where moto 5.2 differs. A test double.

Run as `python3 moto-s3-iam.py -H 127.0.0.1 -p PORT` (packages/standins/src/moto.ts: startMoto({script})).
With IAM enforcement on, moto checks S3 calls against these IAM actions, which the AWS Service
Authorization Reference for Amazon S3 names differently:

- HeadBucket: moto asks for s3:HeadBucket, which is no IAM action; AWS requires s3:ListBucket.
- GetPublicAccessBlock (`GET /bucket?publicAccessBlock`): moto looks for the query key
  `public_access_block`, misses it and asks for s3:ListBucket; AWS requires
  s3:GetBucketPublicAccessBlock.
- The signature check: moto recomputes the SigV4 signature from the query as the web server
  decoded it, so any query value holding `/` (a ListObjectVersions prefix such as
  `verify-shared-storage-probe/...`) fails with SignatureDoesNotMatch. SigV4 signs the query with
  every character but A-Z a-z 0-9 - _ . ~ percent-encoded; the query is re-encoded so here.

- DeleteObjects (`POST /bucket?delete`): moto checks s3:DeleteObject against the bucket's ARN and,
  refused there, refuses every key; AWS checks s3:DeleteObject against each object's ARN, so a
  policy granting it on `bucket/*` deletes the keys. Each key is checked on its own here, and the
  refused ones are reported as AccessDenied errors in the answer, as AWS does.

Nothing else changes: the policies, the evaluation and every response are moto's.
"""
import sys
from urllib.parse import quote, unquote

import moto.server
from moto.iam.access_control import S3IAMRequest
from moto.s3 import responses
from moto.s3.exceptions import BucketAccessDeniedError, S3AccessDeniedError
from xml.sax.saxutils import escape
import xmltodict

responses.ACTION_MAP["BUCKET"]["HEAD"]["DEFAULT"] = "ListBucket"
responses.ACTION_MAP["BUCKET"]["GET"]["publicAccessBlock"] = "GetBucketPublicAccessBlock"

original_create_aws_request = S3IAMRequest._create_aws_request


def encoded(text: str) -> str:
    return quote(unquote(text), safe="-_.~")


def create_aws_request(self):
    path, separator, query = self._path.partition("?")
    if separator:
        pairs = [pair.partition("=") for pair in query.split("&") if pair]
        self._path = f"{path}?" + "&".join(f"{encoded(key)}={encoded(value)}" for key, _, value in pairs)
    return original_create_aws_request(self)


S3IAMRequest._create_aws_request = create_aws_request

original_delete_keys = responses.S3Response._bucket_response_delete_keys


def delete_keys(self, bucket_name, authenticated=True):
    if authenticated:
        return original_delete_keys(self, bucket_name, authenticated)
    parsed = xmltodict.parse(self.body, strip_whitespace=False)
    objects = parsed["Delete"].get("Object", [])
    if not isinstance(objects, list):
        objects = [objects]
    allowed, denied = [], []
    for obj in objects:
        try:
            self._authenticate_and_authorize_s3_action(bucket_name=bucket_name, key_name=obj["Key"])
            allowed.append(obj)
        except (BucketAccessDeniedError, S3AccessDeniedError):
            denied.append(obj["Key"])
    if not allowed:
        return original_delete_keys(self, bucket_name, authenticated=False)
    parsed["Delete"]["Object"] = allowed
    self.body = xmltodict.unparse(parsed).encode("utf-8")
    status, headers, body = original_delete_keys(self, bucket_name, authenticated=True)
    errors = "".join(f"<Error><Key>{escape(key)}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>" for key in denied)
    return status, headers, body.replace("</DeleteResult>", errors + "</DeleteResult>")


responses.S3Response._bucket_response_delete_keys = delete_keys

if __name__ == "__main__":
    moto.server.main(sys.argv[1:])
