"""Override of machina's ``forum`` app (label ``forum``): the forum page's view.

machina's ``get_class`` finds this package (it ends in ``.forum``) before
machina's own, so ``views.py`` here replaces machina's ``ForumView``; anything
not defined here (urls, forms, visibility) falls back to machina.
"""
