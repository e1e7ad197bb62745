"""The ``newsletter`` command."""
