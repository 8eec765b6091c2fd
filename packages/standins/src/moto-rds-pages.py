"""RDS's describe calls page by page where moto 5.2 answers in one. A test double.

The RDS API Reference gives DescribeDBProxies and DescribeGlobalClusters a page of MaxRecords
(20 to 100, default 100) and a Marker for the next; moto returns every item at once and ignores
both, so a reader that stops after the first page would pass against it. Here each answer is cut
to its page, with the Marker (the next item's index) when more follow. The items and their order
are moto's.

Applied with runpy before moto.server starts (moto-launch.py).
"""
from moto.core.responses import ActionResult
from moto.rds.responses import RDSResponse

PAGED = {"describe_db_proxies": "DBProxies", "describe_global_clusters": "GlobalClusters"}


def paged(method, key):
    def answer(self: RDSResponse) -> ActionResult:
        whole = method(self).result
        items = list(whole.get(key) or [])
        size = max(20, min(100, int(self.params.get("MaxRecords") or 100)))
        start = int(self.params.get("Marker") or 0)
        more = start + size < len(items)
        return ActionResult({**whole, key: items[start:start + size], "Marker": str(start + size) if more else None})

    return answer


for name, key in PAGED.items():
    setattr(RDSResponse, name, paged(getattr(RDSResponse, name), key))
