project = "Test Weekly"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://weekly.example/"
newsletter_regions = {
    "asia": {"title": "Asia"},
    "east-asia": {"title": "East Asia", "parent": "asia"},
    "china": {"title": "China", "parent": "east-asia"},
    "japan": {"title": "Japan", "parent": "east-asia"},
    "taiwan": {"title": "Taiwan", "parent": "east-asia"},
    "southeast-asia": {"title": "Southeast Asia", "parent": "asia"},
    "singapore": {"title": "Singapore", "parent": "southeast-asia"},
    "vietnam": {"title": "Vietnam", "parent": "southeast-asia"},
}
newsletter_subscribe = {
    "title": "Our Ask",
    "text": "If you like this newsletter, please share it.",
    "url": "https://weekly.example/subscribe",
    "label": "Subscribe",
}
newsletter_social = [("Podcast", "https://podcast.example/"), ("X", "https://x.example/tw")]
html_static_path = ["_static"]
