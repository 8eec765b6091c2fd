"""gunicorn settings for a container behind an Application Load Balancer on ECS.

Each value can be overridden with gunicorn's own variable, e.g. GUNICORN_CMD_ARGS="--workers 3",
or with the variables read below.
"""
import math
import os


def available_cpus():
    """CPUs this container may use: the cgroup quota (ECS task cpu), else the CPUs it may run on.

    os.cpu_count() reports the host's CPUs, which on a shared EC2 instance is far more than the
    task's share and would start too many workers.
    """
    try:
        with open("/sys/fs/cgroup/cpu.max") as f:  # cgroup v2: "<quota> <period>" or "max <period>"
            quota, period = f.read().split()
        if quota != "max":
            return max(1, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):
        pass
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * available_cpus() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# Longer than the ALB's idle timeout (60 s by default): the load balancer, not gunicorn, must be
# the side that closes an idle connection, or requests sent on a closing connection get a 502.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))

# ECS sends SIGTERM and, after stopTimeout (30 s by default), SIGKILL. Finish in-flight requests
# within that window; the ALB's deregistration delay has already stopped new ones.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))

# The ALB sets X-Forwarded-For/-Proto; only it can reach the task.
forwarded_allow_ips = "*"
accesslog = "-"
errorlog = "-"
# A tmpfs for worker heartbeats: a slow or read-only container disk must not kill workers.
worker_tmp_dir = "/dev/shm"
