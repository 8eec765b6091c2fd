"""Answers the load balancer's health check before Django validates the Host header.

An ALB health check connects to the task's private IP and sends that IP as Host. The IP changes
with every task, so it cannot be listed in ALLOWED_HOSTS, and Django would answer 400 and the
target would never become healthy. This middleware sits first in MIDDLEWARE and answers the
health path itself, before SecurityMiddleware (which would redirect plain HTTP to HTTPS) and
before anything calls request.get_host(). Every other request still goes through host validation.

The check stays shallow on purpose: it says the process serves requests. A database outage must
not make the ALB replace every task at once.
"""
from django.conf import settings
from django.http import HttpResponse


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.path = getattr(settings, "HEALTH_CHECK_PATH", "/healthz")

    def __call__(self, request):
        if request.path_info == self.path and request.method in ("GET", "HEAD"):
            return HttpResponse("ok\n", content_type="text/plain")
        return self.get_response(request)
