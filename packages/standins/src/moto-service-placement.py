"""Where a service's tasks may go, kept by moto's CreateService as ECS keeps it. A test double.

moto 5.2's CreateService drops capacityProviderStrategy, placementConstraints and
placementStrategy, so DescribeServices never shows a service of a capacity provider or one pinned
to some instances. Here CreateService keeps the three on the service, and DescribeServices and
CreateService answer them, as the ECS API Reference gives them; a service created with a
capacity provider strategy has no launchType. A service created with neither a launch type nor a
strategy is left as moto makes it (no launchType), not given the cluster's default strategy.

Applied with runpy before moto.server starts (moto-launch.py).
"""
from moto.ecs.responses import EC2ContainerServiceResponse

KEPT = (("capacityProviderStrategy", "capacity_provider_strategy"), ("placementConstraints", "placement_constraints"), ("placementStrategy", "placement_strategy"))
original_create_service = EC2ContainerServiceResponse.create_service


def create_service(self: EC2ContainerServiceResponse):
    answer = original_create_service(self)
    cluster = self._get_param("cluster", "default").split("/")[-1]
    service = self.ecs_backend.services[f"{cluster}:{self._get_param('serviceName')}"]
    for param, attribute in KEPT:
        value = self._get_param(param)
        if value:
            setattr(service, attribute, value)
    if self._get_param("capacityProviderStrategy"):
        service.launch_type = None
        for deployment in service.deployments:
            deployment.pop("launchType", None)
            deployment["capacityProviderStrategy"] = service.capacity_provider_strategy
    return answer


EC2ContainerServiceResponse.create_service = create_service
