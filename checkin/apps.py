from django.apps import AppConfig


class CheckinConfig(AppConfig):
    name = "checkin"
    verbose_name = "Mend"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from checkin.accounts import checks as account_checks  # noqa: F401  (registers the seed checks)
        from checkin.accounts import lockout
        from checkin.reminders import checks as reminder_checks  # noqa: F401  (registers the deploy checks)
        from checkin.reminders import plan as reminder_plan
        from checkin.reminders.devices import forget_device
        from checkin.safety import checks as safety_checks  # noqa: F401  (registers the emergency number check)
        from checkin.sharing import summaries
        from checkin.web import checks  # noqa: F401  (registers the database checks)
        from checkin.web.middleware import mark_session_fresh

        user_logged_in.connect(mark_session_fresh, dispatch_uid="checkin.web.middleware.mark_session_fresh")
        summaries.connect(self)
        reminder_plan.connect()
        user_logged_out.connect(forget_device, dispatch_uid="checkin.reminders.forget_device")
        user_locked_out.connect(lockout.count_lockout, dispatch_uid="checkin.accounts.lockout.count_lockout")
