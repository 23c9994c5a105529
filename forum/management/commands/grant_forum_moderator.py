"""Make a member a moderator of one forum only (or remove that role)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from machina.core.db.models import get_model

from forum.structure import grant_forum_moderator, revoke_forum_moderator

Forum = get_model("forum", "Forum")


class Command(BaseCommand):
    """Grant machina's per-forum moderator permissions to one user."""

    help = "Make USERNAME a moderator of the forum named FORUM (or --revoke)."

    def add_arguments(self, parser) -> None:  # noqa: D102
        parser.add_argument("username")
        parser.add_argument("forum", help="The forum's name, e.g. 'Measuring impact'.")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, **options) -> None:  # noqa: D102
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: options["username"]}).first()
        if user is None:
            raise CommandError(f"No user called {options['username']!r}.")
        forum = Forum.objects.filter(
            name=options["forum"], type=Forum.FORUM_POST
        ).first()
        if forum is None:
            raise CommandError(f"No forum called {options['forum']!r}.")
        if options["revoke"]:
            revoke_forum_moderator(user, forum)
            self.stdout.write(f"{user} no longer moderates {forum.name}.")
        else:
            grant_forum_moderator(user, forum)
            self.stdout.write(f"{user} now moderates {forum.name}.")
