"""Where a service's tasks may go, kept by moto's CreateService as ECS keeps it. A test double.

moto 5.2's CreateService drops capacityProviderStrategy, placementConstraints and
placementStrategy, so DescribeServices never shows a service of a capacity provider or one pinned
to some instances. Here CreateService keeps the three on the service, and DescribeServices and
CreateService answer them, as the ECS API Reference gives them; a service created with a
capacity provider strategy has no launchType. A service created with neither a launch type nor a
strategy is left as moto makes it (no launchType), not given the cluster's default strategy.

A container with neither memory nor memoryReservation is valid where the task sets memory
(Fargate, and EC2 tasks with task-level memory: RegisterTaskDefinition in the ECS API Reference).
moto 5.2 adds the container's None to the task's requirements when it places the task, and
RunTask, CreateService or UpdateService then fail with a TypeError (an HTML 500). Here such a
container counts for nothing of its own, and the task reserves its task-level memory.

Applied with runpy before moto.server starts (moto-launch.py).
"""
from moto.ecs.models import EC2ContainerServiceBackend
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


MEMORY_KEYS = ("memory", "memoryReservation", "Memory", "MemoryReservation")
original_requirements = EC2ContainerServiceBackend._calculate_task_resource_requirements


class _WithContainerMemory:
    """The task definition as moto reads it for placement, every container given a memory figure."""

    def __init__(self, task_definition):
        self.container_definitions = [
            definition if any(definition.get(key) is not None for key in MEMORY_KEYS) else {**definition, "memory": 0}
            for definition in task_definition.container_definitions
        ]


def calculate_task_resource_requirements(task_definition):
    requirements = original_requirements(_WithContainerMemory(task_definition))
    task_memory = str(getattr(task_definition, "memory", None) or "")
    if task_memory.isdigit():
        requirements["MEMORY"] = max(requirements["MEMORY"], int(task_memory))
    return requirements


EC2ContainerServiceBackend._calculate_task_resource_requirements = staticmethod(calculate_task_resource_requirements)
