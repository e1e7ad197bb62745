project = 'Hostile <Weekly> & "Co"'
extensions = ["sphinx_newsletter"]
html_baseurl = "https://hostile.example/"
newsletter_regions = {
    "asia": {"title": "Asia <script>alert('region')</script>"},
    "japan": {"title": 'Japan " onmouseover="alert(1)', "parent": "asia"},
}

# The mail service's sign-up (a placeholder address): its button in the header.
newsletter_subscribe = {"url": "https://hostile.example/subscribe"}
