from django.apps import AppConfig


class CheckinConfig(AppConfig):
    name = "checkin"
    verbose_name = "Mend"
    default_auto_field = "django.db.models.BigAutoField"
