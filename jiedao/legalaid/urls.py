from django.urls import URLPattern, URLResolver

app_name = "legalaid"
urlpatterns: list[URLPattern | URLResolver] = []
