"""Search over the archive."""
