"""The home page's routes in for each kind of visitor."""

from typing import NamedTuple


class VisitorRoute(NamedTuple):
    """A way in for one kind of visitor."""

    label: str
    url: str
    description: str


VISITOR_ROUTES: list[VisitorRoute] = [
    # Each list must hold real areas, not only illustrative composites (a
    # test keeps it so against the demo content).
    VisitorRoute(
        "I lead a care home",
        "/case-studies/?element=workforce-development",
        "See how areas trained and supported care home staff, and what homes "
        "found helpful.",
    ),
    VisitorRoute(
        "I work in general practice",
        "/case-studies/?element=enhanced-primary-care",
        "Learn how areas linked GP practices to homes, with regular visits, and "
        "kept them involved.",
    ),
    VisitorRoute(
        "I commission services",
        "/case-studies/?approach=system-wide-strategic",
        "Compare how areas started, how they paid for it and what they measured.",
    ),
    VisitorRoute(
        "I live in a care home, or my relative does",
        "/what-good-looks-like/",
        "Tell us what good care looks like to you, and read what others have said.",
    ),
]
