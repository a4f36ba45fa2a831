from django.urls import URLPattern, URLResolver

app_name = "employment"
urlpatterns: list[URLPattern | URLResolver] = []
