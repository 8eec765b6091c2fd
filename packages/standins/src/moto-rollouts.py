"""moto_server with the ECS rollout lifecycle that moto itself leaves out. A test double.

Run as `python3 moto-rollouts.py -H 127.0.0.1 -p PORT` (packages/standins/src/moto.ts: startMoto({script})).
moto's UpdateService only swaps a string; real ECS starts a deployment. This wraps moto's ECS
backend so that DescribeServices shows what the ECS API reference documents for a rolling update
(deployment type ECS), nothing more:

- UpdateService with a new task definition (or forceNewDeployment) adds a PRIMARY deployment with
  rolloutState IN_PROGRESS and turns the previous PRIMARY into ACTIVE. CreateService starts its
  first deployment the same way. (Deployment.status / rolloutState in the API reference.)
- The deployment's tasks are started with startedBy = the deployment id and group
  `service:NAME`, as ECS does for service tasks, and registered by IP in every target group of
  the service (awsvpc tasks are `ip` targets). Each task's address is one of its subnet's that no
  running task holds (moto draws a random 10.x.y.z, which two tasks could share).
- After MOTO_ROLLOUT_SECONDS (default 2) the PRIMARY deployment is COMPLETED, the older deployments'
  targets are deregistered, their tasks stopped ("Scaling activity initiated by (deployment
  ...)") and the deployments removed; the service events say so, newest first.
- When the deployment's image matches MOTO_ROLLOUT_FAIL_IMAGE (a regex, default `broken`), or
  names an image of this server's ECR that is not ACTIVE (archived or still being restored, which
  ECR does not serve: moto-ecr-archive.py), its tasks stop with CannotPullContainerError (stopCode TaskFailedToStart) and are counted in
  failedTasks. With deploymentCircuitBreaker.enable, after the same time, the breaker marks the
  deployment FAILED; with .rollback too, ECS starts a new PRIMARY deployment of the last
  COMPLETED task definition (the failed one turns ACTIVE), which then completes as above.
  Without the breaker the deployment stays IN_PROGRESS and ECS starts replacements that fail
  too, each period, adding to failedTasks.
- When `FAMILY IMAGE` of the deployment's task definition (its family, a space, each container's
  image) matches MOTO_ROLLOUT_EXIT (a regex, default `crash`): a worker whose command fails with
  the new image while web serves it well. Its tasks start and run, and at the rollout's due time their essential container exits 1: each task
  stops with stopCode EssentialContainerExited and stoppedReason "Essential container in task
  exited", is counted in failedTasks, and the deployment goes on as a failing one above. What
  each container printed before it exited (CRASH_LINES, a Python traceback) is in its awslogs
  stream, PREFIX/CONTAINER/TASK-ID, as the awslogs driver writes it; the log group is made when
  missing (as awslogs-create-group does).
- Container health checks: an essential container with a `healthCheck` reports healthStatus
  UNKNOWN when its task starts, and HEALTHY after MOTO_ROLLOUT_HEALTHY_SECONDS (default half the
  rollout); the task's healthStatus is its essential containers' (HEALTHY only when all are). When
  the image matches MOTO_ROLLOUT_UNHEALTHY_IMAGE (default `unhealthy`) the containers report
  UNHEALTHY instead, and at the due time ECS stops the tasks ("Task failed container health
  checks") and the deployment fails as above. A task whose containers have no health check reports
  UNKNOWN, as ECS does. A deployment with health checks completes only once its tasks are HEALTHY.
- When the deployment's image matches MOTO_ROLLOUT_SLOW_IMAGE (a regex, unset by default), its
  rollout takes MOTO_ROLLOUT_SLOW_SECONDS (default 600) instead: a rollout still IN_PROGRESS when a
  test cancels or races a deploy, while the service's first deployment settles quickly.

- Paging, as the ECS API reference documents it and moto does not (moto answers in one page):
  ListTasks returns at most 100 task ARNs a page (maxResults 1-100, default 100) with an opaque
  nextToken while more remain; ListTaskDefinitions the same, ordered by family and revision
  (`sort` ASC by default, DESC reversed); ListServices 10 a page by default (maxResults up to 100).
  DescribeTasks refuses more than 100 tasks with InvalidParameterException
  "taskIds can have at most 100 items." A maxResults outside 1-100 is refused the same way.

Only public API fields are set on the models; the timing of each rollout is kept in ROLLOUTS,
outside anything moto serializes.
"""
import os
import re
import sys
import threading
from datetime import timedelta

import base64
import ipaddress

import moto.server
from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.ec2 import ec2_backends
from moto.ec2.utils import generate_dns_from_ip
from moto.ecr import models as ecr_models
from moto.ecr.models import ecr_backends
from moto.ecs.exceptions import InvalidParameterException
from moto.ecs.models import EC2ContainerServiceBackend, Task
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.elbv2.models import elbv2_backends
from moto.logs.models import logs_backends
from moto.moto_api._internal import mock_random

ROLLOUT_SECONDS = float(os.environ.get("MOTO_ROLLOUT_SECONDS", "2"))
FAILING_IMAGE = re.compile(os.environ.get("MOTO_ROLLOUT_FAIL_IMAGE", "broken"))
SLOW_IMAGE = re.compile(os.environ["MOTO_ROLLOUT_SLOW_IMAGE"]) if os.environ.get("MOTO_ROLLOUT_SLOW_IMAGE") else None
SLOW_SECONDS = float(os.environ.get("MOTO_ROLLOUT_SLOW_SECONDS", "600"))
EXIT_MATCH = re.compile(os.environ.get("MOTO_ROLLOUT_EXIT", "crash"))
UNHEALTHY_IMAGE = re.compile(os.environ.get("MOTO_ROLLOUT_UNHEALTHY_IMAGE", "unhealthy"))
HEALTHY_SECONDS = float(os.environ.get("MOTO_ROLLOUT_HEALTHY_SECONDS", str(ROLLOUT_SECONDS / 2)))

LOCK = threading.RLock()
# deployment id -> {"started": datetime, "tasks": [task arns]}: private, never serialized.
ROLLOUTS = {}
# Service tasks run until ECS stops them; moto's own task state machine is for RunTask tasks.
SERVICE_TASKS = set()

original_advance = Task.advance
original_create_service = EC2ContainerServiceBackend.create_service
original_update_service = EC2ContainerServiceBackend.update_service
original_describe_services = EC2ContainerServiceBackend.describe_services


def advance(task):
    if task.task_arn not in SERVICE_TASKS:
        original_advance(task)


def event(service, message, at):
    # Service.events: newest first, each with id, createdAt and message.
    service.events.insert(0, {"id": str(mock_random.uuid4()), "createdAt": at, "message": f"(service {service.name}) {message}"})


def task_ip(task):
    for attachment in task.attachments:
        for detail in attachment["details"]:
            if detail["name"] == "privateIPv4Address":
                return detail["value"]
    return None


def give_addresses(backend, tasks):
    """Gives each new awsvpc task an address of its subnet that no running task holds, as ECS does.

    moto draws a random 10.x.y.z for each task's network interface, whatever the subnet, so two
    tasks could share one address: one target for two tasks, and a second deregistration of it
    that fails (InvalidTarget). A stopped task's address is free again, as its interface is gone.
    """
    new = {task.task_arn for task in tasks}
    held = {task_ip(task) for cluster in backend.tasks.values() for task in cluster.values()
            if task.task_arn not in new and task.last_status != "STOPPED"}
    ec2 = ec2_backends[backend.account_id][backend.region_name]
    for task in tasks:
        for attachment in task.attachments:
            details = {d["name"]: d for d in attachment["details"]}
            if "privateIPv4Address" not in details:
                continue
            # The first four addresses of a subnet and its last are AWS's own.
            network = ipaddress.IPv4Network(ec2.get_subnet(details["subnetId"]["value"]).cidr_block)
            first, size = int(network.network_address) + 4, network.num_addresses - 5
            start = mock_random.randint(0, size - 1)
            candidates = (str(ipaddress.IPv4Address(first + (start + n) % size)) for n in range(size))
            address = next((candidate for candidate in candidates if candidate not in held), None)
            if address is None:
                raise InvalidParameterException(f"subnet {network} has no free address for task {task.task_arn}")
            held.add(address)
            eni = ec2.get_network_interface(details["networkInterfaceId"]["value"])
            eni.private_ip_address = address
            eni.private_dns_name = generate_dns_from_ip(address)
            details["privateIPv4Address"]["value"] = address
            details["privateDnsName"]["value"] = eni.private_dns_name


def targets_of(service, tasks, register):
    """Registers (or deregisters) each task's IP in every target group of the service."""
    elbv2 = elbv2_backends[service._account_id][service.region_name]
    for balancer in service.load_balancers:
        arn = balancer.get("targetGroupArn")
        targets = [{"Id": task_ip(t), "Port": balancer.get("containerPort")} for t in tasks if task_ip(t)]
        if not arn or not targets:
            continue
        if register:
            elbv2.register_targets(arn, targets)
        else:
            group = elbv2.target_groups[arn]
            elbv2.deregister_targets(arn, [t for t in targets if t["Id"] in group.targets])


ECR_IMAGE = re.compile(r"^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/([^@:]+)(?::([^@]+))?(?:@(sha256:[0-9a-f]{64}))?$")


def pullable(image):
    """False for an image of this server's ECR that ECR does not serve now (not ACTIVE)."""
    match = ECR_IMAGE.match(image)
    if not match:
        return True
    account, region, name, tag, digest = match.groups()
    repository = ecr_backends[account][region].repositories.get(name)
    held = repository and next((i for i in repository.images if (digest and i.get_image_digest() == digest) or (not digest and (tag or "latest") in i.image_tags)), None)
    return held is None or ecr_models.tandem_image_status(held) == "ACTIVE"


def start_deployment(backend, service, task_definition_arn):
    now = utcnow()
    for deployment in service.deployments:
        if deployment["status"] == "PRIMARY":
            deployment["status"] = "ACTIVE"
            deployment["updatedAt"] = now
    deployment_id = f"ecs-svc/{mock_random.randint(10**18, 10**19 - 1)}"
    definition = backend.describe_task_definition(task_definition_arn)
    failing = any(FAILING_IMAGE.search(c.get("image") or "") or not pullable(c.get("image") or "") for c in definition.container_definitions)
    slow = SLOW_IMAGE is not None and any(SLOW_IMAGE.search(c.get("image") or "") for c in definition.container_definitions)
    images = [c.get("image") or "" for c in definition.container_definitions]
    crashing = not failing and any(EXIT_MATCH.search(f"{definition.family} {image}") for image in images)
    unhealthy = not failing and any(UNHEALTHY_IMAGE.search(image) for image in images)
    checked = any(c.get("healthCheck") and c.get("essential", True) for c in definition.container_definitions)
    tasks = backend.run_task(
        service.cluster_name, definition.arn, service.desired_count, None, deployment_id, None,
        "FARGATE", service.network_configuration or None, f"service:{service.name}", service.platform_version,
    ) if service.desired_count else []
    give_addresses(backend, tasks)
    for task in tasks:
        SERVICE_TASKS.add(task.task_arn)
        set_health(task, "UNKNOWN")
        if failing:
            task.last_status = "STOPPED"
            task.desired_status = "STOPPED"
            task.stop_code = "TaskFailedToStart"
            task.stopped_reason = (
                f"CannotPullContainerError: pull image manifest has been retried 1 time(s): "
                f"failed to resolve ref {definition.container_definitions[0].get('image')}: not found"
            )
    if not failing:
        targets_of(service, tasks, register=True)
    running = 0 if failing else len(tasks)
    service.deployments.insert(0, {
        "id": deployment_id, "status": "PRIMARY", "taskDefinition": definition.arn,
        "desiredCount": service.desired_count, "pendingCount": 0, "runningCount": running,
        "failedTasks": len(tasks) if failing else 0, "createdAt": now, "updatedAt": now,
        "launchType": service.launch_type, "platformFamily": "FARGATE" if service.launch_type == "FARGATE" else "EC2",
        "networkConfiguration": service.network_configuration or None,
        "rolloutState": "IN_PROGRESS", "rolloutStateReason": f"ECS deployment {deployment_id} in progress.",
    })
    service.task_definition = definition.arn
    if tasks:
        event(service, "has started {} tasks: {}.".format(len(tasks), " ".join(f"(task {t.id})" for t in tasks)), now)
    ROLLOUTS[deployment_id] = {
        "started": now, "tasks": tasks, "failing": failing, "seconds": SLOW_SECONDS if slow else ROLLOUT_SECONDS,
        "crashing": crashing, "unhealthy": unhealthy and checked, "checked": checked, "service": service,
    }


def set_health(task, status):
    # Task.healthStatus and each container's (ECS API reference): UNKNOWN without a health check.
    task.health_status = status
    for container in task.containers:
        container.health_status = status


def advance_health():
    """Containers with a health check report HEALTHY (or UNHEALTHY) once their checks have run."""
    now = utcnow()
    for rollout in ROLLOUTS.values():
        if not rollout.get("checked") or rollout["failing"] or now < rollout["started"] + timedelta(seconds=min(HEALTHY_SECONDS, rollout["seconds"])):
            continue
        for task in rollout["tasks"]:
            if task.desired_status == "RUNNING" and task.health_status == "UNKNOWN":
                set_health(task, "UNHEALTHY" if rollout["unhealthy"] else "HEALTHY")


CRASH_LINES = [
    "Traceback (most recent call last):",
    '  File "/app/manage.py", line 22, in <module>',
    "RuntimeError: the new image exits at start (the stand-in's MOTO_ROLLOUT_EXIT matched it)",
]


def write_crash_log(backend, task):
    """What a crashing task's containers printed, where their awslogs driver puts it."""
    logs = logs_backends[backend.account_id][backend.region_name]
    definition = backend.describe_task_definition(task.task_definition_arn)
    for container in definition.container_definitions:
        configuration = container.get("logConfiguration") or {}
        options = configuration.get("options") or {}
        group, prefix = options.get("awslogs-group"), options.get("awslogs-stream-prefix")
        if configuration.get("logDriver") != "awslogs" or not group or not prefix:
            continue
        stream = f"{prefix}/{container['name']}/{task.task_arn.split('/')[-1]}"
        if group not in logs.groups:
            logs.create_log_group(group, {})
        if stream not in logs.groups[group].streams:
            logs.create_log_stream(group, stream)
        at = int(utcnow().timestamp() * 1000)
        logs.put_log_events(group, stream, [{"timestamp": at + i, "message": line} for i, line in enumerate(CRASH_LINES)])


def fail_running_tasks(backend, service, deployment, rollout):
    """The tasks' essential container exited, or failed its health checks: ECS stops each task."""
    running = [t for t in rollout["tasks"] if t.desired_status == "RUNNING"]
    targets_of(service, running, register=False)
    for task in running:
        task.last_status = task.desired_status = "STOPPED"
        if rollout["crashing"]:
            task.stop_code = "EssentialContainerExited"
            task.stopped_reason = "Essential container in task exited"
            for container in task.containers:
                container.exitCode = 1
                container.last_status = "STOPPED"
            write_crash_log(backend, task)
        else:
            task.stop_code = "TaskFailedToStart"
            task.stopped_reason = "Task failed container health checks"
    deployment["failedTasks"] += len(running)
    deployment["runningCount"] = 0
    rollout["failing"] = True


def finish_deployment(backend, service, deployment, rollout):
    at = rollout["started"] + timedelta(seconds=rollout["seconds"])
    deployment["updatedAt"] = at
    if rollout["failing"]:
        deployment["rolloutState"] = "FAILED"
        deployment["rolloutStateReason"] = "ECS deployment circuit breaker: tasks failed to start."
        event(service, f"deployment {deployment['id']} deployment failed: tasks failed to start.", at)
        breaker = service.deployment_configuration.get("deploymentCircuitBreaker") or {}
        completed = [d for d in service.deployments if d is not deployment and d.get("rolloutState") == "COMPLETED"]
        if breaker.get("rollback") and completed:
            # Rollback: a new PRIMARY deployment of the last completed task definition; the failed
            # one turns ACTIVE and goes when the rollback completes.
            start_deployment(backend, service, completed[0]["taskDefinition"])
            event(service, f"rolling back to deployment {service.deployments[0]['id']}.", at)
        return
    deployment["rolloutState"] = "COMPLETED"
    deployment["rolloutStateReason"] = f"ECS deployment {deployment['id']} completed."
    deployment["runningCount"] = service.desired_count
    service.running_count = service.desired_count
    service.pending_count = 0
    for old in [d for d in service.deployments if d is not deployment]:
        old_tasks = ROLLOUTS.get(old["id"], {}).get("tasks", [])
        targets_of(service, [t for t in old_tasks if t.desired_status == "RUNNING"], register=False)
        for task in old_tasks:
            if task.desired_status == "RUNNING":
                backend.stop_task(service.cluster_name, task.task_arn, f"Scaling activity initiated by (deployment {deployment['id']})")
        if old_tasks:
            event(service, "has stopped {} running tasks: {}.".format(len(old_tasks), " ".join(f"(task {t.id})" for t in old_tasks)), at)
        service.deployments.remove(old)
    event(service, f"deployment {deployment['id']} completed.", at)
    event(service, "has reached a steady state.", at)


def breaker_on(service):
    breaker = (getattr(service, "deployment_configuration", None) or {}).get("deploymentCircuitBreaker") or {}
    return bool(breaker.get("enable"))


def relaunch_failing(backend, service, deployment, rollout):
    """Without the circuit breaker ECS keeps replacing tasks that fail: failedTasks keeps growing."""
    replacements = backend.run_task(
        service.cluster_name, deployment["taskDefinition"], service.desired_count, None, deployment["id"], None,
        "FARGATE", service.network_configuration or None, f"service:{service.name}", service.platform_version,
    )
    give_addresses(backend, replacements)
    for task in replacements:
        SERVICE_TASKS.add(task.task_arn)
        task.last_status = task.desired_status = "STOPPED"
        task.stop_code = rollout["tasks"][0].stop_code if rollout["tasks"] else "TaskFailedToStart"
        task.stopped_reason = rollout["tasks"][0].stopped_reason if rollout["tasks"] else "CannotPullContainerError"
        set_health(task, "UNKNOWN")
        for container in task.containers:
            container.exitCode = 1 if rollout["crashing"] else 0
        if rollout["crashing"]:
            write_crash_log(backend, task)
    deployment["failedTasks"] += len(replacements)
    rollout["started"] = utcnow()


def advance_service(backend, service):
    # Only the PRIMARY deployment rolls forward; an ACTIVE one that was superseded just drains.
    for deployment in [d for d in service.deployments if d["status"] == "PRIMARY"]:
        rollout = ROLLOUTS.get(deployment["id"])
        due = rollout and utcnow() >= rollout["started"] + timedelta(seconds=rollout["seconds"])
        if not due or deployment["rolloutState"] != "IN_PROGRESS":
            continue
        if rollout["crashing"] or rollout["unhealthy"]:
            if not rollout["failing"]:
                fail_running_tasks(backend, service, deployment, rollout)
        elif rollout["checked"]:
            for task in rollout["tasks"]:
                if task.desired_status == "RUNNING":
                    set_health(task, "HEALTHY")
        if rollout["failing"] and not breaker_on(service):
            relaunch_failing(backend, service, deployment, rollout)
        else:
            finish_deployment(backend, service, deployment, rollout)


def create_service(self, *args, **kwargs):
    with LOCK:
        service = original_create_service(self, *args, **kwargs)
        service.deployments = []
        if service.task_definition and service.deployment_controller.get("type", "ECS") == "ECS":
            start_deployment(self, service, service.task_definition)
        return service


def update_service(self, properties):
    with LOCK:
        cluster = properties.get("cluster", "default")
        name = properties["service"].split("/")[-1]
        requested = properties.get("task_definition")
        force = properties.get("force_new_deployment", False)
        service = original_update_service(self, properties)
        if requested:
            service.task_definition = self.describe_task_definition(requested).arn
        primary = next((d for d in service.deployments if d["status"] == "PRIMARY"), None)
        if force or (requested and (primary is None or primary["taskDefinition"] != service.task_definition)):
            start_deployment(self, self._get_service(cluster, name), service.task_definition)
        return service


def describe_services(self, cluster, names):
    with LOCK:
        services, failures = original_describe_services(self, cluster, names)
        advance_health()
        for service in services:
            advance_service(self, service)
        return services, failures


def paged(operation, key, default_size, order=None):
    """Wraps one list operation of moto's ECS responses so that it answers page by page."""
    original = getattr(EC2ContainerServiceResponse, operation)

    def answer(self):
        size = self._get_param("maxResults")
        if size is not None and not 1 <= int(size) <= 100:
            raise InvalidParameterException(f"maxResults must be between 1 and 100, got {size}.")
        size = int(size or default_size)
        items = original(self).result[key]
        if order:
            items = order(self, items)
        token = self._get_param("nextToken")
        start = int(base64.b64decode(token).decode().split(":")[1]) if token else 0
        page = {key: items[start:start + size]}
        if start + size < len(items):
            # Opaque to callers, as AWS's tokens are.
            page["nextToken"] = base64.b64encode(f"{operation}:{start + size}".encode()).decode()
        return ActionResult(page)

    setattr(EC2ContainerServiceResponse, operation, answer)


def by_family_and_revision(self, arns):
    key = lambda arn: (arn.split("/")[-1].rsplit(":", 1)[0], int(arn.rsplit(":", 1)[1]))
    return sorted(arns, key=key, reverse=self._get_param("sort", "ASC") == "DESC")


original_describe_tasks = EC2ContainerServiceResponse.describe_tasks


def describe_tasks(self):
    if len(self._get_param("tasks", [])) > 100:
        raise InvalidParameterException("taskIds can have at most 100 items.")
    with LOCK:
        advance_health()
        return original_describe_tasks(self)


paged("list_tasks", "taskArns", 100)
paged("list_task_definitions", "taskDefinitionArns", 100, by_family_and_revision)
paged("list_services", "serviceArns", 10)
EC2ContainerServiceResponse.describe_tasks = describe_tasks
Task.advance = advance
EC2ContainerServiceBackend.create_service = create_service
EC2ContainerServiceBackend.update_service = update_service
EC2ContainerServiceBackend.describe_services = describe_services

if __name__ == "__main__":
    moto.server.main(sys.argv[1:])
