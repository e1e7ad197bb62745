"""The settings are typed and read once: every ``newsletter_*`` value a site writes in
``conf.py`` reaches the output, and a mistyped key or a value of the wrong type is a
``newsletter.config`` warning at its line in ``conf.py`` (naming the closest key), its
default used instead. Two builds in one process never share their words.
"""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import Built, Warning_, build_site, copy_root


def with_settings(tmp_path: Path, settings: str, root: str = "basic") -> Path:
    """A copy of a test root whose ``conf.py`` ends with ``settings``."""
    site = copy_root(root, tmp_path / "site")
    conf = site / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + settings, encoding="utf-8")
    return site


def line_of(site: Path, text: str) -> int:
    """The line of ``conf.py`` that holds ``text`` (once)."""
    lines = [
        n for n, line in enumerate((site / "conf.py").read_text().splitlines(), 1) if text in line
    ]
    assert len(lines) == 1, (text, lines)
    return lines[0]


def config_warning(built: Built, line: int) -> Warning_:
    """The one ``newsletter.config`` warning located at ``conf.py:line``."""
    found = [w for w in built.of("config") if w.path == "conf.py" and w.line == line]
    assert len(found) == 1, (line, [(w.path, w.line, w.message) for w in built.of("config")])
    return found[0]


def visible(page: BeautifulSoup, selector: str) -> list[str]:
    """The whitespace-normalised text of every element ``selector`` finds."""
    return [" ".join(node.get_text(" ").split()) for node in page.select(selector)]


def test_email_settings_reach_the_message_and_a_mistyped_key_is_warned_at_its_line(
    tmp_path: Path,
) -> None:
    site = with_settings(
        tmp_path,
        "newsletter_email = {\n"
        '    "from": "Test Weekly <editor@weekly.example>",\n'
        '    "replyto": "Editors <reply@weekly.example>",\n'
        '    "address": 42,\n'
        '    "list_unsubscribe_url": "https://weekly.example/unsubscribe",\n'
        "}\n",
    )
    built = build_site(site, builder="newsletter-email")
    typo = config_warning(built, line_of(site, '"replyto"'))
    assert "newsletter_email: 'replyto' is not one of its keys (did you mean 'reply_to'?)" in (
        typo.message
    )
    wrong = config_warning(built, line_of(site, '"address"'))
    assert "'address'" in wrong.message
    assert "must be a text (str), not int 42; the default ('') is used" in wrong.message
    message = email.message_from_bytes(
        (built.outdir / "0001.eml").read_bytes(), policy=email.policy.default
    )
    assert message["From"] == "Test Weekly <editor@weekly.example>"
    assert message["Reply-To"] is None  # the mistyped key is not read as another
    assert message["List-Unsubscribe"] == "<https://weekly.example/unsubscribe>"
    assert "42" not in (built.outdir / "0001.txt").read_text(encoding="utf-8").split("-- \n")[-1]


def test_subscribe_settings_reach_every_issue_and_a_mistyped_key_is_warned_at_its_line(
    tmp_path: Path,
) -> None:
    site = with_settings(
        tmp_path,
        "newsletter_subscribe = {\n"
        '    "title": "Join the list",\n'
        '    "url": "https://weekly.example/join",\n'
        '    "lable": "Sign me up",\n'
        '    "text": ["not", "a", "text"],\n'
        "}\n",
    )
    built = build_site(site)
    typo = config_warning(built, line_of(site, '"lable"'))
    assert "newsletter_subscribe: 'lable' is not one of its keys (did you mean 'label'?)" in (
        typo.message
    )
    wrong = config_warning(built, line_of(site, '"text": ['))
    assert "'text' (its paragraph) must be a text (str), not list" in wrong.message
    page = built.page("issues/0001/")
    assert visible(page, ".subscribe-title") == ["Join the list"]
    # The mistyped label is not used: the button says the kit's own word.
    assert visible(page, "a.subscribe-button") == ["Subscribe"]
    assert [a["href"] for a in page.select("a.subscribe-button")] == ["https://weekly.example/join"]
    assert page.select(".subscribe-text") == []


def test_social_links_reach_every_issue_and_an_entry_that_is_no_pair_is_warned_at_its_line(
    tmp_path: Path,
) -> None:
    site = with_settings(
        tmp_path,
        "newsletter_social = [\n"
        '    ("Podcast", "https://podcast.example/"),\n'
        '    ("Mastodon", "https://mastodon.example/@weekly", "extra"),\n'
        '    ["Feed", 7],\n'
        "]\n",
    )
    built = build_site(site)
    for text in ('"extra"', '["Feed", 7]'):
        problem = config_warning(built, line_of(site, text))
        assert "must be a (label, url) pair of texts" in problem.message
        assert "it is left out" in problem.message
    page = built.page("issues/0001/")
    links = page.select(".social-links a")
    assert [(a.get_text(), a["href"]) for a in links] == [("Podcast", "https://podcast.example/")]


def test_labels_reach_the_pages_and_a_mistyped_label_is_warned_at_its_line(
    tmp_path: Path,
) -> None:
    site = with_settings(
        tmp_path,
        "newsletter_labels = {\n"
        '    "Our Tak": "Why read it",\n'
        '    "Sponsored": 3,\n'
        '    "Latest issue": "This week",\n'
        "}\n",
        root="i18n-zh",
    )
    built = build_site(site)
    typo = config_warning(built, line_of(site, '"Our Tak"'))
    assert "'Our Tak' is not one of the kit's labels (did you mean 'Our Take'?)" in typo.message
    wrong = config_warning(built, line_of(site, '"Sponsored"'))
    assert "the label for 'Sponsored' must be a text" in wrong.message
    page = built.page("issues/0001/")
    assert visible(page, ".take-label") == ["编者按"]  # the catalog's, not the mistyped one
    assert visible(page, ".sponsor-label") == ["赞助"]
    assert visible(page, "nav.nl-nav .nl-nav-sections a")[0] == "This week"


def test_region_settings_build_the_tree_and_a_mistyped_key_is_warned_at_its_line(
    tmp_path: Path,
) -> None:
    site = with_settings(
        tmp_path,
        "newsletter_regions = {\n"
        '    "asia": {"title": "Asia"},\n'
        '    "east-asia": {"title": "East Asia", "parnet": "asia"},\n'
        '    "japan": {"title": 5, "parent": "east-asia"},\n'
        '    "singapore": {"title": "Singapore", "parent": "asia"},\n'
        "}\n",
    )
    built = build_site(site)
    typo = config_warning(built, line_of(site, '"parnet"'))
    assert "region 'east-asia' has the key 'parnet'" in typo.message
    assert "(did you mean 'parent'?)" in typo.message
    wrong = config_warning(built, line_of(site, '"title": 5'))
    assert "region 'japan': 'title' must be a text (str), not int" in wrong.message
    # The region's own id is its title when the one written cannot be used.
    for region, title in (("japan", "japan"), ("east-asia", "East Asia")):
        assert visible(built.page(f"regions/{region}/"), "title")[0].startswith(f"{title} —")


def test_a_scalar_of_the_wrong_type_is_warned_once_at_its_line_and_its_default_used(
    tmp_path: Path,
) -> None:
    site = with_settings(
        tmp_path,
        'newsletter_show_drafts = "yes"\nnewsletter_emial = {"from": "A <a@weekly.example>"}\n',
    )
    built = build_site(site)
    wrong = config_warning(built, line_of(site, "newsletter_show_drafts"))
    assert wrong.message.startswith("newsletter_show_drafts (whether draft issues get pages")
    assert "must be True or False, not str 'yes'; the default (False) is used" in wrong.message
    # Sphinx's own type check does not warn about it a second time.
    assert "newsletter_show_drafts" not in built.warning_text.replace(wrong.message, "")
    assert not built.exists("issues/0003/")  # the draft
    unknown = config_warning(built, line_of(site, "newsletter_emial"))
    assert "newsletter_emial is not a setting of sphinx-newsletter" in unknown.message
    assert "(did you mean 'newsletter_email'" in unknown.message


def test_a_problem_in_a_setting_conf_py_does_not_write_is_located_at_its_first_line(
    tmp_path: Path,
) -> None:
    site = copy_root("basic", tmp_path / "site")
    built = build_site(site, newsletter_email={"form": "A <a@weekly.example>"})
    problem = config_warning(built, 1)
    assert "'form' is not one of its keys (did you mean 'from'?)" in problem.message


def test_every_setting_is_declared_from_its_field_with_the_default_in_one_place() -> None:
    from sphinx_newsletter.config import CONFIG_VALUES, NewsletterSettings

    fields = NewsletterSettings.__dataclass_fields__
    assert set(CONFIG_VALUES) == {f"newsletter_{name}" for name in fields}
    settings = NewsletterSettings()
    for name, (default, _rebuild, _types) in CONFIG_VALUES.items():
        field = fields[name.removeprefix("newsletter_")]
        assert field.metadata["help"], name
        if isinstance(default, (str, int, bool, type(None))):
            assert getattr(settings, field.name) == default


def test_the_readme_lists_every_setting_with_its_type_and_default() -> None:
    from sphinx_newsletter.config import CONFIG_VALUES

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name in CONFIG_VALUES:  # "`name` (type, `default`)"
        assert re.search(rf"`{name}`\s+\([^)]*(str|int|bool|dict|list)[^)]*`", readme), name


# -- two builds in one process -------------------------------------------------

#: Two sites of one process: their language and their own labels.
SITES = {
    "a": {"language": "ja", "newsletter_labels": {"Sponsored": "Ad, in A"}},
    "b": {"language": "en", "newsletter_labels": {"Our Take": "Why read it, in B"}},
}
#: What each site's first issue must say: its take label, its sponsor label, and
#: its sidebar's first section (from the templates).
EXPECTED = {
    "a": ("編集部より", "Ad, in A", "最新号"),
    "b": ("Why read it, in B", "Sponsored", "Latest issue"),
}


@pytest.mark.parametrize("order", ["one after the other", "interleaved"])
def test_two_builds_in_one_process_each_speak_their_own_words(tmp_path: Path, order: str) -> None:
    from sphinx.testing.util import SphinxTestApp

    def make(name: str) -> SphinxTestApp:
        srcdir = copy_root("i18n-ja", tmp_path / name)
        return SphinxTestApp("dirhtml", srcdir=srcdir, confoverrides=SITES[name])

    if order == "one after the other":
        a = make("a")
        a.build()
        b = make("b")
        b.build()
    else:  # A is set up, B set up and built, then A built
        a = make("a")
        b = make("b")
        b.build()
        a.build()
    for name, app in (("a", a), ("b", b)):
        app.cleanup()
        built = Built(Path(app.srcdir), Path(app.outdir), app, app.warning.getvalue())
        assert built.of("config") == []
        page = built.page("issues/0001/")
        shown = (
            visible(page, ".take-label")[0],
            visible(page, ".sponsor-label")[0],
            visible(page, "nav.nl-nav .nl-nav-sections a")[0],
        )
        assert shown == EXPECTED[name], name
