project = "Config Errors Weekly"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://config-errors.example/"
newsletter_regions = {
    "asia": {"title": "Asia"},
    "orphan": {"title": "Orphan", "parent": "asai"},
    "north": {"title": "North", "parent": "south"},
    "south": {"title": "South", "parent": "north"},
    "South Korea": {"title": "South Korea", "parent": "asia"},
}

# The mail service's sign-up (a placeholder address): its button in the header.
newsletter_subscribe = {"url": "https://config-errors.example/subscribe"}
