"""Every email the site sends: a plain-text part and an HTML part, from templates.

Mail programs show the HTML part and fall back to the text; screen readers and
text-only clients read the text. Both are rendered from a pair of templates,
``<name>.txt`` and ``<name>.html`` (the HTML extends ``ehch/email/base.html``,
the NHS look with inline styles), with the same context, so they never say
different things.

Email sent to people because they follow or saved something (forum posts,
mentions, digests, search alerts) carries ``List-Unsubscribe`` and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058) so a mail
program can stop it in one click. Email a person needs whatever they chose —
a decision about their application, a moderator's warning, a safeguarding
alert, a report for moderators — has no unsubscribe: stopping it would hide a
protection or a decision about them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from cms.site_address import site_url


def render_parts(template: str, context: dict) -> tuple[str, str]:
    """The text and HTML of ``template`` (a name without ``.txt``/``.html``)."""
    context = {"site_url": site_url(), **context}
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    return text, html


def build_email(
    subject: str,
    template: str,
    context: dict,
    to: Sequence[str],
    *,
    unsubscribe_url: str | None = None,
) -> EmailMultiAlternatives:
    """A two-part email to ``to``; with ``unsubscribe_url``, one-click headers too.

    Args:
        subject: the subject line (whitespace is collapsed: a template's
            trailing newline would otherwise break the header).
        template: the template pair's name, e.g. ``community_forum/email/digest``.
        context: what both templates see; ``site_url`` and ``unsubscribe_url``
            are added.
        to: the addresses.
        unsubscribe_url: an absolute address that stops this kind of email
            when POSTed to without a cookie (and shows a button on GET).
    """
    text, html = render_parts(template, {**context, "unsubscribe_url": unsubscribe_url})
    headers = {}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        " ".join(subject.split()),
        text,
        settings.DEFAULT_FROM_EMAIL,
        list(to),
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def send_email(
    subject: str,
    template: str,
    context: dict,
    to: Sequence[str],
    *,
    unsubscribe_url: str | None = None,
) -> int:
    """Build and send one email (see ``build_email``); return what the backend says.

    Raises whatever the email backend raises, so callers decide what a failure
    means for the person acting.
    """
    message = build_email(
        subject, template, context, to, unsubscribe_url=unsubscribe_url
    )
    return message.send()
