"""Members-only forums become readable by approved members only (issue 14).

Until now one row let every signed-in account, pending or rejected included,
see and read every forum. This removes it and lets signed-in accounts read
what visitors read: the forums with an anonymous reading row. Approved members,
moderators and administrators read every forum through their groups' rows
(``forum.structure.ensure_forum_tree``). Reversing restores the old row.
"""

from django.db import migrations

READ = ["can_see_forum", "can_read_forum"]


def members_only_for_members(apps, schema_editor):
    UserForumPermission = apps.get_model("forum_permission", "UserForumPermission")
    public = UserForumPermission.objects.filter(
        anonymous_user=True,
        forum__isnull=False,
        permission__codename__in=READ,
        has_perm=True,
    ).select_related("permission")
    for row in public:
        UserForumPermission.objects.update_or_create(
            permission=row.permission,
            forum=row.forum,
            authenticated_user=True,
            anonymous_user=False,
            user=None,
            defaults={"has_perm": True},
        )
    UserForumPermission.objects.filter(
        authenticated_user=True, forum__isnull=True, permission__codename__in=READ
    ).delete()


def every_signed_in_account_reads(apps, schema_editor):
    ForumPermission = apps.get_model("forum_permission", "ForumPermission")
    UserForumPermission = apps.get_model("forum_permission", "UserForumPermission")
    for permission in ForumPermission.objects.filter(codename__in=READ):
        UserForumPermission.objects.update_or_create(
            permission=permission,
            forum=None,
            authenticated_user=True,
            anonymous_user=False,
            user=None,
            defaults={"has_perm": True},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("community_forum", "0001_initial"),
        ("forum_permission", "0005_userforumpermission_authenticated_user"),
    ]

    operations = [
        migrations.RunPython(members_only_for_members, every_signed_in_account_reads)
    ]
