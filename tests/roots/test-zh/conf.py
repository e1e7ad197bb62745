project = "科技周报"
language = "zh_CN"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://zh.example/"
newsletter_regions = {
    "asia": {"title": "亚洲"},
    "china": {"title": "中国", "parent": "asia"},
    "taiwan": {"title": "台湾", "parent": "asia"},
}

# The mail service's sign-up (a placeholder address): its button in the header.
newsletter_subscribe = {"form": "https://zh.example/subscribe"}
