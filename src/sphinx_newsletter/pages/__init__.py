"""The web pages: issue chrome, listings, navigation, Open Graph, and every file written."""
