project = "Unsafe Weekly"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://unsafe.example/"
newsletter_regions = {
    "asia": {"title": "Asia"},
    "japan": {"title": "Japan", "parent": "asia"},
}
# A site that turns these on must not hand them to its issues.
myst_enable_extensions = ["colon_fence", "substitution", "attrs_inline", "html_image"]
myst_substitutions = {"site": "Unsafe Weekly"}
# A careless site may let MyST link any scheme; issues still get only http(s) and mailto.
myst_url_schemes = ["http", "https", "mailto", "ftp", "javascript", "data", "file", "vbscript"]

# The mail service's sign-up (a placeholder address): its button in the header.
newsletter_subscribe = {"url": "https://unsafe.example/subscribe"}
