"""moto_server whose CloudFormation makes ECS task definitions and services as AWS does. A test double.

moto 5.2's `AWS::EC2::VPC` ignores EnableDnsHostnames and EnableDnsSupport, and a task started in
a VPC without DNS hostnames then fails inside moto (its network interface has no private DNS
name). Both properties are set as CloudFormation sets them.

moto 5.2's `AWS::ECS::TaskDefinition` reads only Family, ContainerDefinitions, Volumes and Memory:
a Fargate revision comes out as an EC2 one in bridge mode, with no cpu, no task role and no
execution role, so a deploy that renders the next revision from it renders the wrong one. This
patch registers it with every property RegisterTaskDefinition takes (NetworkMode,
RequiresCompatibilities, Cpu, TaskRoleArn, ExecutionRoleArn, RuntimePlatform, ...).

moto 5.2's `AWS::ECS::Service` reads only Cluster, TaskDefinition and DesiredCount: the service is
named after the template's logical id and has no launch type (so RunTask of its revision with the
service's placement fails inside moto), no network configuration, no load balancers and no
deployment configuration. AWS::ECS::Service in the CloudFormation reference creates the service
with each of those properties as CreateService takes them; this patch passes them through
(ServiceName, LaunchType, PlatformVersion, NetworkConfiguration, LoadBalancers,
DeploymentConfiguration, DeploymentController, HealthCheckGracePeriodSeconds, Tags), converted to
the API's field names. Loaded by moto-aws.py before moto-rollouts.py's wrapping of CreateService.

Also: RunTask fails inside moto (a 500) for a revision whose containers give neither `memory` nor
`memoryReservation`, which RegisterTaskDefinition accepts for Fargate when the task sets memory
(the CDK's Fargate task definitions are so). Such a container counts 0 MiB towards moto's
container-instance bookkeeping, which Fargate tasks do not use.
"""
import copy
import sys

import moto.server
from moto.ec2.models.vpcs import VPC
from moto.ecs.models import Cluster, EC2ContainerServiceBackend, Service, TaskDefinition, ecs_backends


def lower_first(name):
    return name[:1].lower() + name[1:]


def api_shape(value):
    """CloudFormation's PascalCase properties to the ECS API's camelCase fields, recursively."""
    if isinstance(value, dict):
        return {lower_first(key): api_shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [api_shape(item) for item in value]
    return value


def register_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json["Properties"]
    backend = ecs_backends[account_id][region_name]
    return backend.register_task_definition(
        family=properties.get("Family") or resource_name,
        container_definitions=api_shape(properties.get("ContainerDefinitions", [])),
        volumes=api_shape(properties.get("Volumes", [])),
        network_mode=properties.get("NetworkMode"),
        tags=api_shape(properties.get("Tags", [])),
        placement_constraints=api_shape(properties.get("PlacementConstraints", [])),
        requires_compatibilities=properties.get("RequiresCompatibilities"),
        cpu=properties.get("Cpu"),
        memory=properties.get("Memory"),
        task_role_arn=properties.get("TaskRoleArn"),
        execution_role_arn=properties.get("ExecutionRoleArn"),
        runtime_platform=api_shape(properties.get("RuntimePlatform")) or None,
        ephemeral_storage=api_shape(properties.get("EphemeralStorage")) or None,
    )


def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json["Properties"]
    cluster = properties["Cluster"].name if isinstance(properties["Cluster"], Cluster) else properties["Cluster"]
    definition = properties["TaskDefinition"]
    task_definition = definition.family if isinstance(definition, TaskDefinition) else definition
    backend = ecs_backends[account_id][region_name]
    service = backend.create_service(
        cluster,
        properties.get("ServiceName") or resource_name,
        int(properties.get("DesiredCount", 0) or 0),
        task_definition_str=task_definition,
        load_balancers=api_shape(properties.get("LoadBalancers", [])),
        deployment_controller=api_shape(properties.get("DeploymentController")) or None,
        launch_type=properties.get("LaunchType"),
        platform_version=properties.get("PlatformVersion"),
        network_configuration=api_shape(properties.get("NetworkConfiguration")) or None,
        tags=api_shape(properties.get("Tags", [])),
    )
    if "DeploymentConfiguration" in properties:
        service.deployment_configuration = api_shape(properties["DeploymentConfiguration"])
    if "HealthCheckGracePeriodSeconds" in properties:
        service.health_check_grace_period_seconds = int(properties["HealthCheckGracePeriodSeconds"])
    return service


original_requirements = EC2ContainerServiceBackend._calculate_task_resource_requirements


def resource_requirements(task_definition):
    """moto's sum over a copy in which a container without memory counts 0; the revision is untouched."""
    counted = copy.copy(task_definition)
    counted.container_definitions = [
        container if any(key in container for key in ("memory", "memoryReservation", "Memory", "MemoryReservation")) else {**container, "memoryReservation": 0}
        for container in task_definition.container_definitions
    ]
    return original_requirements(counted)


original_vpc = VPC.create_from_cloudformation_json.__func__


def vpc_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    vpc = original_vpc(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    properties = cloudformation_json["Properties"]
    for prop, attribute in (("EnableDnsHostnames", "enable_dns_hostnames"), ("EnableDnsSupport", "enable_dns_support")):
        if prop in properties:
            setattr(vpc, attribute, str(properties[prop]).lower() == "true")
    return vpc


VPC.create_from_cloudformation_json = classmethod(vpc_from_cloudformation_json)
TaskDefinition.create_from_cloudformation_json = classmethod(register_from_cloudformation_json)
Service.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)
EC2ContainerServiceBackend._calculate_task_resource_requirements = staticmethod(resource_requirements)

if __name__ == "__main__":
    moto.server.main(sys.argv[1:])
