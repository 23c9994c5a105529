"""machina's member shortcuts: a member is shown by the name they chose.

machina shows ``user.get_username()`` wherever a template uses the
``forum_member_display_name`` filter (posts, topic lists, last-post lines, the
moderation queue, feeds). Here it is the member's display name, "Former
member" for a deleted account, and never a username or an email address
(``ehch.accounts.names.public_name``). The posts' querysets join
``poster__member_profile`` so this costs no query per post.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from ehch.accounts.names import public_name


def get_forum_member_display_name(user: AbstractBaseUser | None) -> str:
    """The name readers see for ``user`` (found by machina's ``get_class``)."""
    return public_name(user)
