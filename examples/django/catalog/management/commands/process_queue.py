"""The worker service: takes queued jobs one at a time, oldest first, until ECS stops the task.

Run from the web image as its own ECS service (deploy/worker.task-definition.json). Several
workers may run at once: each job is claimed with SELECT ... FOR UPDATE SKIP LOCKED, so no job
runs twice. `--once` processes what is queued and exits; `--check` is the container health check:
it passes while the loop has written its heartbeat within the last two minutes.
"""

import os
import signal
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from catalog.models import Job

HEARTBEAT = Path(os.environ.get("WORKER_HEARTBEAT", "/tmp/worker-heartbeat"))
STALE_AFTER_SECONDS = 120


def handle_job(job):
    """What each kind of job does. Unknown kinds fail, with the reason kept on the job."""
    if job.kind == "noop":
        return
    raise ValueError(f"no handler for job kind {job.kind!r}")


class Command(BaseCommand):
    help = "Process the job queue (catalog.Job) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="process what is queued, then exit")
        parser.add_argument("--check", action="store_true", help="health check: exit 1 unless the loop is alive")
        parser.add_argument("--idle-seconds", type=float, default=2.0, help="sleep between empty polls")

    def handle(self, *args, once=False, check=False, idle_seconds=2.0, **options):
        if check:
            return self.check_alive()
        stopping = []
        # ECS sends SIGTERM before SIGKILL: finish the job in hand, then exit.
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        while not stopping:
            HEARTBEAT.write_text(str(time.time()))
            if self.process_one():
                continue
            if once:
                break
            time.sleep(idle_seconds)

    def process_one(self):
        with transaction.atomic():
            job = Job.objects.select_for_update(skip_locked=True).filter(state=Job.QUEUED).order_by("created_at").first()
            if job is None:
                return False
            job.attempts += 1
            try:
                handle_job(job)
                job.state = Job.DONE
                job.error = ""
            except Exception as error:  # the job fails, the worker goes on
                job.state = Job.FAILED
                job.error = str(error)
            job.finished_at = timezone.now()
            job.save(update_fields=["attempts", "state", "error", "finished_at"])
        self.stdout.write(f"job {job.pk} {job.kind}: {job.state}")
        return True

    def check_alive(self):
        try:
            age = time.time() - float(HEARTBEAT.read_text())
        except (OSError, ValueError):
            raise CommandError(f"no heartbeat at {HEARTBEAT}")
        if age > STALE_AFTER_SECONDS:
            raise CommandError(f"last heartbeat {age:.0f} s ago")
