"""Override of machina's ``forum_feeds`` app: the forum's feeds are Atom.

machina's feeds were RSS built by Django's syndication framework from every
forum the reader may read. Here ``feeds.py`` replaces machina's
``LastTopicsFeed`` (machina's own ``urls.py`` finds it through ``get_class``),
so the URLs and their names stay machina's while each feed is written by the
site's one Atom writer (``ehch.atom``) from what a visitor may see only.
"""
