project = "Asia Reads"
language = "en"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://reads.example/"
newsletter_regions = {
    "asia": {"title": "Asia"},
    "japan": {"title": "Japan", "parent": "asia"},
    "south-korea": {"title": "South Korea", "parent": "asia"},
}
