"""The email edition: each published issue as mail-client HTML, plain text and a ``.eml``."""
