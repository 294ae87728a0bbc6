from django.apps import AppConfig


class RequestsConfig(AppConfig):
    # This package shadows the HTTP library of the same name: the project never
    # imports that library and adds no runtime dependency that does.
    name = "requests"
    verbose_name = "Information requests"
