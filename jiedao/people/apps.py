from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "jiedao.people"
    label = "people"
    verbose_name = "人员库"
