"""Booking pages (``booking_urls``) and confidential-record pages (``record_urls``)."""

from jiedao.counselling.booking_urls import urlpatterns as booking_patterns
from jiedao.counselling.record_urls import urlpatterns as record_patterns

app_name = "counselling"

urlpatterns = booking_patterns + record_patterns
