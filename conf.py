"""Sphinx configuration of This Week in Asia, built with sphinx-newsletter."""

from sphinx_newsletter.asia import ASIA_REGIONS

project = "This Week in Asia"
author = "This Week in Asia"
copyright = "2024, This Week in Asia"
language = "en"
extensions = ["sphinx_newsletter"]

# The default region tree for Asia: East, South and Southeast Asia down to the countries.
newsletter_regions = ASIA_REGIONS

# The site's public address: canonical links, Open Graph, sitemap and feeds use it.
html_baseurl = "https://thisweekinasia.example/"

# "Our Ask", shown under every issue and on the home page; "url" is the header's
# Subscribe button too. Like html_baseurl, the address is a placeholder on the
# reserved .example domain: put your mail service's sign-up page there (or its
# form's action as "form").
newsletter_subscribe = {
    "url": "https://thisweekinasia.example/subscribe/",
    "title": "Our Ask",
    "text": (
        "If you like this newsletter, please like and share it. Follow and subscribe "
        "on YouTube, Apple Podcasts, Spotify, X (formerly known as Twitter), Threads "
        "and TikTok."
    ),
}
# The email edition (`make email`) needs the sender and the postal address, which the
# seed issue does not give; until they are set here it warns (newsletter.config):
# newsletter_email = {"from": "This Week in Asia <...>", "address": "..."}
# Social links as (label, https URL) pairs; the seed issue lost its addresses.
newsletter_social: list[tuple[str, str]] = []

html_static_path = ["_static"]
templates_path = ["_templates"]
exclude_patterns = [
    "_build", ".venv", "README.md", "benchmarks", "src", "tests", ".ci",
    "node_modules", ".pytest_cache", "**/.pytest_cache", "*.egg-info", ".hypothesis",
    "CONTRIBUTING.md", ".github",
]

# Issue 9 was converted from text that lost its article links: its recommendations
# carry ':no-url:', so the missing-link warning still guards every future issue.
