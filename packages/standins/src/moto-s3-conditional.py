"""S3's conditional writes made atomic, as S3 makes them. A test double.

moto 5.2 checks If-Match / If-None-Match and then writes, two steps that two request threads can
interleave: two PutObject calls with If-None-Match: * racing for one key could both succeed
(the lock test "racing writers: exactly one wins" once saw two winners). S3 lets exactly one
through. Conditional PutObject and DeleteObject calls are serialised here; unconditional ones
keep moto's concurrency. Applied with runpy before moto.server starts (moto-launch.py, moto-aws.py).
"""
import threading

from moto.s3.responses import S3Response

_CONDITIONAL = threading.Lock()


def _atomic_when_conditional(method):
    def serialised(self, *args, **kwargs):
        if self.headers.get("If-Match") or self.headers.get("If-None-Match"):
            with _CONDITIONAL:
                return method(self, *args, **kwargs)
        return method(self, *args, **kwargs)

    return serialised


# Once, though a launcher run by moto-launch.py applies it again.
if not getattr(S3Response, "_tandem_conditional_atomic", False):
    S3Response.put_object = _atomic_when_conditional(S3Response.put_object)
    S3Response.delete_object = _atomic_when_conditional(S3Response.delete_object)
    S3Response._tandem_conditional_atomic = True
