from django.apps import AppConfig


class CheckinConfig(AppConfig):
    name = "checkin"
    verbose_name = "Mend"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from checkin.sharing import summaries
        from checkin.web import checks  # noqa: F401  (registers the database checks)
        from checkin.web.middleware import mark_session_fresh

        user_logged_in.connect(mark_session_fresh, dispatch_uid="checkin.web.middleware.mark_session_fresh")
        summaries.connect(self)
