"""``newsletter import``'s parts: fetch a feed, read it, sanitize and convert each
entry's HTML, and write the issues (``cli/import_feed.py`` is the command)."""
