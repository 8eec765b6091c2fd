"""ECS container instances in moto as the Amazon ECS API Reference gives them. A test double.

moto 5.2 registers a container instance with four attributes of its own (ecs.ami-id,
ecs.availability-zone, ecs.instance-type, ecs.os-type) and drops the ones the agent sends; it
lists every instance of a cluster at once, ignoring status, filter, maxResults and nextToken
(and answers an empty list for a cluster that does not exist); DescribeContainerInstances takes
any number of ids and fails outright on a cluster no instance has joined yet; and
UpdateContainerInstancesState and DeregisterContainerInstance give each attribute as `{}`.

Here RegisterContainerInstance keeps the request's attributes over moto's, adds
ecs.cpu-architecture as the agent reads it from the machine when the request has none, and sets
capacityProviderName when the EC2 instance belongs (tag aws:autoscaling:groupName) to the Auto
Scaling group of a capacity provider. ListContainerInstances filters by status and by a cluster
query language expression, and pages (maxResults 1 to 100, default 100; nextToken); a task:group
expression is refused, as this double keeps no task groups. DescribeContainerInstances takes at
most 100 ids. Every answer that carries an instance gives its attributes as {name, value}.
Refusals are InvalidParameterException, ClusterNotFoundException for a cluster that does not
exist.

Applied with runpy before moto.server starts (moto-launch.py).
"""
import base64
import datetime
import re

from moto.core.responses import ActionResult
from moto.ec2.models import ec2_backends
from moto.ecs.exceptions import InvalidParameterException
from moto.ecs.responses import EC2ContainerServiceResponse, format_attributes

ASG_TAG = "aws:autoscaling:groupName"
STATUSES = ("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED")
# Graviton: a1, or a family whose generation digit is followed by g (t4g, m6gd, c7gn, im4gn, g5g).
GRAVITON = re.compile(r"a1$|[a-z]+\d+g")


def cpu_architecture(instance_type: str) -> str:
    return "arm64" if GRAVITON.match(instance_type.split(".")[0]) else "x86_64"


def capacity_provider_of(backend, ec2_instance_id: str) -> str | None:
    group = ec2_backends[backend.account_id][backend.region_name].tags.get(ec2_instance_id, {}).get(ASG_TAG)
    if not group:
        return None
    for provider in backend.capacity_providers.values():
        arn = (provider.auto_scaling_group_provider or {}).get("autoScalingGroupArn") or ""
        if arn == group or arn.endswith(f"autoScalingGroupName/{group}"):
            return provider.name
    return None


def register_container_instance(self: EC2ContainerServiceResponse) -> ActionResult:
    # moto raises a bare Exception (a 500) for a cluster that does not exist.
    self.ecs_backend._get_cluster(self._get_param("cluster", "default"))
    instance = original_register(self).result["containerInstance"]
    for attribute in self._get_param("attributes") or []:
        instance.attributes[attribute["name"]] = attribute.get("value")
    instance.attributes.setdefault("ecs.cpu-architecture", cpu_architecture(instance.attributes["ecs.instance-type"]))
    instance.capacity_provider_name = capacity_provider_of(self.ecs_backend, instance.ec2_instance_id)
    return ActionResult({"containerInstance": instance})


# The cluster query language (developerguide/cluster-query-language.html): `subject operator
# [argument]`, joined by and/&&, or/||, not/! and parentheses.
TOKEN = re.compile(r"""\s*(?:("[^"]*"|'[^']*')|(==|!=|>=|<=|=~|!~|&&|\|\||[()\[\],<>!])|([^\s()\[\],'"!=<>~&|]+))""")
OPERATORS = {
    "equals": "==", "not_equals": "!=", "greater_than": ">", "greater_than_equal": ">=", "less_than": "<",
    "less_than_equal": "<=", "matches": "=~", "not_matches": "!~", "not_in": "!in", "not_exists": "!exists",
}
EQUALITY = {"==", "!=", "in", "!in"}
ORDER = {"==", "!=", ">", ">=", "<", "<="}
MATCHING = EQUALITY | {"=~", "!~"}
SUBJECTS = {"agentconnected": MATCHING, "agentversion": ORDER, "ec2instanceid": MATCHING, "registeredat": ORDER, "runningtaskscount": ORDER}


def refuse(filter_text: str, why: str) -> InvalidParameterException:
    return InvalidParameterException(f"Invalid filter expression '{filter_text}': {why}.")


class Query:
    """A filter expression, parsed to a predicate on container instances."""

    def __init__(self, text: str):
        self.text = text
        self.tokens: list[tuple[str, str]] = []  # (kind, text): kind "word" (quoted words too) or "op"
        at = 0
        while at < len(text.rstrip()):
            found = TOKEN.match(text, at)
            if not found:
                raise refuse(text, f"unexpected character at {at}")
            quoted, op, word = found.groups()
            self.tokens.append(("word", quoted[1:-1]) if quoted else ("op", op) if op else ("word", word))
            at = found.end()
        self.at = 0
        self.test = self.either()
        if self.at < len(self.tokens):
            raise refuse(text, f"unexpected '{self.tokens[self.at][1]}'")

    def peek(self, *texts: str) -> bool:
        return self.at < len(self.tokens) and self.tokens[self.at][1].lower() in texts

    def take(self, kind: str | None = None) -> str:
        if self.at >= len(self.tokens) or (kind and self.tokens[self.at][0] != kind):
            raise refuse(self.text, "incomplete expression")
        self.at += 1
        return self.tokens[self.at - 1][1]

    def expect(self, text: str) -> None:
        if not self.peek(text):
            raise refuse(self.text, f"'{text}' expected")
        self.at += 1

    def either(self):
        tests = [self.both()]
        while self.peek("or", "||"):
            self.at += 1
            tests.append(self.both())
        return tests[0] if len(tests) == 1 else lambda ci: any(test(ci) for test in tests)

    def both(self):
        tests = [self.unary()]
        while self.peek("and", "&&"):
            self.at += 1
            tests.append(self.unary())
        return tests[0] if len(tests) == 1 else lambda ci: all(test(ci) for test in tests)

    def unary(self):
        if self.peek("not", "!"):
            self.at += 1
            test = self.unary()
            return lambda ci: not test(ci)
        if self.peek("("):
            self.at += 1
            test = self.either()
            self.expect(")")
            return test
        return self.comparison()

    def comparison(self):
        subject = self.take("word")
        op = self.take().lower()
        if op == "!":
            op = "!" + self.take("word").lower()  # !in, !exists
        op = OPERATORS.get(op, op)
        if subject.lower() == "task:group":
            raise InvalidParameterException("task:group filters are not supported by this stand-in.")
        if subject.startswith("attribute:") and len(subject) > len("attribute:"):
            allowed = MATCHING | ORDER | {"exists", "!exists"}
        elif subject.lower() in SUBJECTS:
            allowed = SUBJECTS[subject.lower()]
        else:
            raise refuse(self.text, f"unknown subject '{subject}'")
        if op not in allowed:
            raise refuse(self.text, f"operator '{op}' does not apply to '{subject}'")
        if op in ("exists", "!exists"):
            return lambda ci: (subject[len("attribute:"):] in ci.attributes) == (op == "exists")
        if op in ("in", "!in"):
            self.expect("[")
            values = [self.take("word")]
            while self.peek(","):
                self.at += 1
                values.append(self.take("word"))
            self.expect("]")
            return lambda ci: (value_of(ci, subject) in values) == (op == "in")
        argument = self.take("word")
        if op in ("=~", "!~"):
            # The guide gives the argument as a Java regular expression (`t2.*`), matched whole.
            try:
                pattern = re.compile(argument)
            except re.error as error:
                raise refuse(self.text, f"bad pattern '{argument}' ({error})")
            return lambda ci: (value_of(ci, subject) is not None and pattern.fullmatch(value_of(ci, subject)) is not None) == (op == "=~")
        if op in ("==", "!=") and subject.lower() not in ("registeredat", "agentversion"):
            return lambda ci: (value_of(ci, subject) == argument) == (op == "==")
        key = ordering_key(subject, self.text)
        bound = key(argument)
        if bound is None:
            raise refuse(self.text, f"'{argument}' cannot be compared with {subject}")
        compare = {"==": bound.__eq__, "!=": bound.__ne__, ">": bound.__lt__, ">=": bound.__le__, "<": bound.__gt__, "<=": bound.__ge__}[op]

        def ordered(ci) -> bool:
            value = key(value_of(ci, subject))
            return value is not None and compare(value)

        return ordered


def value_of(instance, subject: str) -> str | None:
    """The subject's value on an instance, as text, or None when the instance has none."""
    if subject.startswith("attribute:"):
        return instance.attributes.get(subject[len("attribute:"):])
    name = subject.lower()
    if name == "agentconnected":
        return "true" if instance.agent_connected else "false"
    if name == "agentversion":
        return instance.version_info.get("agentVersion")
    if name == "ec2instanceid":
        return instance.ec2_instance_id
    if name == "registeredat":
        return instance.registered_at.replace(tzinfo=instance.registered_at.tzinfo or datetime.timezone.utc).isoformat()
    return str(instance.running_tasks_count)


def ordering_key(subject: str, text: str):
    """How a subject's values compare (dates, versions, numbers): None for a value that cannot."""
    name = subject.lower()

    def when(value):
        try:
            moment = datetime.datetime.fromisoformat((value or "").replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)

    def version(value):
        parts = (value or "").lstrip("v").split(".")
        return tuple(int(part) for part in parts) if all(part.isdigit() for part in parts) else None

    def number(value):
        try:
            return float(value)
        except (TypeError, ValueError):
            return None

    return when if name == "registeredat" else version if name == "agentversion" else number


def list_container_instances(self: EC2ContainerServiceResponse) -> ActionResult:
    cluster = self.ecs_backend._get_cluster(self._get_param("cluster", "default"))
    status = self._get_param("status")
    if status is not None and status not in STATUSES:
        raise InvalidParameterException(f"Invalid status '{status}': must be one of {', '.join(STATUSES)}.")
    size = self._get_param("maxResults")
    if size is None:
        size = 100
    if not isinstance(size, int) or not 1 <= size <= 100:
        raise InvalidParameterException("maxResults must be between 1 and 100.")
    query = Query(self._get_param("filter")) if self._get_param("filter") else None
    instances = sorted(self.ecs_backend.container_instances.get(cluster.name, {}).values(), key=lambda ci: ci.container_instance_arn)
    arns = [
        ci.container_instance_arn for ci in instances
        if (status is None or ci.status == status) and (query is None or query.test(ci))
    ]
    # The token names the last ARN given, so that a page is not shifted by instances registered
    # or deregistered between calls.
    token = self._get_param("nextToken")
    if token:
        try:
            after = base64.urlsafe_b64decode(token.encode()).decode()
        except ValueError:
            raise InvalidParameterException("Invalid nextToken.")
        if not after.startswith("arn:"):
            raise InvalidParameterException("Invalid nextToken.")
        arns = [arn for arn in arns if arn > after]
    page = arns[:size]
    more = len(arns) > size
    return ActionResult({"containerInstanceArns": page, "nextToken": base64.urlsafe_b64encode(page[-1].encode()).decode() if more else None})


def describe_container_instances(self: EC2ContainerServiceResponse) -> ActionResult:
    cluster = self.ecs_backend._get_cluster(self._get_param("cluster", "default"))
    if len(self._get_param("containerInstances") or []) > 100:
        raise InvalidParameterException("containerInstances can have at most 100 items.")
    # moto looks the instances up in a dict that exists only once an instance has joined.
    self.ecs_backend.container_instances.setdefault(cluster.name, {})
    return original_describe(self)


original_register = EC2ContainerServiceResponse.register_container_instance
original_describe = EC2ContainerServiceResponse.describe_container_instances
EC2ContainerServiceResponse.register_container_instance = register_container_instance
EC2ContainerServiceResponse.list_container_instances = list_container_instances
EC2ContainerServiceResponse.describe_container_instances = describe_container_instances
# moto turns its dict of attributes into {name, value} pairs for DescribeContainerInstances and
# RegisterContainerInstance only: the other answers that carry an instance gave [{}, {}, ...].
EC2ContainerServiceResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER = {
    **EC2ContainerServiceResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER,
    "UpdateContainerInstancesStateResponse.containerInstances.ContainerInstance.attributes": format_attributes,
    "DeregisterContainerInstanceResponse.containerInstance.attributes": format_attributes,
}
