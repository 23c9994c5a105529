"""Override of machina's ``forum_tracking`` app: the read-tracking handler.

machina's ``get_class`` finds this package (it ends in ``.forum_tracking``)
before machina's own, so ``handler.py`` here replaces machina's
``TrackingHandler``; anything not defined here falls back to machina.
"""
