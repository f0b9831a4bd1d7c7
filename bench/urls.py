"""Praxis's URLs plus the reference every page is measured against: the least a Django view
can do behind the same middleware."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as praxis_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *praxis_urlpatterns]
