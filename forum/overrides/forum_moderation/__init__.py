"""Override of machina's ``forum_moderation`` app: every action is audited.

The views here subclass machina's and route each moderation action through
``forum.moderation`` so it writes a ModerationLogEntry and sends our
publish/remove signals.
"""
