"""The guidance admin: sources, guidance pages and pattern rules.

Every change an admin saves is recorded in Django's change history (the
"History" button on each object). Saving a page marks it as edited by an
admin, so that load_guidance leaves it alone.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from checkin.domain.rendering import render_markdown
from checkin.insights.patterns import REGISTRY, SAFETY_DETECTORS, validate_params
from checkin.models import GuidancePage, PatternRule, Severity, Source
from checkin.models.guidance import SAFETY_CARD_PAGES, SEEK_HELP_SLUG
from checkin.safety import lines as crisis
from checkin.safety.phone_numbers import numbers_in_admin_text

NUMBER_REFUSED = (
    "{label}: take out “{found}”. Phone numbers and call or text links cannot go here: the crisis lines live "
    "in one place (Crisis lines, in this admin), so that each shows the right number for the clinic's region, "
    "on Get help now. Link to it instead: [Get help now](/help/)."
)


def refuse_numbers(form, names) -> None:
    """Adds an error to each of the fields ``names`` whose text holds a phone
    number or a dialling link (checkin/safety/phone_numbers.py)."""
    known = crisis.line_numbers()
    for name in names:
        found = numbers_in_admin_text(form.cleaned_data.get(name) or "", known)
        if found:
            form.add_error(name, NUMBER_REFUSED.format(label=form.fields[name].label, found=found[0]))


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    # An address typed without a scheme means https (Django 6's default too).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "key", "publisher", "published", "trust", "cited_by"]
    list_filter = ["trust"]
    search_fields = ["title", "publisher", "key", "url"]
    readonly_fields = ["citing_pages"]
    fields = ["key", "title", "publisher", "url", "published", "trust", "citing_pages"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_count=Count("pages"))

    @admin.display(description="pages citing it", ordering="page_count")
    def cited_by(self, source):
        return source.page_count

    @admin.display(description="pages citing this source")
    def citing_pages(self, source):
        pages = source.pages.all() if source.pk else []
        return format_html_join(", ", "{}", ((page.title,) for page in pages)) or "None yet"


class GuidancePageForm(forms.ModelForm):
    class Meta:
        model = GuidancePage
        fields = ["title", "slug", "summary", "topic", "order", "is_published", "body", "sources"]
        widgets = {
            "sources": forms.CheckboxSelectMultiple,
            "body": forms.Textarea(attrs={"rows": 24, "cols": 80}),
            "summary": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].required = True
        self.fields["sources"].help_text = "Tick every article this page draws on. Every page cites at least one."
        self.fields[
            "topic"
        ].help_text = "Groups pages on /guidance/: understanding, self-care, treatment or safety (or a new topic)."

    def clean(self):
        cleaned = super().clean()
        refuse_numbers(self, ("title", "summary", "body"))
        # The safety cards link these pages: keep them reachable.
        if self.instance.pk and self.instance.slug in SAFETY_CARD_PAGES:
            if cleaned.get("slug") != self.instance.slug:
                self.add_error(
                    "slug", f"This page's address must stay “{self.instance.slug}”: the safety cards link to it."
                )
            if not cleaned.get("is_published"):
                self.add_error("is_published", "This page must stay published: the safety cards link to it.")
        return cleaned


@admin.register(GuidancePage)
class GuidancePageAdmin(admin.ModelAdmin):
    form = GuidancePageForm
    list_display = ["title", "topic", "order", "is_published", "edited_by_admin", "updated_at"]
    list_filter = ["is_published", "topic", "edited_by_admin", "sources"]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview", "edited_by_admin", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "topic", "order", "is_published"]}),
        (
            "Page text",
            {
                # One row: on a wide screen the preview sits beside the text, in view while typing.
                "fields": [("body", "preview")],
                "description": "Markdown: ## for a heading, - for a list item, [words](/guidance/slug/) for a link. "
                "Raw HTML and scripts are removed when the page is saved. The preview shows the page "
                "as patients will see it and follows your typing; nothing is published until you save.",
            },
        ),
        ("Sources", {"fields": ["sources"]}),
        ("Record", {"fields": ["edited_by_admin", "updated_at"]}),
    ]

    class Media:
        css = {"all": ["css/guidance-admin.css"]}
        js = ["js/guidance-admin.js"]

    def get_urls(self):
        preview = path("preview/", self.admin_site.admin_view(self.preview_view), name="checkin_guidancepage_preview")
        return [preview, *super().get_urls()]

    def preview_view(self, request):
        """The body as it would render, for the live preview; nothing is saved."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        return HttpResponse(render_markdown(request.POST.get("body", "")), content_type="text/html; charset=utf-8")

    @admin.display(description="rendered page")
    def preview(self, page):
        # body_html is sanitised by GuidancePage.save(); the live preview that
        # replaces it while typing comes from preview_view, sanitised the same way.
        return format_html(
            '<div class="guidance-preview" data-preview-url="{}" aria-live="polite">{}</div>',
            reverse("admin:checkin_guidancepage_preview"),
            mark_safe(page.body_html) if page.pk else "Start typing the page text to see it here.",
        )

    def save_model(self, request, obj, form, change):
        obj.edited_by_admin = True
        super().save_model(request, obj, form, change)


def _settings_list(keys) -> str:
    """The settings each detector understands, with their ranges and defaults.

    A list rather than a table, so it reads on a phone as well.
    """
    blocks = []
    for key in keys:
        detector = REGISTRY[key]
        items = format_html_join(
            "",
            "<li><code>{}</code>: {}, {} to {} (default {}). {}</li>",
            (
                (
                    p.name,
                    "whole number" if p.kind is int else "number",
                    f"{p.min:g}",
                    f"{p.max:g}",
                    f"{p.default:g}",
                    p.help,
                )
                for p in detector.params
            ),
        )
        heading = format_html("<p><strong>{}</strong> ({})</p>", key, detector.label) if len(keys) > 1 else ""
        blocks.append(format_html('{}<ul class="rule-settings">{}</ul>', heading, items))
    return format_html_join("", "{}", ((block,) for block in blocks))


def param_field_name(param) -> str:
    return f"param_{param.name}"


def _param_field(param, value) -> forms.Field:
    """One detector setting as a number field with its allowed range; empty means the default."""
    label = param.name.replace("_", " ").capitalize()
    span = f"{param.min:g} to {param.max:g}"
    kind = "a whole number" if param.kind is int else "a number"
    field_class = forms.IntegerField if param.kind is int else forms.FloatField
    return field_class(
        label=label,
        required=False,
        min_value=param.min,
        max_value=param.max,
        initial=value,
        help_text=f"{param.help} {span}; leave empty for the default, {param.default:g}.",
        widget=forms.NumberInput(attrs={"step": 1 if param.kind is int else 0.05, "placeholder": f"{param.default:g}"}),
        error_messages={
            "invalid": f"{label}: {kind} from {span}.",
            "min_value": f"{label}: {kind} from {span}.",
            "max_value": f"{label}: {kind} from {span}.",
        },
    )


class PatternRuleForm(forms.ModelForm):
    """A rule: which check it tunes, what the patient reads, and the check's
    settings as number fields with their ranges (stored as ``params``, only
    those set; the rest stay at their defaults)."""

    detector = forms.ChoiceField(
        choices=[(key, f"{key} · {d.label}") for key, d in REGISTRY.items()],
        help_text="The check in Mend's code this rule tunes. Adding a new kind of check is a code change. "
        "Choosing another one sets its settings back to their defaults.",
    )

    class Meta:
        model = PatternRule
        fields = ["detector", "enabled", "severity", "title", "message", "guidance"]
        widgets = {"guidance": forms.CheckboxSelectMultiple, "message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "guidance"
        ].help_text = "The pages the card links to. An enabled rule needs at least one published page."
        # The saved rule's check decides which settings are shown (a new rule
        # gets its check's settings once saved).
        self.params = REGISTRY[self.instance.detector].params if self.instance.detector in REGISTRY else ()
        for param in self.params:
            self.fields[param_field_name(param)] = _param_field(param, (self.instance.params or {}).get(param.name))

    def clean(self):
        cleaned = super().clean()
        refuse_numbers(self, [name for name in ("title", "message") if name in self.fields])
        detector = cleaned.get("detector")
        if detector and detector == self.instance.detector:
            chosen = {
                p.name: cleaned[param_field_name(p)]
                for p in self.params
                if cleaned.get(param_field_name(p)) is not None
            }
            try:
                full = validate_params(detector, chosen)
            except ValueError as error:  # the fields' ranges are the same: a safety net
                self.add_error(None, f"{REGISTRY[detector].label}: {error}.")
            else:
                # Keep only what the admin set, as numbers; defaults stay implicit.
                self.instance.params = {name: full[name] for name in chosen}
        elif detector:
            self.instance.params = {}
        if detector in SAFETY_DETECTORS:
            if not cleaned.get("enabled"):
                self.add_error("enabled", "This safety check cannot be switched off: it always runs.")
            if cleaned.get("severity") != Severity.URGENT:
                self.add_error("severity", "This safety check is always urgent.")
        guidance = cleaned.get("guidance")
        if cleaned.get("enabled") and guidance is not None and not any(page.is_published for page in guidance):
            self.add_error("guidance", "Link at least one published guidance page, or untick “enabled”.")
        return cleaned


def _triage_speaks(rule) -> bool:
    """The warning-signs rule: its card says what the triage says (templates/guidance/_card.html)."""
    return rule is not None and rule.detector == "red_flag"


@admin.register(PatternRule)
class PatternRuleAdmin(admin.ModelAdmin):
    form = PatternRuleForm

    class Media:
        css = {"all": ["css/guidance-admin.css"]}

    list_display = ["title", "detector", "severity", "enabled", "linked_pages"]
    list_filter = ["enabled", "severity", "guidance"]
    search_fields = ["title", "message", "detector"]
    readonly_fields = ["settings_help", "triage_words"]

    def get_fieldsets(self, request, obj=None):
        settings = (
            [param_field_name(p) for p in REGISTRY[obj.detector].params] if obj and obj.detector in REGISTRY else []
        )
        reads = ["triage_words", "guidance"] if _triage_speaks(obj) else ["title", "message", "guidance"]
        return [
            (None, {"fields": ["detector", "enabled", "severity"]}),
            ("What the patient reads", {"fields": reads}),
            ("Settings", {"fields": [*settings, "settings_help"]}),
        ]

    def get_form(self, request, obj=None, **kwargs):
        # The settings fields are the form's own (one per setting of the
        # rule's check), not the model's: the model's fields are named here.
        fields = PatternRuleForm.Meta.fields
        kwargs["fields"] = [f for f in fields if f not in ("title", "message")] if _triage_speaks(obj) else fields
        return super().get_form(request, obj, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # A safety check always runs: its rule can be tuned, never removed.
        if obj is not None and obj.detector in SAFETY_DETECTORS:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="what the patient reads")
    def triage_words(self, rule):
        return (
            "The warning-sign advice, word for word as the triage gives it for the signs noted (go to A&E now, "
            "or get advice today), with the region's numbers. No rule's wording can soften it, so this rule has none."
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("guidance")

    @admin.display(description="guidance pages")
    def linked_pages(self, rule):
        return ", ".join(page.title for page in rule.guidance.all()) or "None"

    @admin.display(description="about the settings")
    def settings_help(self, rule):
        if rule.detector not in REGISTRY:
            return format_html(
                "<p>Save the rule first: its check's settings then appear above this.</p>{}",
                _settings_list(list(REGISTRY)),
            )
        note = "Pages read as many days back as the widest window of the rules that run."
        if rule.detector in SAFETY_DETECTORS:
            return format_html(
                "<p>A safety check: it always runs, is always urgent and always links “{}”, "
                "whatever this rule says. Its window can be widened, never narrowed.</p><p>{}</p>",
                SEEK_HELP_SLUG,
                note,
            )
        return format_html("<p>{}</p>", note)
