from django.apps import AppConfig


class EhchConfig(AppConfig):
    """The project shell: health check, start-up checks and site-wide glue."""

    name = "ehch"
    label = "ehch"
    verbose_name = "EHCH Learning Network"

    def ready(self) -> None:  # noqa: D102
        from django.core.signals import request_finished
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from ehch import client_address  # noqa: F401  (registers its system check)
        from ehch.pagecache import content_changed, is_content_model, model_changed
        from ehch.request_id import forget_request_id

        request_finished.connect(forget_request_id, dispatch_uid="request-id-forget")

        def changed(sender, **kwargs) -> None:
            if sender is not None:
                model_changed(sender)

        def m2m(sender, instance, **kwargs) -> None:
            if is_content_model(type(instance)):
                content_changed()

        from django.apps import apps

        if apps.is_installed("cms.voices"):
            from cms.voices.signals import statement_published, statement_unpublished

            statement_published.connect(content_changed, dispatch_uid="pagecache-pub")
            statement_unpublished.connect(
                content_changed, dispatch_uid="pagecache-unpub"
            )

        post_save.connect(changed, weak=False, dispatch_uid="pagecache-save")
        post_delete.connect(changed, weak=False, dispatch_uid="pagecache-delete")
        m2m_changed.connect(m2m, weak=False, dispatch_uid="pagecache-m2m")
