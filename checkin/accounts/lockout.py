"""How django-axes, which locks out repeated wrong passwords, reads a login."""


def login_email(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the email the login form's `username` field
    holds, read as the form reads it (trimmed, lower case), so that varying
    the case does not earn an attacker fresh tries."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "")
    return str(raw).strip().lower()
