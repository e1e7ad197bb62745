project = "移动开发周报"
language = "zh_CN"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://cjk-recall.example/"
