from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    # Uploaded files go to the default storage: S3 in production (see shop/settings.py).
    photo = models.FileField(upload_to="products/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Job(models.Model):
    """A unit of work for the worker service: `python manage.py process_queue` takes them in order."""

    QUEUED = "queued"
    DONE = "done"
    FAILED = "failed"
    STATES = [(QUEUED, "queued"), (DONE, "done"), (FAILED, "failed")]

    kind = models.CharField(max_length=50)
    payload = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=STATES, default=QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        # The worker asks for the oldest queued job, over and over.
        indexes = [models.Index(fields=["state", "created_at"], name="catalog_job_queue_idx")]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.state})"
