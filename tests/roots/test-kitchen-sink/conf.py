# Every construct an issue may contain, and a maintainer's page with the rest of
# what MyST and Sphinx write: the content the kit's derived stylesheet is cut for
# (tools/theme_css.py), and the pages tests/test_theme_css.py compares, pixel by
# pixel, with the theme's full stylesheet.
project = "Kitchen Sink Weekly"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://sink.example/"
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "dollarmath"]
newsletter_regions = {
    "asia": {"title": "Asia"},
    "japan": {"title": "Japan", "parent": "asia"},
}
newsletter_subscribe = {
    "title": "Our Ask",
    "text": "Share it.",
    "url": "https://sink.example/subscribe",
    "label": "Subscribe",
}
