project = "Proto Weekly"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://proto.example/"
# Names a plain JavaScript object inherits (constructor, __proto__...): the search
# page must show them as the names they are.
newsletter_regions = {
    "asia": {"title": "Asia"},
    "constructor": {"title": "__proto__", "parent": "asia"},
    "japan": {"title": "constructor", "parent": "asia"},
}

# The mail service's sign-up (a placeholder address): its button in the header.
newsletter_subscribe = {"url": "https://proto-names.example/subscribe"}
