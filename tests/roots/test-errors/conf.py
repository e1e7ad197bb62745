project = "Errors Weekly"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://errors.example/"
newsletter_regions = {
    "asia": {"title": "Asia"},
    "east-asia": {"title": "East Asia", "parent": "asia"},
    "china": {"title": "China", "parent": "east-asia"},
    "japan": {"title": "Japan", "parent": "east-asia"},
    "southeast-asia": {"title": "Southeast Asia", "parent": "asia"},
    "singapore": {"title": "Singapore", "parent": "southeast-asia"},
    "malaysia": {"title": "Malaysia", "parent": "southeast-asia"},
}

# The mail service's sign-up (a placeholder address): its button in the header.
newsletter_subscribe = {"url": "https://errors.example/subscribe"}
