"""Reading issues: front matter, directives, what an untrusted page may contain, the catalog.

Everything here runs while Sphinx reads a source, or reads the sources without a site.
"""
