"""Override of machina's ``forum_conversation`` app: our posting views and forms.

machina's ``get_class`` finds this package (it ends in ``.forum_conversation``)
before machina's own, so ``forms.py`` and ``views.py`` here replace machina's
classes of the same name; anything not defined here falls back to machina.
"""
