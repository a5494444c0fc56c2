"""Defense One mirror content (fictional people and events); see tests/site/arc/stories.py."""

ORIGIN = "https://www.defenseone.com"
SECTIONS = {"technology": "Technology", "threats": "Threats", "policy": "Policy"}
AUTHORS = {"patrick-lyle": ("Patrick Lyle", 14201), "nadia-ferris": ("Nadia Ferris", 14388)}

STORIES = [
    {
        "slug": "pentagon-ai-office-wants-faster-software-approvals", "id": 407912,
        "path": "technology", "section": "Technology",
        "title": "Pentagon’s AI office wants faster software approvals",
        "published_at": "2025-08-21T20:32:00+00:00", "ld_published": "2025-08-21T16:32:00-04:00",
        "modified_at": "2025-08-21T20:32:00+00:00",
        "by": ["patrick-lyle", "nadia-ferris"], "wire": None,
        "lead": {"name": "cdao-office", "caption": "Staff at the Chief Digital and AI Office in Arlington, Va.",
                 "credit": "DOD / Sgt. Mia Lund"},
        "blocks": [
            ("p", "The Pentagon’s artificial-intelligence office wants to cut the time it takes to approve new "
                  "software from months to weeks, officials said Thursday."),
            ("ad",),
            ("p", "The office will test a new process with three Army programs, according to a memo seen by "
                  "<em>Defense One</em>."),
            ("h2", "A faster path"),
            ("p", "Programs that pass automated security checks would skip parts of the manual review."),
            ("newsletter",),
            ("p", "Officials said the pilot would end in March."),
        ],
        "quirks": ["two_authors", "date_offset", "title_site_suffix", "ads_in_body", "newsletter_in_body"],
        "expect_authors": ["Patrick Lyle", "Nadia Ferris"],
        "expect_captions": ["Staff at the Chief Digital and AI Office in Arlington, Va."],
        "expect_credit": "DOD / Sgt. Mia Lund",
        "expect_published": "2025-08-21T16:32:00-04:00",
        "not_in_body": ["Advertisement", "Subscribe to Defense One", "NEXT STORY", "By Patrick Lyle"],
    },
    {
        "slug": "nato-allies-weigh-shared-air-defense-stockpile", "id": 407880,
        "path": "threats", "section": "Threats",
        "title": "NATO allies weigh a shared air-defense stockpile",
        "published_at": "2025-08-20T13:05:00+00:00", "ld_published": "2025-08-20T09:05:00-04:00",
        "modified_at": "2025-08-20T13:05:00+00:00",
        "by": [], "wire": ("Idris Bakshi", "Reuters"),
        "lead": {"name": "patriot-battery", "caption": "A Patriot battery deployed in Poland.",
                 "credit": "Reuters / Nora Lindqvist"},
        "blocks": [
            ("p", "BRUSSELS — NATO defense ministers will discuss a shared stockpile of air-defense interceptors "
                  "next month, diplomats said."),
            ("p", "The idea has support from at least eight members, two diplomats said."),
        ],
        "quirks": ["wire_reuters", "agency_author"],
        "expect_authors": ["Idris Bakshi"],
        "expect_captions": ["A Patriot battery deployed in Poland."],
        "expect_credit": "Reuters / Nora Lindqvist",
        "expect_published": "2025-08-20T09:05:00-04:00",
        "not_in_body": ["NEXT STORY", "Reuters / Nora"],
    },
    {
        "slug": "congress-adds-money-for-drone-wall-on-nato-flank", "id": 407851,
        "path": "policy", "section": "Policy",
        "title": "Congress adds money for a ‘drone wall’ on NATO’s flank",
        "published_at": "2025-08-18T11:00:00+00:00", "ld_published": None,
        "meta_published": "2025-08-18T07:00:00-04:00", "modified_at": "2025-08-18T11:00:00+00:00",
        "by": ["nadia-ferris", "patrick-lyle"], "wire": None,
        "lead": None,
        "blocks": [
            ("p", "House appropriators added $300 million for sensors and interceptors along NATO’s eastern "
                  "flank."),
            ("p", "The money would pay for a network of radars and cheap interceptors, aides said."),
            ("p", "The Senate has not yet written its version of the bill."),
        ],
        "quirks": ["no_jsonld", "byline_links", "date_offset", "no_lead_image"],
        "expect_authors": ["Nadia Ferris", "Patrick Lyle"],
        "expect_captions": [],
        "expect_credit": None,
        "expect_published": "2025-08-18T07:00:00-04:00",
        "not_in_body": ["NEXT STORY", "Advertisement"],
    },
]
