from jiedao.people.urls_pages import urlpatterns as page_patterns
from jiedao.people.urls_roster import urlpatterns as roster_patterns

app_name = "people"

urlpatterns = page_patterns + roster_patterns
