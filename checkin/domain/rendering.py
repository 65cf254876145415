"""Markdown to safe HTML, for guidance pages written by admins.

The one place that turns a page's Markdown body into HTML. python-markdown
passes raw HTML straight through, so everything it produces then goes through
nh3 (an allow-list sanitizer): whatever an admin types, no script, event
handler, style or frame reaches a patient's browser.
"""

import markdown
import nh3

# What guidance pages need: prose, headings, lists, links, emphasis, quotes
# and simple tables. Anything else is stripped, keeping its text.
ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
# Relative links (/guidance/...) pass; absolute ones only with these schemes,
# so no javascript: or data: links.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Tags removed together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "textarea", "select"}

MARKDOWN_EXTENSIONS = ["sane_lists", "tables"]


def render_markdown(text: str) -> str:
    """Render Markdown to HTML and sanitise it.

    Safe to mark as safe in templates: only ALLOWED_TAGS with
    ALLOWED_ATTRIBUTES survive, and script-like elements vanish with their
    content.
    """
    html = markdown.markdown(text or "", extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        # Also on internal links, where it is harmless: no referrer leaks to
        # an outside site an admin links to.
        link_rel="noopener noreferrer",
    ).strip()
