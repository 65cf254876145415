"""Public guidance: the index by topic with a search box, and each page.

No login: anyone may read guidance. Responses carry no ``no-store``, so the
service worker can keep pages a patient has opened readable offline.
"""

from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render

from checkin.models import GuidancePage
from checkin.models.guidance import SAFETY_CARD_PAGES, SEEK_HELP_SLUG

# Headings for the topics the shipped pages use, in reading order. An admin
# may type a new topic; it is shown title-cased after these.
TOPICS = {
    "understanding": "Understanding pain and mood",
    "self-care": "Looking after yourself",
    "treatment": "Care and treatment",
    "safety": "Staying safe",
}
OTHER_TOPIC = "More guidance"
SEARCH_MAX_LENGTH = 100  # longer queries are cut, never rejected
RELATED_PAGES = 4


def topic_heading(topic: str) -> str:
    return TOPICS.get(topic) or (topic.replace("-", " ").capitalize() if topic else OTHER_TOPIC)


def _grouped(pages) -> list[tuple[str, list[GuidancePage]]]:
    """Pages grouped under topic headings: known topics first, in TOPICS order."""
    groups: dict[str, list[GuidancePage]] = {}
    for page in pages:
        groups.setdefault(page.topic, []).append(page)
    known = list(TOPICS)
    ordered = sorted(groups, key=lambda t: (known.index(t) if t in known else len(known), t))
    return [(topic_heading(topic), groups[topic]) for topic in ordered]


def index(request):
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    pages = GuidancePage.objects.published().only("slug", "title", "summary", "topic", "order")
    # Every word must appear somewhere in the page, in any order.
    for word in query.split():
        pages = pages.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word))
    pages = list(pages)
    return render(
        request,
        "guidance/index.html",
        {"query": query, "pages": pages, "groups": _grouped(pages)},
    )


def page(request, slug):
    if slug == SEEK_HELP_SLUG:
        return redirect("help")  # "Get help now" is that page, with the numbers to call
    guidance = get_object_or_404(GuidancePage.objects.published().prefetch_related("sources"), slug=slug)
    # Pages on the same topic first, then the rest in reading order.
    related = (
        GuidancePage.objects.published()
        .exclude(pk=guidance.pk)
        .annotate(
            other_topic=Case(When(topic=guidance.topic, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("other_topic", "order", "title")
        .only("slug", "title", "summary")[:RELATED_PAGES]
    )
    # A page the safety cards link opens with the Call button, as Get help now does.
    context = {"page": guidance, "related": related, "call_first": guidance.slug in SAFETY_CARD_PAGES}
    return render(request, "guidance/page.html", context)
