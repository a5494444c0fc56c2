"""Unit tests for crawler.loaders: every normalization rule, then the loader."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import date, datetime, timedelta, timezone

import pytest
from parsel import Selector

from crawler.loaders import (
    AGENCY_BYLINES,
    BOILERPLATE_PATTERNS,
    ArticleLoader,
    clean_text,
    clean_url,
    content_sha256,
    count_words,
    dedupe,
    dedupe_paragraphs,
    drop_boilerplate,
    filter_person_name,
    is_boilerplate,
    is_person_name,
    is_relative_time,
    join_body,
    none_if_empty,
    normalize_language,
    parse_date,
    split_authors,
    strip_byline_prefix,
    strip_site_suffix,
)

NON_STR = [None, 0, 42, 3.5, b"bytes", b"\xff\xfe", {"a": 1}, ["x"], object()]


# ---------------------------------------------------------------- clean_text


class TestCleanText:
    @pytest.mark.parametrize("value", NON_STR)
    def test_non_str_dropped(self, value):
        assert clean_text(value) is None

    @pytest.mark.parametrize("value", ["", " ", "\n\t  ", "\u00a0\u00a0", "\u200b\ufeff", "<p> </p>", "&nbsp;"])
    def test_empty_and_whitespace_only_dropped(self, value):
        assert clean_text(value) is None

    def test_html_in_title_and_entities(self):
        assert clean_text("<em>Foo</em> &amp; Bar’s") == "Foo & Bar’s"

    def test_entities_without_markup(self):
        assert clean_text("Tom &amp; Jerry &#8217;s &quot;x&quot; &eacute;") == "Tom & Jerry ’s \"x\" é"

    def test_entities_unescaped_only_once(self):
        assert clean_text("&amp;#8217;") == "&#8217;"

    def test_escaped_markup_is_text_not_tags(self):
        assert clean_text("Use &lt;b&gt; for bold") == "Use <b> for bold"

    def test_script_and_style_contents_removed(self):
        value = "<p>Hello<script>var x = 1;</script><style>p{color:red}</style> world</p>"
        assert clean_text(value) == "Hello world"

    def test_html_comments_removed(self):
        assert clean_text("<p>a<!-- tracking --> b</p>") == "a b"

    def test_block_tags_become_space_inline_tags_do_not(self):
        assert clean_text("<p>One</p><p>Two</p>") == "One Two"
        assert clean_text("Line<br>break") == "Line break"
        assert clean_text("Zo<em>ë</em>") == "Zoë"

    def test_text_with_angle_brackets_not_treated_as_markup(self):
        assert clean_text("a < b and c > d") == "a < b and c > d"

    def test_nfd_normalized_to_nfc(self):
        result = clean_text("Zo\u0065\u0308")
        assert result == "Zo\u00eb" == "Zoë"
        assert len(result) == 3

    def test_nbsp_becomes_space(self):
        assert clean_text("Lagos\u00a0State") == "Lagos State"

    @pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"])
    def test_invisible_chars_removed(self, char):
        assert clean_text(f"Abu{char}ja") == "Abuja"

    def test_whitespace_collapsed_and_stripped(self):
        assert clean_text("  Nigerian \n\n Army\t\tspokesman  ") == "Nigerian Army spokesman"

    def test_other_unicode_spaces_collapsed(self):
        assert clean_text("a\u2009b\u202fc\u3000d") == "a b c d"

    def test_typographic_quotes_and_dashes_preserved(self):
        value = "“Troops’ morale” – high — said ‘officer’ … 2020–2025"
        assert clean_text(value) == value

    def test_straight_quotes_not_smartened(self):
        assert clean_text("It's \"fine\" - ok") == "It's \"fine\" - ok"


# ---------------------------------------------------------- strip_site_suffix


class TestStripSiteSuffix:
    @pytest.mark.parametrize(
        "title",
        [
            "Troops repel attack - OpsIntels",
            "Troops repel attack | OpsIntels",
            "Troops repel attack – OpsIntels",
            "Troops repel attack — OpsIntels",
            "Troops repel attack · OpsIntels",
            "Troops repel attack  |  opsintels ",
            "Troops repel attack - OPSINTELS",
        ],
    )
    def test_known_suffixes_removed(self, title):
        assert strip_site_suffix(title, ["OpsIntels"]) == "Troops repel attack"

    def test_multiword_site_name(self):
        assert strip_site_suffix("Story — Defence Web", ["OpsIntels", "Defence Web"]) == "Story"

    def test_site_name_as_plain_string(self):
        assert strip_site_suffix("Story | OpsIntels", "OpsIntels") == "Story"

    def test_unknown_suffix_kept(self):
        assert strip_site_suffix("Operation Hadin Kai - Part 2", ["OpsIntels"]) == "Operation Hadin Kai - Part 2"

    def test_no_site_names_is_noop(self):
        assert strip_site_suffix("Story | OpsIntels", None) == "Story | OpsIntels"
        assert strip_site_suffix("Story | OpsIntels", []) == "Story | OpsIntels"

    def test_never_leaves_title_empty(self):
        assert strip_site_suffix("OpsIntels", ["OpsIntels"]) == "OpsIntels"
        assert strip_site_suffix("- OpsIntels", ["OpsIntels"]) == "- OpsIntels"
        assert strip_site_suffix(" | OpsIntels", ["OpsIntels"]) == " | OpsIntels"

    def test_only_trailing_suffix_removed(self):
        assert strip_site_suffix("OpsIntels - Troops repel attack", ["OpsIntels"]) == "OpsIntels - Troops repel attack"

    def test_suffix_requires_separator(self):
        assert strip_site_suffix("Welcome to OpsIntels", ["OpsIntels"]) == "Welcome to OpsIntels"

    def test_site_name_regex_chars_escaped(self):
        assert strip_site_suffix("Story | C++ News", ["C++ News"]) == "Story"
        assert strip_site_suffix("Story | CxxNews", ["C.. News"]) == "Story | CxxNews"

    def test_non_str_dropped(self):
        assert strip_site_suffix(None, ["OpsIntels"]) is None
        assert strip_site_suffix(5, ["OpsIntels"]) is None


# ------------------------------------------------------------------ authors


class TestStripBylinePrefix:
    @pytest.mark.parametrize(
        "value",
        [
            "By Jane Doe",
            "by Jane Doe",
            "BY Jane Doe",
            "By: Jane Doe",
            "Written by Jane Doe",
            "Author: Jane Doe",
            "Posted by Jane Doe",
            "Picture of Jane Doe",
            "Picture of By Jane Doe",
            "Picture of Written by Jane Doe",
            "Jane Doe | Staff Writer",
            "Jane Doe - Correspondent",
            "Jane Doe | Defence Correspondent",
            "Jane Doe - Senior Editor",
            "Jane Doe | Reporter",
            "Jane Doe | Contributor",
            "By Jane Doe | Staff Writer",
        ],
    )
    def test_prefixes_and_role_suffixes_removed(self, value):
        assert strip_byline_prefix(value) == "Jane Doe"

    def test_emmanuel(self):
        assert strip_byline_prefix("Picture of By Emmanuel Ademuyiwa") == "Emmanuel Ademuyiwa"

    def test_names_starting_with_by_kept(self):
        assert strip_byline_prefix("Byron Smith") == "Byron Smith"
        assert strip_byline_prefix("Bya Ngozi") == "Bya Ngozi"

    def test_hyphenated_names_and_other_suffixes_kept(self):
        assert strip_byline_prefix("Mary-Jane Smith-Jones") == "Mary-Jane Smith-Jones"
        assert strip_byline_prefix("Jane Doe | Lagos") == "Jane Doe | Lagos"
        assert strip_byline_prefix("Jane Doe Editor") == "Jane Doe Editor"

    def test_role_only_value_kept_rather_than_emptied(self):
        assert strip_byline_prefix("Editor") == "Editor"

    @pytest.mark.parametrize("value", ["By ", "By", "by:", "Author:", "Written by", "Picture of", "", "   "])
    def test_label_only_dropped(self, value):
        assert strip_byline_prefix(value) is None

    @pytest.mark.parametrize("value", [None, 7, b"By X"])
    def test_non_str_dropped(self, value):
        assert strip_byline_prefix(value) is None


class TestSplitAuthors:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
            ("Jane Doe, John Roe", ["Jane Doe", "John Roe"]),
            ("A, B and C", ["A", "B", "C"]),
            ("A, B, and C", ["A", "B", "C"]),
            ("A & B", ["A", "B"]),
            ("A; B", ["A", "B"]),
            ("A;B&C", ["A", "B", "C"]),
            ("Smith, John", ["Smith", "John"]),  # documented: commas always split
            ("Jane Doe", ["Jane Doe"]),
            ("Ferdinand Anderson", ["Ferdinand Anderson"]),
            ("Brandon Sanders", ["Brandon Sanders"]),
            ("A, , B,", ["A", "B"]),
        ],
    )
    def test_split(self, value, expected):
        assert split_authors(value) == expected

    @pytest.mark.parametrize("value", [None, 1, "", "  ", ",;&"])
    def test_empty(self, value):
        assert split_authors(value) == []


class TestIsPersonName:
    @pytest.mark.parametrize(
        "value",
        [
            "AP",
            "ap",
            "Associated Press",
            "The Associated Press",
            "Reuters",
            "AFP",
            "Agence France-Presse",
            "Staff",
            "Staff Writer",
            "Admin",
            "admin",
            "ADMIN",
            "Editorial Team",
            "Guest",
            "Anonymous",
            "News Desk",
        ],
    )
    def test_agencies_rejected(self, value):
        assert not is_person_name(value)
        assert filter_person_name(value) is None

    @pytest.mark.parametrize(
        "value",
        [
            "https://opsintels.com/author/jane",
            "http://x.y",
            "www.opsintels.com",
            "jane@opsintels.com",
            "Contact: jane.doe@example.org",
            "12345",
            "2025",
            "---",
            "x" * 81,
            "",
            "   ",
            None,
            42,
        ],
    )
    def test_junk_rejected(self, value):
        assert not is_person_name(value)

    @pytest.mark.parametrize("value", ["Jane Doe", "Emmanuel Ademuyiwa", "Zoë Ó Briain", "Louis XIV", "A" * 80, "Ap Tran"])
    def test_people_accepted(self, value):
        assert is_person_name(value)
        assert filter_person_name(value) == value

    def test_agency_list_is_casefolded(self):
        assert all(name == name.casefold() for name in AGENCY_BYLINES)


# -------------------------------------------------------------------- dedupe


class TestDedupe:
    def test_order_preserved_first_seen_kept(self):
        assert dedupe(["b", "a", "b", "c", "a"]) == ["b", "a", "c"]

    def test_case_insensitive(self):
        assert dedupe(["Emmanuel Ademuyiwa", "emmanuel ademuyiwa", "EMMANUEL ADEMUYIWA"]) == ["Emmanuel Ademuyiwa"]

    def test_nfc_aware(self):
        assert dedupe(["Zo\u00eb", "Zo\u0065\u0308"]) == ["Zo\u00eb"]

    def test_empty_and_none(self):
        assert dedupe([]) == []
        assert dedupe(None) == []

    def test_unhashable_values_do_not_crash(self):
        assert dedupe([{"a": 1}, {"a": 1}, {"b": 2}]) == [{"a": 1}, {"b": 2}]

    def test_dedupe_paragraphs_exact_only(self):
        paragraphs = ["One.", "Two.", "One.", "one."]
        assert dedupe_paragraphs(paragraphs) == ["One.", "Two.", "one."]
        assert dedupe_paragraphs(None) == []

    def test_none_if_empty(self):
        assert none_if_empty([]) is None
        assert none_if_empty(None) is None
        assert none_if_empty(["x"]) == ["x"]


# ---------------------------------------------------------------- boilerplate


REAL_SUBSCRIBE = "Residents who subscribe to the state's alert service were warned before the attack."


class TestBoilerplate:
    @pytest.mark.parametrize(
        "value",
        [
            "Share this News",
            "Share this:",
            "share this article",
            "Share this",
            "Share on Facebook",
            "Share",
            "Related",
            "Related:",
            "Related Posts",
            "RELATED POSTS:",
            "Related Articles",
            "See Other Updates",
            "See Other Updates »",
            "Post Author",
            "Post Author:",
            "Subscribe",
            "Subscribe!",
            "Subscribe Now",
            "Notify of",
            "Notify of new replies to this comment",
            "Add Your Insight",
            "0 Inline Feedbacks",
            "Inline Feedbacks",
            "View all comments",
            "Leave a Reply",
            "Leave a Reply Cancel reply",
            "Leave a comment",
            "Click to share on WhatsApp (Opens in new window)",
            "Click to print",
            "Advertisement",
            "Follow us on Twitter and Facebook",
            "Sign up for our newsletter",
            "Subscribe to our newsletter for daily updates",
            "Read more",
            "Continue reading…",
            "Like this:",
            "Post Views: 1,234",
            "3 Comments",
            "3 weeks ago",
            "2 hours ago",
            "yesterday",
            "Just now",
            "Updated 5 mins ago",
            "",
            "   ",
            None,
        ],
    )
    def test_boilerplate_detected(self, value):
        assert is_boilerplate(value)

    @pytest.mark.parametrize(
        "value",
        [
            REAL_SUBSCRIBE,
            "Related to this, the army said the troops had been redeployed.",
            "Subscribers to the service received alerts at 6 a.m.",
            "Advertisements for recruitment appeared in national dailies.",
            "The commander urged citizens to share this information with security agencies.",
            "Three weeks ago, the insurgents attacked the base.",
            "Reporters were told to leave a reply on the portal.",  # contains, not starts with
            "Shares in the company fell 3%.",
            "The attack happened yesterday in Borno.",
        ],
    )
    def test_real_paragraphs_kept(self, value):
        assert not is_boilerplate(value)

    def test_patterns_are_compiled_and_anchored(self):
        assert BOILERPLATE_PATTERNS
        for pattern in BOILERPLATE_PATTERNS:
            assert pattern.pattern.startswith("^")
            assert pattern.flags & 2  # re.IGNORECASE

    def test_drop_boilerplate(self):
        paragraphs = ["Real one.", "Share this:", REAL_SUBSCRIBE, "Subscribe", "3 weeks ago", "Real two."]
        assert drop_boilerplate(paragraphs) == ["Real one.", REAL_SUBSCRIBE, "Real two."]
        assert drop_boilerplate(None) == []


class TestIsRelativeTime:
    @pytest.mark.parametrize(
        "value",
        ["3 weeks ago", "2 hours ago", "an hour ago", "a day ago", "a few seconds ago", "about 1 year ago",
         "yesterday", "Yesterday", "today", "just now", "now", "moments ago", "5d ago", "3h ago",
         "last week", "last Monday", "Posted 2 days ago", "10 mins ago."],
    )
    def test_relative(self, value):
        assert is_relative_time(value)

    @pytest.mark.parametrize(
        "value", ["August 21, 2025", "2025-08-21", "3 weeks", "Three weeks ago, troops arrived.", "", None, 3]
    )
    def test_not_relative(self, value):
        assert not is_relative_time(value)


# ---------------------------------------------------------------- parse_date


class TestParseDate:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("2025-08-21T09:14:27Z", "2025-08-21T09:14:27+00:00"),
            ("2025-08-21T09:14:27+00:00", "2025-08-21T09:14:27+00:00"),
            ("2025-08-21T09:14:27+01:00", "2025-08-21T09:14:27+01:00"),
            ("2025-08-21T09:14:27-05:30", "2025-08-21T09:14:27-05:30"),
            ("2025-08-21T09:14:27.123456+01:00", "2025-08-21T09:14:27+01:00"),
            ("2025-08-21T09:14:27.5Z", "2025-08-21T09:14:27+00:00"),
            ("2025-08-21T09:14:27", "2025-08-21T09:14:27+00:00"),  # naive → UTC
            ("2025-08-21 09:14:27", "2025-08-21T09:14:27+00:00"),
            ("2025-08-21", "2025-08-21T00:00:00+00:00"),
            ("  2025-08-21T09:14:27Z\n", "2025-08-21T09:14:27+00:00"),
            ("Thu, 21 Aug 2025 09:14:27 +0000", "2025-08-21T09:14:27+00:00"),
            ("Thu, 21 Aug 2025 09:14:27 +0100", "2025-08-21T09:14:27+01:00"),
            ("Thu, 21 Aug 2025 09:14:27 GMT", "2025-08-21T09:14:27+00:00"),
            ("Thu, 21 Aug 2025 09:14:27 -0000", "2025-08-21T09:14:27+00:00"),
            ("Thu, 21 Aug 2025 09:14:27 EDT", "2025-08-21T09:14:27-04:00"),
            ("21 Aug 2025 09:14", "2025-08-21T09:14:00+00:00"),
            ("August 21, 2025", "2025-08-21T00:00:00+00:00"),
            ("Thursday, August 21, 2025", "2025-08-21T00:00:00+00:00"),
            ("21 August 2025", "2025-08-21T00:00:00+00:00"),
            ("August 21, 2025 9:14 PM", "2025-08-21T21:14:00+00:00"),
            ("21 August 2025 09:14 WAT", "2025-08-21T09:14:00+01:00"),
            ("Aug 21, 2025 9:14 AM EDT", "2025-08-21T09:14:00-04:00"),
            ("2025-08-21T09:14:27&#43;01:00", "2025-08-21T09:14:27+01:00"),
        ],
    )
    def test_accepted(self, value, expected):
        assert parse_date(value) == expected

    def test_datetime_objects(self):
        aware = datetime(2025, 8, 21, 9, 14, 27, 999, tzinfo=timezone(timedelta(hours=1)))
        assert parse_date(aware) == "2025-08-21T09:14:27+01:00"
        assert parse_date(datetime(2025, 8, 21, 9, 14, 27)) == "2025-08-21T09:14:27+00:00"
        assert parse_date(datetime(2025, 8, 21, tzinfo=timezone.utc)) == "2025-08-21T00:00:00+00:00"

    def test_date_objects(self):
        assert parse_date(date(2025, 8, 21)) == "2025-08-21T00:00:00+00:00"

    @pytest.mark.parametrize(
        "value",
        [
            "2025-13-45",
            "2025-02-30",
            "not a date",
            "3 weeks ago",
            "2 hours ago",
            "yesterday",
            "today",
            "just now",
            "now",
            "last Monday",
            "Monday",
            "August 2025",  # no day: would be a guess
            "August 21",  # no year: would be a guess
            "2025",
            "1692609267",  # unix timestamp: not an accepted form
            "",
            "   ",
            None,
            20250821,
            b"2025-08-21",
            {"date": "2025-08-21"},
            "1 January 1985",
            "1989-12-31T23:59:59Z",
            datetime(1970, 1, 1, tzinfo=timezone.utc),
            "x" * 500,
        ],
    )
    def test_refused(self, value):
        assert parse_date(value) is None

    def test_future_dates_kept(self):
        future = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=400)
        assert parse_date(future.isoformat()) == future.isoformat()

    def test_min_year_boundary(self):
        assert parse_date("1990-01-01") == "1990-01-01T00:00:00+00:00"

    def test_output_has_offset_and_seconds_precision(self):
        result = parse_date("2025-08-21T09:14:27.987654Z")
        parsed = datetime.fromisoformat(result)
        assert parsed.utcoffset() == timedelta(0)
        assert parsed.microsecond == 0

    def test_naive_human_dates_are_utc_regardless_of_local_timezone(self, monkeypatch):
        if not hasattr(time, "tzset"):
            pytest.skip("no tzset on this platform")
        monkeypatch.setenv("TZ", "America/New_York")
        time.tzset()
        try:
            assert parse_date("21 August 2025 09:14") == "2025-08-21T09:14:00+00:00"
            assert parse_date("2025-08-21T09:14:00") == "2025-08-21T09:14:00+00:00"
        finally:
            monkeypatch.undo()
            time.tzset()
        assert os.environ.get("TZ") != "America/New_York"


# ------------------------------------------------------- normalize_language


class TestNormalizeLanguage:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("en-US", "en-US"),
            ("en_US", "en-US"),
            ("EN", "en"),
            ("en", "en"),
            ("en-us", "en-US"),
            (" en-gb ", "en-GB"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("es-419", "es-419"),
            ("yo", "yo"),
            ("fil", "fil"),
        ],
    )
    def test_normalized(self, value, expected):
        assert normalize_language(value) == expected

    @pytest.mark.parametrize("value", ["english", "e", "12", "en US", "en-", "-en", "en--US", "", "  ", None, 5, b"en"])
    def test_garbage(self, value):
        assert normalize_language(value) is None


# --------------------------------------------------------------- clean_url


class TestCleanUrl:
    BASE = "https://opsintels.com/2025/08/story/"

    def test_absolute_kept(self):
        assert clean_url("https://opsintels.com/a?b=1#c") == "https://opsintels.com/a?b=1#c"
        assert clean_url("http://opsintels.com/a") == "http://opsintels.com/a"

    def test_whitespace_stripped(self):
        assert clean_url("  https://opsintels.com/a \n") == "https://opsintels.com/a"
        assert clean_url("https://ops\nintels.com/a\t") == "https://opsintels.com/a"

    def test_relative_resolved(self):
        assert clean_url("/wp-content/x.jpg", self.BASE) == "https://opsintels.com/wp-content/x.jpg"
        assert clean_url("img.jpg", self.BASE) == "https://opsintels.com/2025/08/story/img.jpg"
        assert clean_url("//cdn.opsintels.com/x.jpg", self.BASE) == "https://cdn.opsintels.com/x.jpg"

    def test_relative_without_base_dropped(self):
        assert clean_url("/wp-content/x.jpg") is None
        assert clean_url("/wp-content/x.jpg", None) is None
        assert clean_url("/wp-content/x.jpg", "") is None

    @pytest.mark.parametrize(
        "value", ["mailto:jane@opsintels.com", "javascript:void(0)", "data:image/png;base64,AAAA", "ftp://x.com/a",
                  "https://", "http://[::1", "", "   ", None, 3, b"https://x.com"]
    )
    def test_non_http_dropped(self, value):
        assert clean_url(value, self.BASE) is None


# ----------------------------------------------------------- derived helpers


class TestDerivedHelpers:
    def test_join_body(self):
        assert join_body(["One.", "Two.", "Three."]) == "One.\n\nTwo.\n\nThree."
        assert join_body(["Only."]) == "Only."
        assert join_body([]) == ""
        assert join_body(None) == ""
        assert join_body(["A", "", None, "B"]) == "A\n\nB"

    def test_count_words(self):
        assert count_words("Troops repel attack in Borno") == 5
        assert count_words("Zoë’s naïve café — 2025") == 5  # Zoë, s, naïve, café, 2025
        assert count_words("One.\n\nTwo three.") == 3
        assert count_words("") == 0
        assert count_words(None) == 0
        assert count_words("— … !") == 0

    def test_content_sha256(self):
        expected = hashlib.sha256("Title\n\nBody text".encode("utf-8")).hexdigest()
        assert content_sha256("Title", "Body text") == expected
        assert len(expected) == 64

    def test_content_sha256_is_utf8_and_order_sensitive(self):
        assert content_sha256("Zoë", "x") == hashlib.sha256("Zoë\n\nx".encode("utf-8")).hexdigest()
        assert content_sha256("a", "b") != content_sha256("b", "a")
        assert content_sha256(None, None) == hashlib.sha256(b"\n\n").hexdigest()


# ------------------------------------------------------------------- loader


def make_loader(**context):
    context.setdefault("site_names", ["OpsIntels"])
    context.setdefault("base_url", "https://opsintels.com/2025/08/troops-repel-attack/")
    return ArticleLoader(selector=None, **context)


class TestArticleLoader:
    def test_returns_plain_dict(self):
        loader = make_loader()
        loader.add_value("title", "Foo")
        item = loader.load_item()
        assert type(item) is dict
        assert item == {"title": "Foo"}

    def test_full_round_trip(self):
        loader = make_loader()
        loader.add_value("url", " https://opsintels.com/2025/08/troops-repel-attack/ ")
        loader.add_value("canonical_url", ["javascript:void(0)", "/2025/08/troops-repel-attack/"])
        loader.add_value("site", "OpsIntels")
        loader.add_value("title", ["<em>Troops</em> repel attack &amp; rescue Zo\u0065\u0308’s family | OpsIntels",
                                   "Other title"])
        loader.add_value("authors", ["Picture of By Emmanuel Ademuyiwa", "By Emmanuel Ademuyiwa",
                                     "AP", "By Jane Doe and John Roe", "emmanuel ademuyiwa"])
        loader.add_value("captions", ["Troops on patrol.", "Troops on patrol.", "  ", None])
        loader.add_value("lead_image", {"url": "https://opsintels.com/x.jpg", "caption": "Troops", "credit": None})
        loader.add_value("body_paragraphs", [
            "<p>The Nigerian Army\u00a0said on Thursday that troops repelled an attack.</p>",
            "Share this News",
            REAL_SUBSCRIBE,
            "3 weeks ago",
            "The Nigerian Army said on Thursday that troops repelled an attack.",
            "",
            "Related Posts",
            "“We will not relent,” the spokesman said.",
        ])
        loader.add_value("published_at", ["3 weeks ago", "2025-08-21T09:14:27Z", "2025-08-22T00:00:00Z"])
        loader.add_value("modified_at", ["garbage", "Thu, 21 Aug 2025 10:00:00 +0100"])
        loader.add_value("section", ["", "Security", "News"])
        loader.add_value("tags", ["Army", "army", "Borno", "<a href='/tag/x'>Borno</a>"])
        loader.add_value("language", ["english", "en_US"])

        assert loader.load_item() == {
            "url": "https://opsintels.com/2025/08/troops-repel-attack/",
            "canonical_url": "https://opsintels.com/2025/08/troops-repel-attack/",
            "site": "OpsIntels",
            "title": "Troops repel attack & rescue Zoë’s family",
            "authors": ["Emmanuel Ademuyiwa", "Jane Doe", "John Roe"],
            "captions": ["Troops on patrol."],
            "lead_image": {"url": "https://opsintels.com/x.jpg", "caption": "Troops", "credit": None},
            "body_paragraphs": [
                "The Nigerian Army said on Thursday that troops repelled an attack.",
                REAL_SUBSCRIBE,
                "“We will not relent,” the spokesman said.",
            ],
            "published_at": "2025-08-21T09:14:27+00:00",
            "modified_at": "2025-08-21T10:00:00+01:00",
            "section": "Security",
            "tags": ["Army", "Borno"],
            "language": "en-US",
        }

    def test_fields_without_values_absent(self):
        loader = make_loader()
        loader.add_value("title", ["", None, "   "])
        loader.add_value("authors", ["AP", "Reuters", "admin"])
        loader.add_value("published_at", ["3 weeks ago", "not a date"])
        loader.add_value("body_paragraphs", ["Share this:", "Subscribe"])
        loader.add_value("url", "mailto:x@y.z")
        loader.add_value("tags", [])
        loader.add_value("captions", None)
        assert loader.load_item() == {}

    def test_non_str_values_dropped_without_exceptions(self):
        loader = make_loader()
        for field in ("title", "authors", "captions", "body_paragraphs", "published_at", "modified_at",
                      "url", "canonical_url", "language", "section", "tags", "site"):
            loader.add_value(field, [123, 4.5, b"\xff\xfe", {"x": 1}, None])
        assert loader.load_item() == {}

    def test_title_first_valid_candidate_wins(self):
        loader = make_loader()
        loader.add_value("title", ["  ", "First – OpsIntels", "Second"])
        assert loader.load_item()["title"] == "First"

    def test_title_without_site_names_context(self):
        loader = ArticleLoader()
        loader.add_value("title", "First | OpsIntels")
        assert loader.load_item() == {"title": "First | OpsIntels"}

    def test_title_is_never_emptied_by_suffix_stripping(self):
        loader = make_loader()
        loader.add_value("title", "OpsIntels")
        assert loader.load_item()["title"] == "OpsIntels"

    def test_relative_urls_need_base_url(self):
        loader = ArticleLoader(site_names=["OpsIntels"])
        loader.add_value("canonical_url", "/a/")
        loader.add_value("url", "https://opsintels.com/a/")
        assert loader.load_item() == {"url": "https://opsintels.com/a/"}

    def test_dates_priority_order(self):
        loader = make_loader()
        loader.add_value("published_at", "2025-08-21T09:14:27+01:00")  # JSON-LD
        loader.add_value("published_at", "2025-08-20T00:00:00Z")  # meta tag
        assert loader.load_item()["published_at"] == "2025-08-21T09:14:27+01:00"

    def test_lists_stay_lists_even_with_one_value(self):
        loader = make_loader()
        loader.add_value("authors", "By Jane Doe")
        loader.add_value("tags", "Army")
        loader.add_value("captions", "A caption")
        loader.add_value("body_paragraphs", "Only paragraph.")
        item = loader.load_item()
        assert item == {"authors": ["Jane Doe"], "tags": ["Army"], "captions": ["A caption"],
                        "body_paragraphs": ["Only paragraph."]}

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("Picture of By Emmanuel Ademuyiwa", ["Emmanuel Ademuyiwa"]),
            ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
            ("A, B and C", ["A", "B", "C"]),
            ("Ann Ade, Bola Obi, and Chidi Eze", ["Ann Ade", "Bola Obi", "Chidi Eze"]),
            ("By Jane Doe & AP", ["Jane Doe"]),
            ("By Jane Doe; By John Roe", ["Jane Doe", "John Roe"]),
            ("Jane Doe | Staff Writer", ["Jane Doe"]),
            ("<a href='/author/jane'>Jane&nbsp;Doe</a>", ["Jane Doe"]),
            ("jane@opsintels.com", None),
            ("The Associated Press", None),
        ],
    )
    def test_authors_pipeline(self, raw, expected):
        loader = make_loader()
        loader.add_value("authors", raw)
        assert loader.load_item().get("authors") == expected

    def test_lead_image_dict_passthrough(self):
        image = {"url": "https://opsintels.com/x.jpg", "caption": "C", "credit": "Army HQ"}
        loader = make_loader()
        loader.add_value("lead_image", [None, image, {"url": "other"}])
        assert loader.load_item()["lead_image"] is image

    def test_works_with_selector_and_add_css(self):
        html = """
        <html lang="en-gb"><head>
          <title>Troops repel attack | OpsIntels</title>
          <link rel="canonical" href="/2025/08/troops/">
          <meta property="article:published_time" content="2025-08-21T09:14:27+01:00">
        </head><body>
          <h1 class="entry-title"> Troops <em>repel</em> attack </h1>
          <span class="author">Picture of By Emmanuel Ademuyiwa</span>
          <span class="author">By Emmanuel Ademuyiwa</span>
          <div class="content">
            <p>First paragraph.</p>
            <p>Share this News</p>
            <p>Second&nbsp;paragraph with “quotes”.</p>
            <p></p>
          </div>
          <a rel="tag">Army</a><a rel="tag">Borno</a><a rel="tag">army</a>
        </body></html>
        """
        loader = ArticleLoader(selector=Selector(text=html), site_names=["OpsIntels"],
                               base_url="https://opsintels.com/")
        loader.add_css("title", "h1.entry-title")
        loader.add_css("title", "title::text")
        loader.add_css("canonical_url", "link[rel=canonical]::attr(href)")
        loader.add_css("published_at", "meta[property='article:published_time']::attr(content)")
        loader.add_css("authors", ".author::text")
        loader.add_css("body_paragraphs", ".content p")
        loader.add_css("tags", "a[rel=tag]::text")
        loader.add_xpath("language", "/html/@lang")
        assert loader.load_item() == {
            "title": "Troops repel attack",
            "canonical_url": "https://opsintels.com/2025/08/troops/",
            "published_at": "2025-08-21T09:14:27+01:00",
            "authors": ["Emmanuel Ademuyiwa"],
            "body_paragraphs": ["First paragraph.", "Second paragraph with “quotes”."],
            "tags": ["Army", "Borno"],
            "language": "en-GB",
        }

    def test_loader_context_is_available_to_processors(self):
        loader = ArticleLoader(site_names=["Defence Web"], base_url="https://defenceweb.example/")
        loader.add_value("title", "Story — Defence Web")
        loader.add_value("url", "news/story")
        assert loader.load_item() == {"title": "Story", "url": "https://defenceweb.example/news/story"}
