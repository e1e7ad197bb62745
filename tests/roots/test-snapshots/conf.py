project = "Snapshot Weekly"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://snapshot.example/"
newsletter_regions = {
    "asia": {"title": "Asia"},
    "japan": {"title": "Japan", "parent": "asia"},
}
