from django.contrib import admin

from .models import Job, Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "price", "created_at"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["kind", "state", "attempts", "created_at", "finished_at"]
    list_filter = ["state", "kind"]
