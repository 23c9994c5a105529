"""Override of machina's ``forum_member`` app: its public member pages are closed.

machina's profile and per-member post list pages named every account by
username to anyone and listed held posts; the site's own signed-in profile at
``/members/<account number>/`` replaces them (machina's profile address
redirects there). Members are shown by their display name, never their
username (``shortcuts.py``). Members keep their forum settings and their
subscriptions pages.
"""
