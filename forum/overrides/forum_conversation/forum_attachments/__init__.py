"""Override of machina's ``forum_attachments`` app: downloads check the post.

Installed in place of ``machina.apps.forum_conversation.forum_attachments``
(machina's ``get_class`` finds apps by this dotted tail); models, forms and
the cache are machina's, re-exported here because ``get_class`` looks here
first and finds no machina fallback for a nested app.
"""
