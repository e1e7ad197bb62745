"""The default region tree for Asia.

``ASIA_REGIONS`` has the shape of the ``newsletter_regions`` setting: each key is a
region id (a lowercase ASCII slug) mapped to its English ``title`` and, except for
the root ``asia``, the id of its ``parent``. Parents come before their children, and
countries are listed alphabetically within their parent region.
"""

from __future__ import annotations

ASIA_REGIONS: dict[str, dict[str, str]] = {
    "asia": {"title": "Asia"},
    "east-asia": {"title": "East Asia", "parent": "asia"},
    "south-asia": {"title": "South Asia", "parent": "asia"},
    "southeast-asia": {"title": "Southeast Asia", "parent": "asia"},
    # East Asia
    "china": {"title": "China", "parent": "east-asia"},
    "hong-kong": {"title": "Hong Kong", "parent": "east-asia"},
    "japan": {"title": "Japan", "parent": "east-asia"},
    "macau": {"title": "Macau", "parent": "east-asia"},
    "mongolia": {"title": "Mongolia", "parent": "east-asia"},
    "north-korea": {"title": "North Korea", "parent": "east-asia"},
    "south-korea": {"title": "South Korea", "parent": "east-asia"},
    "taiwan": {"title": "Taiwan", "parent": "east-asia"},
    # South Asia
    "afghanistan": {"title": "Afghanistan", "parent": "south-asia"},
    "bangladesh": {"title": "Bangladesh", "parent": "south-asia"},
    "bhutan": {"title": "Bhutan", "parent": "south-asia"},
    "india": {"title": "India", "parent": "south-asia"},
    "maldives": {"title": "Maldives", "parent": "south-asia"},
    "nepal": {"title": "Nepal", "parent": "south-asia"},
    "pakistan": {"title": "Pakistan", "parent": "south-asia"},
    "sri-lanka": {"title": "Sri Lanka", "parent": "south-asia"},
    # Southeast Asia
    "brunei": {"title": "Brunei", "parent": "southeast-asia"},
    "cambodia": {"title": "Cambodia", "parent": "southeast-asia"},
    "indonesia": {"title": "Indonesia", "parent": "southeast-asia"},
    "laos": {"title": "Laos", "parent": "southeast-asia"},
    "malaysia": {"title": "Malaysia", "parent": "southeast-asia"},
    "myanmar": {"title": "Myanmar", "parent": "southeast-asia"},
    "philippines": {"title": "Philippines", "parent": "southeast-asia"},
    "singapore": {"title": "Singapore", "parent": "southeast-asia"},
    "thailand": {"title": "Thailand", "parent": "southeast-asia"},
    "timor-leste": {"title": "Timor-Leste", "parent": "southeast-asia"},
    "vietnam": {"title": "Vietnam", "parent": "southeast-asia"},
}
