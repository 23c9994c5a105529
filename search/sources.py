"""The built-in sources: Wagtail pages (case studies and the rest) and forum posts.

A page behind a privacy restriction (on itself or an ancestor) is never a
document: ``cms.visibility`` decides, and ``search.tasks.index_section`` takes a
section out of search (or puts it back) as soon as its restriction changes, so
no search needs to filter by privacy at query time.

Other apps (for example the residents' space) register their own source with
``search.documents.register``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from wagtail.models import Page

from casestudies.models import CLASSIFIED, CaseStudyPage
from cms.visibility import public_q
from search.documents import SearchDocument, Source, plain_text, register

# Page types that are searchable, by model label, with their kind.
PAGE_KINDS: dict[str, str] = {
    "cms.standardpage": "page",
    "cms.guidancepage": "guidance",
    "cms.leadershipresourcepage": "leadership",
    "voices.themesynthesispage": "page",
}
TEXT_FIELDS = ("intro", "summary", "body", "narrative", "content")


class CaseStudySource(Source):
    """Published case studies, with every facet the list filters by."""

    kind = "case_study"

    def handles(self, obj: object) -> bool:  # noqa: D102
        return isinstance(obj, CaseStudyPage)

    def all_public(self) -> Iterable[CaseStudyPage]:  # noqa: D102
        return (
            CaseStudyPage.objects.live().public().with_facts().iterator(chunk_size=500)
        )

    def is_public(self, obj: CaseStudyPage) -> bool:  # noqa: D102
        return CaseStudyPage.objects.live().public().filter(pk=obj.pk).exists()

    def document(self, page: CaseStudyPage) -> SearchDocument:  # noqa: D102
        approach = list(page.approach.all())
        rollout = list(page.rollout.all())
        challenges = list(page.challenges.all())
        elements = list(page.elements.all())
        singles = [t for t in (page.region, page.resourcing, page.lead_type) if t]
        facts = " ".join(
            [page.area, page.lead_organisation, page.partners, page.resourcing_detail]
            + [t.label for t in [*approach, *rollout, *challenges, *elements, *singles]]
        )
        return SearchDocument(
            key=self.key_for(page),
            kind=self.kind,
            object_id=page.pk,
            title=page.title,
            url=page.get_url() or "",
            summary=page.summary,
            body=plain_text(page.narrative),
            facts=facts,
            published_at=page.first_published_at,
            sort_title=page.area,
            facets={
                "approach": [t.slug for t in approach],
                "rollout": [t.slug for t in rollout],
                "resourcing": [page.resourcing.slug] if page.resourcing else [],
                "challenge": [t.slug for t in challenges],
                "region": [page.region.slug] if page.region else [],
                "lead": [page.lead_type.slug] if page.lead_type else [],
                "element": [t.slug for t in elements],
                "provenance": [page.provenance],
            },
            display={
                "area": page.area,
                "provenance": page.provenance,
                "provenance_label": page.get_provenance_display(),
                "region": page.region.label if page.region else "",
                "resourcing": page.resourcing.label if page.resourcing else "",
                "approach": [t.label for t in approach],
                "rollout": [t.label for t in rollout],
                "basis": {
                    field: getattr(page, basis)
                    for field, basis in CLASSIFIED.items()
                    if getattr(page, basis)
                },
            },
        )


class PageSource(Source):
    """Other published, public Wagtail pages of the types in ``PAGE_KINDS``."""

    kind = "page"

    def _kind_of(self, page: Page) -> str | None:
        return PAGE_KINDS.get(
            page.specific_class._meta.label_lower if page.specific_class else ""
        )

    def handles(self, obj: object) -> bool:  # noqa: D102
        return (
            isinstance(obj, Page)
            and not isinstance(obj, CaseStudyPage)
            and bool(self._kind_of(obj))
        )

    def all_public(self) -> Iterable[Page]:  # noqa: D102
        pages = Page.objects.live().filter(public_q()).specific()
        return (page for page in pages.iterator(chunk_size=200) if self.handles(page))

    def is_public(self, obj: Page) -> bool:  # noqa: D102
        return Page.objects.live().filter(public_q(), pk=obj.pk).exists()

    def key_for(self, obj: object) -> str:  # noqa: D102
        return f"page:{obj.pk}"

    def document(self, page: Page) -> SearchDocument:  # noqa: D102
        page = page.specific
        texts = [getattr(page, name, None) for name in TEXT_FIELDS]
        summary = page.search_description or plain_text(
            getattr(page, "intro", "") or getattr(page, "summary", "")
        )
        return SearchDocument(
            key=self.key_for(page),
            kind=self._kind_of(page) or "page",
            object_id=page.pk,
            title=page.title,
            url=page.get_url() or "",
            summary=summary[:500],
            body=plain_text(texts),
            published_at=page.first_published_at,
        )


class ForumPostSource(Source):
    """Approved posts in approved topics; members-only forums marked as such."""

    kind = "forum_post"

    def _post_model(self):
        from machina.apps.forum_conversation.models import Post

        return Post

    def handles(self, obj: object) -> bool:  # noqa: D102
        return isinstance(obj, self._post_model())

    def all_public(self) -> Iterable[object]:  # noqa: D102
        from forum.visibility import public_forum_ids, search_audience, searchable_posts

        public = public_forum_ids()  # once per rebuild, not once per post
        posts = searchable_posts().select_related(
            "topic", "topic__forum", "topic__accepted_answer", "poster"
        )
        for post in posts.iterator(chunk_size=1000):
            post.search_audience = search_audience(post, public)
            yield post

    def is_public(self, obj) -> bool:  # noqa: D102
        # "Indexable": the forum's rule says whether anyone may find it.
        from forum.visibility import search_audience

        return search_audience(obj) is not None

    def document(self, post) -> SearchDocument:  # noqa: D102
        from forum.notifications import topic_path
        from forum.visibility import search_audience

        audience = getattr(post, "search_audience", None) or search_audience(post)
        topic = post.topic
        url = topic_path(topic)
        body = plain_text(getattr(post.content, "rendered", None) or str(post.content))
        return SearchDocument(
            key=self.key_for(post),
            kind=self.kind,
            object_id=post.pk,
            title=post.subject or topic.subject,
            url=f"{url}?post={post.pk}#{post.pk}",
            summary=topic.forum.name,
            body=body,
            audience=audience or "members",
            published_at=post.created,
            display={
                "forum": topic.forum.name,
                "topic": topic.subject,
                **_answer_marks(post, topic),
            },
        )


def _answer_marks(post, topic) -> dict[str, bool]:
    """Whether the post's topic is answered, and whether this post is the answer."""
    try:
        answer = topic.accepted_answer
    except ObjectDoesNotExist:
        return {}
    return {"answered": True, "is_answer": answer.post_id == post.pk}


register(CaseStudySource())
register(PageSource())
register(ForumPostSource())


class StatementSource(Source):
    """Approved, consented statements from residents and families; never contacts."""

    kind = "statement"

    def _model(self):
        from cms.voices.models import Submission

        return Submission

    def handles(self, obj: object) -> bool:  # noqa: D102
        return isinstance(obj, self._model())

    def all_public(self) -> Iterable[object]:  # noqa: D102
        return (
            self._model()
            .objects.published()
            .prefetch_related("themes")
            .iterator(chunk_size=1000)
        )

    def is_public(self, obj) -> bool:  # noqa: D102
        return self._model().objects.published().filter(pk=obj.pk).exists()

    def document(self, statement) -> SearchDocument:  # noqa: D102
        themes = [theme.label for theme in statement.themes.all()]
        # Only the published (edited) text: never original_text, never contacts.
        words = statement.text
        return SearchDocument(
            key=self.key_for(statement),
            kind=self.kind,
            object_id=statement.pk,
            title=(words[:80] + "…") if len(words) > 80 else words,
            url=statement.get_absolute_url(),
            summary=", ".join(themes),
            body=words,
            facts=" ".join(themes),
            published_at=statement.published_at,
        )


if apps.is_installed("cms.voices"):
    register(StatementSource())
