"""Guidance: source articles, the pages written from them, and the rules that link patterns to pages."""

from django.db import models
from django.urls import reverse

from checkin.domain.rendering import render_markdown

# The guidance page every safety card leads to; shown on "Get help now" (/help/).
SEEK_HELP_SLUG = "seek-help-now"
# The page the self-harm card links: what can help with thoughts of suicide.
SUICIDAL_THOUGHTS_SLUG = "thoughts-of-suicide"
# Pages the safety cards link, which an admin may edit but not unpublish or move.
SAFETY_CARD_PAGES = (SEEK_HELP_SLUG, SUICIDAL_THOUGHTS_SLUG)


class Trust(models.TextChoices):
    LOW = "low", "Low: unsourced or anonymous"
    MEDIUM = "medium", "Medium: reviewed clinic or vendor page"
    HIGH = "high", "High: peer-reviewed or official guideline"


class Source(models.Model):
    """An article that guidance pages draw on and cite."""

    key = models.CharField(max_length=32, unique=True, help_text="Stable key used by the shipped content files.")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True, help_text="Leave empty when the article names no address of its own.")
    published = models.DateField(null=True, blank=True, help_text="The date on the page (published or reviewed).")
    trust = models.CharField(
        max_length=8,
        choices=Trust.choices,
        default=Trust.MEDIUM,
        help_text="A claim made only by a low-trust source must not be stated as fact.",
    )

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.title


class GuidancePageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class GuidancePage(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, help_text="One or two plain sentences, shown in lists and cards.")
    topic = models.CharField(max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    body = models.TextField(help_text="Markdown. Raw HTML and scripts are stripped when the page is saved.")
    body_html = models.TextField(
        editable=False, blank=True, help_text="Rendered from the body on save; never edited by hand."
    )
    sources = models.ManyToManyField(Source, related_name="pages", blank=True)
    is_published = models.BooleanField(default=True)
    edited_by_admin = models.BooleanField(
        default=False,
        editable=False,
        help_text="Set when an admin saves the page, so that load_guidance leaves it alone.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = GuidancePageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # body_html is derived here and only here, so it can never drift from
        # the body or carry unsanitised HTML.
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # That page is part of "Get help now", beside the numbers to call.
        return reverse("help") if self.slug == SEEK_HELP_SLUG else reverse("guidance_page", args=[self.slug])


class Severity(models.TextChoices):
    INFO = "info", "Info"
    ATTENTION = "attention", "Attention"
    URGENT = "urgent", "Urgent"


class PatternRule(models.Model):
    """Admin-editable settings for one detector in checkin/insights/patterns.py."""

    detector = models.CharField(max_length=40, unique=True)
    enabled = models.BooleanField(default=True)
    params = models.JSONField(
        default=dict, blank=True, help_text="Thresholds for the detector; missing ones take its defaults."
    )
    title = models.CharField(max_length=120)
    message = models.TextField(help_text="Shown to the patient under the title. Plain words; no diagnosis.")
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.INFO)
    guidance = models.ManyToManyField(GuidancePage, related_name="rules", blank=True)

    class Meta:
        ordering = ["detector"]

    def __str__(self):
        return self.title or self.detector
