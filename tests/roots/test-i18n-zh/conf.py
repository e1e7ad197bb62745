project = "亚洲科技周报"
language = "zh_CN"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://zh-i18n.example/"
newsletter_regions = {
    "asia": {"title": "亚洲"},
    "china": {"title": "中国", "parent": "asia"},
    "japan": {"title": "日本", "parent": "asia"},
    "taiwan": {"title": "台湾", "parent": "asia"},
}
newsletter_subscribe = {
    "title": "订阅我们",
    "text": "每周一封邮件。",
    "url": "https://zh-i18n.example/subscribe",
    "label": "立即订阅",
}
