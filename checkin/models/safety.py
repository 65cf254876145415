"""Safety: crisis lines per region (edited by admins), and each patient's safety plan."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from checkin.domain import regions

# Digits as people dial them, spaces allowed, an optional leading +.
dialable = RegexValidator(r"^\+?[0-9][0-9 ]*$", "Digits only (spaces and a leading + are fine), as people dial it.")


class CrisisLine(models.Model):
    """A number to call or text, for one region (checkin/safety/lines.py reads them)."""

    class Kind(models.TextChoices):
        EMERGENCY = "emergency", "Emergency number"
        URGENT = "urgent", "Urgent medical advice"
        SUPPORT = "support", "Someone to talk to"

    region = models.CharField(
        max_length=8,
        help_text="ISO 3166 code in capitals: a country (GB, US, AU...), a part of one whose lines differ "
        "(GB-NIR, AU-VIC...), or EU for lines across the EU. A part shows its own lines, then its country's "
        "emergency number and support lines; its country's urgent line only if the part has no line of its own.",
        validators=[RegexValidator(f"^{regions.CODE.pattern}$", f"Region: {regions.FORM}, or EU.")],
    )
    name = models.CharField(max_length=100, help_text="The service's name, as callers know it.")
    purpose = models.CharField(max_length=200, help_text="What it is for, in a few plain words.")
    phone = models.CharField(max_length=30, blank=True, validators=[dialable])
    text_number = models.CharField(max_length=30, blank=True, validators=[dialable], help_text="For texting, if any.")
    web_address = models.URLField(blank=True)
    # No default: a line's hours are what its service says, never assumed.
    hours = models.CharField(
        max_length=100, help_text="When it answers, in the service's own words: “24 hours, every day”, “8am to 8pm”..."
    )
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.SUPPORT,
        help_text="Every Call button dials the region's first emergency number; urgent signs show its urgent line.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are shown first.")

    class Meta:
        ordering = ["region", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="crisisline_one_name_per_region"),
            models.CheckConstraint(condition=~Q(phone="", text_number=""), name="crisisline_has_a_number"),
            # Every Call button dials the region's emergency number: there is one.
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(kind="emergency"),
                name="crisisline_one_emergency_number_per_region",
                violation_error_message="This region has an emergency number already: every Call button dials it. "
                "Edit that line (or make this one another kind) rather than add a second.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.region})"


class SafetyPlan(models.Model):
    """A patient's own safety plan, in the seven parts of Stanley and Brown's
    Safety Planning Intervention (Cogn Behav Pract 2012;19:256-264), in their
    words. Private: a clinician reads it only through a share that includes it."""

    patient = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan")
    warning_signs = models.TextField(blank=True, max_length=4000)
    coping = models.TextField(blank=True, max_length=4000)
    distractions = models.TextField(blank=True, max_length=4000)
    helpers = models.TextField(blank=True, max_length=4000)
    professionals = models.TextField(blank=True, max_length=4000)
    safer_surroundings = models.TextField(blank=True, max_length=4000)
    reasons = models.TextField(blank=True, max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    # The seven parts, in order, with the plan's headings and prompts.
    PARTS = (
        ("warning_signs", "My warning signs", "Thoughts, feelings or situations that tell me a crisis may be coming."),
        (
            "coping",
            "Things I can do on my own to get through",
            "What has helped before: a walk, music, a shower, breathing slowly.",
        ),
        (
            "distractions",
            "People and places that take my mind off things",
            "Someone to be with, or somewhere to go, without having to talk about it.",
        ),
        ("helpers", "People I can ask for help", "Names and phone numbers: tap a number to call it."),
        (
            "professionals",
            "Professionals and services",
            "Your doctor, care team or therapist, with their numbers. The crisis lines are above.",
        ),
        (
            "safer_surroundings",
            "Making my surroundings safer",
            "What I can put away, give to someone, or keep out of reach when things are bad. Medicines too: "
            "ask someone you trust to keep them, or ask your pharmacist about safe storage and returning "
            "unused medicines.",
        ),
        (
            "reasons",
            "What matters most to me",
            "The people, hopes and things worth living for, to read when it is hard to remember them.",
        ),
    )
    CREDIT = "Based on the Safety Planning Intervention of Barbara Stanley and Gregory K. Brown (2012)."

    def __str__(self):
        return f"Safety plan of {self.patient_id}"

    def sections(self) -> list[tuple[str, str]]:
        """(heading, text) of each part, in order."""
        return [(heading, getattr(self, field)) for field, heading, _prompt in self.PARTS]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, field).strip() for field, _heading, _prompt in self.PARTS)
