"""Unit tests of the front-matter reader and the spec's id rule (``slugs``), without a build."""

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_newsletter.read.frontmatter import FrontMatter, parse_front_matter
from sphinx_newsletter.slugs import is_slug, slugify, split_list, taxonomy_slug

VALID = """\
---
number: 9
date: 2024-03-02
description: >-
  OpenAI's Sora dampens China's AI hopes, and two crypto
  bad boys of Asia meet their fates.
image: /_static/issues/0009/cover.png
image-alt: A robot pouring water over a map.
draft: false
---

# China AI dreams of Sora
"""


def problems_at(front: FrontMatter) -> dict[int, list[str]]:
    """The problems of ``front`` grouped by line."""
    out: dict[int, list[str]] = {}
    for line, message in front.problems:
        out.setdefault(line, []).append(message)
    return out


# -- parse_front_matter ----------------------------------------------------------


def test_valid_front_matter_is_read_with_types_and_lines() -> None:
    front = parse_front_matter(VALID)
    assert front.problems == []
    assert front.present
    assert front.values["number"] == 9
    assert front.values["date"] == dt.date(2024, 3, 2)
    assert front.values["description"] == (
        "OpenAI's Sora dampens China's AI hopes, and two crypto bad boys of Asia meet their fates."
    )
    assert front.values["image"] == "/_static/issues/0009/cover.png"
    assert front.values["image-alt"] == "A robot pouring water over a map."
    assert front.values["draft"] is False
    assert front.lines == {
        "number": 2,
        "date": 3,
        "description": 4,
        "image": 7,
        "image-alt": 8,
        "draft": 9,
    }


def test_draft_true_is_read_as_a_boolean() -> None:
    front = parse_front_matter(VALID.replace("draft: false", "draft: true"))
    assert front.problems == []
    assert front.values["draft"] is True


def test_missing_required_fields_are_problems_at_line_1() -> None:
    front = parse_front_matter("---\nimage-alt: Only an alt text.\n---\n\n# Headline\n")
    assert front.present
    messages = problems_at(front)
    assert list(messages) == [1]
    assert len(messages[1]) == 3
    for name in ("number", "date", "description"):
        assert any(f"'{name}'" in m and "missing" in m for m in messages[1]), name


def test_missing_field_line_defaults_to_1() -> None:
    front = parse_front_matter("---\ndate: 2024-03-02\n---\n")
    assert front.line("number") == 1
    assert front.line("date") == 2


@pytest.mark.parametrize("value", ["eight", "0", "-3", "9.5", "1e3", "0x10"])
def test_number_that_is_not_a_positive_integer_is_a_problem_at_its_line(value: str) -> None:
    front = parse_front_matter(VALID.replace("number: 9", f"number: {value}"))
    assert "number" not in front.values
    messages = problems_at(front)
    assert list(messages) == [2]
    assert "'number'" in messages[2][0]
    assert repr(value) in messages[2][0]


@pytest.mark.parametrize(
    "value",
    ["2024-02-30", "2023-02-29", "2024-13-01", "2024-3-2", "March 2, 2024", "2024-03-02T10:00:00"],
)
def test_date_that_is_not_a_calendar_date_is_a_problem_at_its_line(value: str) -> None:
    front = parse_front_matter(VALID.replace("date: 2024-03-02", f"date: {value}"))
    assert "date" not in front.values
    messages = problems_at(front)
    assert list(messages) == [3]
    assert "'date'" in messages[3][0]
    assert "YYYY-MM-DD" in messages[3][0]


def test_leap_day_is_a_calendar_date() -> None:
    front = parse_front_matter(VALID.replace("date: 2024-03-02", "date: 2024-02-29"))
    assert front.problems == []
    assert front.values["date"] == dt.date(2024, 2, 29)


@pytest.mark.parametrize("value", ["maybe", "1", "true false", "draft"])
def test_draft_that_is_not_a_boolean_is_a_problem_at_its_line(value: str) -> None:
    front = parse_front_matter(VALID.replace("draft: false", f"draft: {value}"))
    # Fail closed: a draft flag that cannot be read keeps the issue a draft.
    assert front.values["draft"] is True
    assert front.held
    messages = problems_at(front)
    assert list(messages) == [9]
    assert "true or false" in messages[9][0]
    assert "unpublished" in messages[9][0]


def test_broken_yaml_in_one_field_keeps_the_other_fields() -> None:
    source = VALID.replace(
        "image-alt: A robot pouring water over a map.", 'image-alt: "an unclosed quote'
    )
    front = parse_front_matter(source)
    messages = problems_at(front)
    assert list(messages) == [8]
    assert "'image-alt'" in messages[8][0]
    assert "YAML" in messages[8][0]
    assert front.values["number"] == 9
    assert front.values["date"] == dt.date(2024, 3, 2)
    assert front.values["draft"] is False


def test_broken_yaml_does_not_hide_the_other_fields_problems() -> None:
    source = (
        "---\nnumber: 10\ndate: 2024-13-01\ndescription: Sora: cold water\ndraft: perhaps\n---\n"
    )
    messages = problems_at(parse_front_matter(source))
    assert sorted(messages) == [3, 4, 5]
    assert "'date'" in messages[3][0]
    assert "'description'" in messages[4][0]
    assert "'draft'" in messages[5][0]


def test_list_value_is_a_problem_of_its_field() -> None:
    front = parse_front_matter(VALID.replace("number: 9", "number: [9, 10]"))
    messages = problems_at(front)
    assert list(messages) == [2]
    assert "single value" in messages[2][0]


def test_empty_description_is_a_problem_at_its_line() -> None:
    front = parse_front_matter("---\nnumber: 9\ndate: 2024-03-02\ndescription:\n---\n")
    messages = problems_at(front)
    assert list(messages) == [4]
    assert "'description'" in messages[4][0]
    assert "empty" in messages[4][0]


def test_no_front_matter_is_one_problem_at_line_1() -> None:
    front = parse_front_matter("# No front matter\n\nJust text.\n")
    assert not front.present
    assert front.values == {"draft": True}
    assert [line for line, _ in front.problems] == [1]
    assert "no front matter" in front.problems[0][1]


def test_unclosed_front_matter_is_a_problem_not_a_crash() -> None:
    front = parse_front_matter("---\nnumber: 9\ndate: 2024-03-02\n\n# Headline\n")
    assert front.problems
    assert all(line >= 1 for line, _ in front.problems)


@pytest.mark.parametrize(
    "source",
    [
        "",
        "---",
        "---\n---\n",
        "\n\n",
        "---\n: :\n---\n",
        "---\n- a list\n- block\n---\n",
        "---\n\tnumber: 9\n---\n",
    ],
)
def test_odd_input_gives_problems_never_an_exception(source: str) -> None:
    front = parse_front_matter(source)
    assert front.problems
    assert all(isinstance(line, int) and line >= 1 for line, _ in front.problems)


def test_windows_line_endings_are_read_like_unix_ones() -> None:
    front = parse_front_matter(VALID.replace("\n", "\r\n"))
    assert front.problems == []
    assert front.values["number"] == 9
    assert front.lines["draft"] == 9


def test_comments_and_blank_lines_keep_field_lines_right() -> None:
    source = "---\n# the issue\nnumber: 9\n\ndate: 2024-03-02\ndescription: Text.\n---\n"
    front = parse_front_matter(source)
    assert front.problems == []
    assert front.lines["number"] == 3
    assert front.lines["date"] == 5


# -- slugs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("OpenAI's Sora pours 'cold water'", "openai-s-sora-pours-cold-water"),
        ("OpenAI\u2019s Sora pours \u2018cold water\u2019", "openai-s-sora-pours-cold-water"),
        ("日本の半導体ルネサンス", "日本の半導体ルネサンス"),
        ("  --Leading and trailing--  ", "leading-and-trailing"),
        ("a -- b __ c", "a-b-c"),
        ("snake_case", "snake-case"),
        ("Sora \uff21\uff29 \uff19", "sora-ai-9"),  # full-width letters and digit
        ("ﬁsh ①", "fish-1"),
        ("Straße", "strasse"),
        ("ΣΊΣΥΦΟΣ", "σίσυφοσ"),
        ("Cafe\u0301", "café"),
        ("हिन्दी समाचार", "हिन्दी-समाचार"),
        ("٣ أيام", "٣-أيام"),
        ("Sora 🌊 cold", "sora-cold"),
    ],
)
def test_slugify_follows_the_spec(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize("text", ["", "!!!", "— … —", "🌊🌊", "+#", "'\"<>"])
def test_slugify_of_symbols_only_is_empty(text: str) -> None:
    assert slugify(text) == ""


def test_slugify_is_never_truncated() -> None:
    title = " ".join(["semiconductor"] * 40)
    assert slugify(title) == "-".join(["semiconductor"] * 40)


def test_slugify_is_idempotent() -> None:
    slug = slugify("OpenAI's Sora pours 'cold water' on China's AI dreams")
    assert slugify(slug) == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("C++", "cplusplus"),
        ("C#", "csharp"),
        ("F# and C#", "fsharp-and-csharp"),
        ("AI", "ai"),
        ("ai", "ai"),
        ("Nikkei Asia Review", "nikkei-asia-review"),
    ],
)
def test_taxonomy_slug_spells_plus_and_sharp(name: str, slug: str) -> None:
    assert taxonomy_slug(name) == slug


def test_taxonomy_slug_keeps_c_languages_apart() -> None:
    assert len({taxonomy_slug(name) for name in ("C", "C++", "C#")}) == 3


@pytest.mark.parametrize(
    "text", ["sora-cold-water", "日本の半導体ルネサンス", "ai", "2024", "σίσυφοσ"]
)
def test_is_slug_accepts_slugs(text: str) -> None:
    assert is_slug(text)


@pytest.mark.parametrize(
    "text", ["", "Not A Slug", "a--b", "-a", "a-", "a_b", "Sora", "a b", "ﬁsh"]
)
def test_is_slug_rejects_what_is_not_its_own_slug(text: str) -> None:
    assert not is_slug(text)


def test_split_list_drops_empty_items_and_spaces() -> None:
    assert split_list(" Coco Feng, ,Ben Jiang ,") == ["Coco Feng", "Ben Jiang"]
    assert split_list(" , ,") == []
