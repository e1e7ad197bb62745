project = "Asia Reads"
language = "en"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://reads.example/"
newsletter_regions = {
    "asia": {"title": "Asia"},
    "japan": {"title": "Japan", "parent": "asia"},
    "south-korea": {"title": "South Korea", "parent": "asia"},
}

# The mail service's sign-up (a placeholder address): its button in the header.
newsletter_subscribe = {"url": "https://multilingual.example/subscribe"}
