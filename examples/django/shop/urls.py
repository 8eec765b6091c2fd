from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # The front end calls /api/...: CloudFront sends /api/* to the load balancer unchanged.
    path("api/", include("catalog.urls")),
]
