from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import Product


def _as_json(product):
    return {
        "name": product.name,
        "slug": product.slug,
        "price": str(product.price),
        "photo": product.photo.url if product.photo else None,
    }


@require_GET
def product_list(request):
    return JsonResponse({"products": [_as_json(p) for p in Product.objects.all()]})


@require_GET
def product_detail(request, slug):
    return JsonResponse(_as_json(get_object_or_404(Product, slug=slug)))
