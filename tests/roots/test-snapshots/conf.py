project = "Snapshot Weekly"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://snapshot.example/"
newsletter_regions = {
    "asia": {"title": "Asia"},
    "japan": {"title": "Japan", "parent": "asia"},
}

# The mail service's sign-up (a placeholder address): its button in the header.
newsletter_subscribe = {"url": "https://snapshots.example/subscribe"}
