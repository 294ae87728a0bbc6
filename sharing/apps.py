from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Sharing framework"

    def ready(self) -> None:
        # Connects the receivers that keep the cached groups of signed-in
        # pages true (sharing/signals.py).
        from . import signals  # noqa: F401
