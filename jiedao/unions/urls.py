from django.urls import URLPattern, URLResolver

app_name = "unions"
urlpatterns: list[URLPattern | URLResolver] = []
