"""Give every account whose username is, or contains, an email address a new one.

Usernames used to be typed at sign-up, and some people typed their email
address. Usernames are no longer shown or used to sign in (members sign in
with their email address), so a new one made from the member's display name
changes nothing for them.

Not changed, and fine to leave: django-axes' sign-in records
(``AccessAttempt``, ``AccessLog``, ``AccessFailureLog``) are keyed by the
username as it was. Failures counted under an old username stop counting
towards the lock-out (they expire after the cool-off anyway), and a "known
address" for the slow-down is learnt again at the member's next sign-in.
The records themselves go when the member deletes their account (the
erasure removes those keyed by the email address).
"""

import re
import unicodedata

from django.conf import settings
from django.db import migrations

# As ehch.accounts.names.USERNAME_UNSAFE: no "@" or "+" in a username.
UNSAFE = re.compile(r"[^\w\s.-]")
MAX_LENGTH = 150


def _base(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = text.encode("ascii", "ignore").decode("ascii")
    text = UNSAFE.sub("", text).lower().strip()
    return re.sub(r"\s+", "_", text)[:120] or "member"


def replace_email_usernames(apps, schema_editor):
    """Replace each username with an "@" by one made from the person's name."""
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Profile = apps.get_model("members", "MemberProfile")
    names = dict(Profile.objects.values_list("user_id", "display_name"))
    for user in User.objects.filter(username__contains="@").order_by("pk"):
        shown = names.get(user.pk, "")
        if "@" in shown:  # never a name made from an address either
            shown = ""
        full = f"{user.first_name} {user.last_name}".strip()
        base = _base(shown or ("" if "@" in full else full))
        candidate, n = base, 1
        while User.objects.filter(username__iexact=candidate).exists():
            n += 1
            candidate = f"{base}{n}"[:MAX_LENGTH]
        user.username = candidate
        user.save(update_fields=["username"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_display_name_never_an_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(replace_email_usernames, migrations.RunPython.noop),
    ]
