"""An RDS Proxy's additional endpoints in moto, which moto 5.2 leaves out. A test double.

A proxy has its default endpoint (DescribeDBProxies' Endpoint) and may have more, made with
CreateDBProxyEndpoint: READ_WRITE ones (another VPC's way in) and READ_ONLY ones, which send
connections to the readers and refuse writes. DescribeDBProxyEndpoints lists them with the
default ones (IsDefault), page by page (MaxRecords 20 to 100, Marker), as the RDS API Reference
gives it; DBProxyNotFoundFault for a proxy that does not exist, DBProxyEndpointAlreadyExistsFault
for a name taken. The endpoints live in the region's RDS backend, so a reset drops them.

Applied with runpy before moto.server starts (moto-launch.py).
"""
import random
import string

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.rds.exceptions import DBProxyNotFoundFault, RDSClientError
from moto.rds.responses import RDSResponse


def endpoints_of(backend) -> dict:
    if not hasattr(backend, "tandem_proxy_endpoints"):
        backend.tandem_proxy_endpoints = {}
    return backend.tandem_proxy_endpoints


def default_endpoint(proxy) -> dict:
    return {
        "DBProxyEndpointName": "default",
        "DBProxyEndpointArn": f"arn:aws:rds:{proxy.region}:{proxy.account_id}:db-proxy:{proxy.unique_id}",
        "DBProxyName": proxy.db_proxy_name,
        "Status": "available",
        "VpcId": proxy.vpc_id,
        "VpcSecurityGroupIds": proxy.vpc_security_group_ids,
        "VpcSubnetIds": proxy.vpc_subnet_ids,
        "Endpoint": proxy.endpoint,
        "CreatedDate": proxy.created_date,
        "TargetRole": "READ_WRITE",
        "IsDefault": True,
    }


def create_db_proxy_endpoint(self: RDSResponse) -> ActionResult:
    params = self.params
    proxy = self.backend.db_proxies.get(params["DBProxyName"])
    if proxy is None:
        raise DBProxyNotFoundFault(params["DBProxyName"])
    name = params["DBProxyEndpointName"]
    endpoints = endpoints_of(self.backend)
    if name in endpoints:
        raise RDSClientError("DBProxyEndpointAlreadyExistsFault", f"The specified DB proxy endpoint name {name} must be unique for all DB proxy endpoints owned by your AWS account in the specified AWS Region.")
    suffix = "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(12))
    endpoint = {
        "DBProxyEndpointName": name,
        "DBProxyEndpointArn": f"arn:aws:rds:{proxy.region}:{proxy.account_id}:db-proxy-endpoint:prx-endpoint-{suffix}",
        "DBProxyName": proxy.db_proxy_name,
        "Status": "available",
        "VpcId": proxy.vpc_id,
        "VpcSecurityGroupIds": params.get("VpcSecurityGroupIds") or proxy.vpc_security_group_ids,
        "VpcSubnetIds": params["VpcSubnetIds"],
        "Endpoint": f"{name}.endpoint.proxy-{proxy.url_identifier}.{proxy.region}.rds.amazonaws.com",
        "CreatedDate": utcnow(),
        "TargetRole": params.get("TargetRole") or "READ_WRITE",
        "IsDefault": False,
    }
    endpoints[name] = endpoint
    return ActionResult({"DBProxyEndpoint": endpoint})


def describe_db_proxy_endpoints(self: RDSResponse) -> ActionResult:
    params = self.params
    proxy_name = params.get("DBProxyName")
    if proxy_name and proxy_name not in self.backend.db_proxies:
        raise DBProxyNotFoundFault(proxy_name)
    listed = []
    for proxy in self.backend.db_proxies.values():
        if proxy_name and proxy.db_proxy_name != proxy_name:
            continue
        listed.append(default_endpoint(proxy))
        listed.extend(endpoint for endpoint in endpoints_of(self.backend).values() if endpoint["DBProxyName"] == proxy.db_proxy_name)
    name = params.get("DBProxyEndpointName")
    if name:
        listed = [endpoint for endpoint in listed if endpoint["DBProxyEndpointName"] == name]
    size = max(20, min(100, int(params.get("MaxRecords") or 100)))
    start = int(params.get("Marker") or 0)
    page = listed[start:start + size]
    more = start + size < len(listed)
    return ActionResult({"DBProxyEndpoints": page, **({"Marker": str(start + size)} if more else {})})


RDSResponse.create_db_proxy_endpoint = create_db_proxy_endpoint
RDSResponse.describe_db_proxy_endpoints = describe_db_proxy_endpoints
