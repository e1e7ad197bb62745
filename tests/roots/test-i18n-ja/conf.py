project = "アジアテック週報"
language = "ja"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://ja-i18n.example/"
newsletter_regions = {
    "asia": {"title": "アジア"},
    "japan": {"title": "日本", "parent": "asia"},
    "korea": {"title": "韓国", "parent": "asia"},
}

# The mail service's sign-up (a placeholder address): its button in the header.
newsletter_subscribe = {"url": "https://i18n-ja.example/subscribe"}
