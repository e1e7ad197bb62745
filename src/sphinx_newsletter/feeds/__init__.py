"""Feeds: every published issue as Atom, RSS 2.0 and JSON Feed, and Atom per region and topic."""
