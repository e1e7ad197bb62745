project = 'Hostile <Weekly> & "Co"'
extensions = ["sphinx_newsletter"]
html_baseurl = "https://hostile.example/"
newsletter_regions = {
    "asia": {"title": "Asia <script>alert('region')</script>"},
    "japan": {"title": 'Japan " onmouseover="alert(1)', "parent": "asia"},
}
