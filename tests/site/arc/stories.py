"""The three Arc XP mirrors' content: one dict per site, stories as ANS-like data.

People and events are fictional. Each story states what a crawler must extract where the
markup alone can't tell (``expect_*``); body paragraphs are derived from ``blocks``.

Blocks: ("p", html) ("h2", text) ("list", [html, …]) ("image", url, caption, by, affiliation)
("raw_html", html) ("oembed", text) ("interstitial", text, url): the last three are not body.
"""

WIRE_PHOTO = "https://www.{domain}/resizer/v2/{name}.jpg?auth=0f3a&width=1200&height=800"


def img(domain, name):
    return WIRE_PHOTO.format(domain=domain, name=name)


DEFENSENEWS = {
    "site": "defensenews", "name": "Defense News", "domain": "defensenews.com", "arc_site": "defense-news",
    "hash": "1mncpzl",
    "sections": {"land": "Land", "pentagon": "Pentagon", "naval": "Naval", "air": "Air"},
    "video": "/video/2025/08/20/inside-the-navys-new-drone-boat-squadron/",
    "stories": [
        {
            "slug": "army-picks-two-firms-for-next-counter-drone-interceptor",
            "path": "land", "section": "Land", "id": "XKQ2R7T4MJEVBN3A5YH6LZC2DU",
            "title": "Army picks two firms for its next counter-drone interceptor",
            "published_at": "2025-08-21T14:03:11+00:00", "ans_published": "2025-08-21T14:03:11.482Z",
            "ld_published": "2025-08-21T14:03:11Z", "modified_at": "2025-08-21T18:40:02+00:00",
            "by": [{"type": "author", "name": "Dana Whitfield", "slug": "dana-whitfield"},
                   {"type": "author", "name": "Marcus Oyelaran", "slug": "marcus-oyelaran"}],
            "lead": {"name": "stinger-live-fire", "by": ["Sgt. Ana Ruiz"], "affiliation": ["U.S. Army"],
                     "caption": "Soldiers fire a Stinger missile during a live-fire exercise in Germany on July 14, "
                                "2025. (Sgt. Ana Ruiz/U.S. Army)"},
            "blocks": [
                ("p", "WASHINGTON — The U.S. Army has picked two companies to build prototypes of a low-cost "
                      "interceptor meant to knock down small drones, the service said Thursday."),
                ("p", "The awards, worth a combined $48 million, go to <a href=\"https://www.example.com/\">Orrin "
                      "Dynamics</a> &amp; Calder Aerospace, which will each deliver 40 rounds by next summer."),
                ("raw_html", "<div class=\"embed\">Follow Defense News on X for live coverage</div>"),
                ("h2", "What comes next"),
                ("p", "Each firm’s interceptor will be fired from existing launchers, the Army said."),
                ("list", ["A seeker test at White Sands in <b>March</b>.",
                          "A live-fire shoot-off against drone swarms in June."]),
                ("image", "interceptor-render", "An artist’s rendering of the Calder Aerospace interceptor. "
                          "(Calder Aerospace)", [], ["Calder Aerospace"]),
                ("interstitial", "Army wants cheaper ways to kill drones", "/land/2025/06/02/army-wants-cheaper-ways-to-kill-drones/"),
                ("p", "The service plans to pick a single winner in fiscal 2027."),
            ],
            "tags": ["counter-drone", "Army"],
            "quirks": ["two_authors", "inline_image", "raw_html", "interstitial", "list", "entities"],
            "expect_authors": ["Dana Whitfield", "Marcus Oyelaran"],
            "expect_captions": ["Soldiers fire a Stinger missile during a live-fire exercise in Germany on July 14, "
                                "2025. (Sgt. Ana Ruiz/U.S. Army)",
                                "An artist’s rendering of the Calder Aerospace interceptor. (Calder Aerospace)"],
            "expect_credit": "Sgt. Ana Ruiz/U.S. Army",
            "expect_published": "2025-08-21T14:03:11+00:00",
            "not_in_body": ["Follow Defense News on X", "Army wants cheaper ways", "Sign up for the Early Bird",
                            "Related:"],
        },
        {
            "slug": "pentagon-orders-review-of-munitions-stockpiles",
            "path": "pentagon", "section": "Pentagon", "id": "P3Q7W2E5R8T1Y4U6I9O0A2S4D6",
            "title": "Pentagon orders review of munitions stockpiles after Pacific exercise",
            "published_at": "2025-08-20T16:45:00+00:00", "ans_published": "2025-08-20T16:45:00.000Z",
            "ld_published": "2025-08-20T16:45:00Z", "modified_at": "2025-08-20T17:02:13+00:00",
            "by": [{"type": "author", "name": "Rhea Calloway", "org": "The Associated Press"},
                   {"type": "author", "name": "The Associated Press"}],
            "lead": {"name": "pentagon-briefing", "by": ["Tobias Kerr"], "affiliation": ["AP"],
                     "caption": "The Pentagon is seen from an airplane over Washington on Jan. 26, 2025. "
                                "(Tobias Kerr/AP)"},
            "blocks": [
                ("p", "WASHINGTON (AP) — The Pentagon has ordered a review of how many long-range missiles the "
                      "military keeps on hand, officials said Wednesday."),
                ("p", "The order follows a Pacific exercise in which units used up more munitions than planned."),
                ("p", "Officials said the review would be finished by the end of the year."),
            ],
            "tags": ["munitions"],
            "quirks": ["wire_ap", "agency_author", "ap_photo"],
            "expect_authors": ["Rhea Calloway"],
            "expect_captions": ["The Pentagon is seen from an airplane over Washington on Jan. 26, 2025. "
                                "(Tobias Kerr/AP)"],
            "expect_credit": "Tobias Kerr/AP",
            "expect_published": "2025-08-20T16:45:00+00:00",
            "not_in_body": ["Related:"],
        },
        {
            "slug": "navy-christens-third-constellation-frigate",
            "path": "naval", "section": "Naval", "id": "N8B6V4C2X0Z9L7K5J3H1G2F4D6",
            "title": "Navy christens third Constellation-class frigate",
            "published_at": "2025-08-19T13:15:00+00:00", "ans_published": None,
            "ld_published": "2025-08-19T09:15:00-04:00", "modified_at": "2025-08-19T13:15:00+00:00",
            "by": [{"type": "author", "name": "Dana Whitfield", "slug": "dana-whitfield"}],
            "lead": {"name": "frigate-christening", "by": ["Lt. Cmdr. Paula Ortiz"], "affiliation": ["U.S. Navy"],
                     "caption": "The future frigate Congress is christened in Marinette, Wisconsin. "
                                "(Lt. Cmdr. Paula Ortiz/U.S. Navy)"},
            "blocks": [
                ("p", "MARINETTE, Wis. — The Navy christened its third Constellation-class frigate on Tuesday."),
                ("p", "The ship is about three years behind schedule, according to the service."),
                ("p", "Shipbuilders said the fourth hull would be laid down this fall."),
            ],
            "tags": ["frigate"],
            "quirks": ["no_fusion", "duplicated_paragraph", "date_offset"],
            "expect_authors": ["Dana Whitfield"],
            "expect_captions": ["The future frigate Congress is christened in Marinette, Wisconsin. "
                                "(Lt. Cmdr. Paula Ortiz/U.S. Navy)"],
            "expect_credit": "Lt. Cmdr. Paula Ortiz/U.S. Navy",
            "expect_published": "2025-08-19T09:15:00-04:00",
            "not_in_body": ["Sign up for the Early Bird", "Related:", "Navy wants a cheaper hull"],
        },
    ],
}

C4ISRNET = {
    "site": "c4isrnet", "name": "C4ISRNET", "domain": "c4isrnet.com", "arc_site": "c4isrnet",
    "hash": "8zq4wd",
    "sections": {"battlefield-tech": "Battlefield Tech", "cyber": "Cyber", "unmanned": "Unmanned"},
    "video": "/video/2025/08/19/a-look-inside-the-armys-new-network-lab/",
    "stories": [
        {
            "slug": "space-force-tests-jam-resistant-satellite-link",
            "path": "battlefield-tech/space", "section": "Space", "id": "C4A1B2C3D4E5F6G7H8I9J0K1L2",
            "title": "Space Force tests jam-resistant satellite link with allies",
            "published_at": "2025-08-21T11:30:00+00:00", "ans_published": "2025-08-21T11:30:00.120Z",
            "ld_published": "2025-08-21T11:30:00Z", "modified_at": "2025-08-21T12:00:00+00:00",
            "by": [{"type": "author", "name": "Keiko Vance", "slug": "keiko-vance"}],
            "lead": {"name": "satellite-ground-station", "by": [], "affiliation": ["Lockheed Martin"],
                     "caption": "A ground station used in the test. (Courtesy of Lockheed Martin)"},
            "blocks": [
                ("p", "The U.S. Space Force and two allies tested a satellite link designed to keep working "
                      "under heavy jamming, officials said."),
                ("h2", "Why it matters"),
                ("p", "Adversaries have shown they can jam <i>commercial</i> signals over Ukraine."),
                ("list", ["Three nations took part.", "The link ran for six hours."]),
            ],
            "tags": ["Space Force", "electronic warfare"],
            "quirks": ["nested_section", "affiliation_only_credit"],
            "expect_authors": ["Keiko Vance"],
            "expect_captions": ["A ground station used in the test. (Courtesy of Lockheed Martin)"],
            "expect_credit": "Lockheed Martin",
            "expect_published": "2025-08-21T11:30:00+00:00",
            "not_in_body": ["Related:", "Sign up for the Early Bird"],
        },
        {
            "slug": "hackers-target-defense-contractors-with-fake-job-offers",
            "path": "cyber", "section": "Cyber", "id": "C4Z9Y8X7W6V5U4T3S2R1Q0P9O8",
            "title": "Hackers target defense contractors with fake job offers, researchers say",
            "published_at": "2025-08-20T08:10:00+00:00", "ans_published": "2025-08-20T08:10:00.000Z",
            "ld_published": "2025-08-20T08:10:00Z", "modified_at": "2025-08-20T08:10:00+00:00",
            "by": [{"type": "author", "name": "Reuters"},
                   {"type": "author", "name": "Idris Bakshi", "org": "Reuters"}],
            "lead": {"name": "keyboard", "by": ["Nora Lindqvist"], "affiliation": ["Reuters"],
                     "caption": "A keyboard is seen in this illustration taken Aug. 1, 2025. (Nora Lindqvist/Reuters)"},
            "blocks": [
                ("p", "LONDON (Reuters) — A hacking group sent fake job offers to engineers at defense "
                      "contractors, a security firm said on Wednesday."),
                ("p", "The messages carried files that installed spying software, the firm said."),
            ],
            "tags": ["cyber"],
            "quirks": ["wire_reuters", "agency_author"],
            "expect_authors": ["Idris Bakshi"],
            "expect_captions": ["A keyboard is seen in this illustration taken Aug. 1, 2025. (Nora Lindqvist/Reuters)"],
            "expect_credit": "Nora Lindqvist/Reuters",
            "expect_published": "2025-08-20T08:10:00+00:00",
            "not_in_body": ["Related:"],
        },
        {
            "slug": "drones-and-dollars-marines-rethink-small-uas-buys",
            "path": "unmanned", "section": "Unmanned", "id": "C4M5N6B7V8C9X0Z1A2S3D4F5G6",
            "title": "Drones &amp; dollars: Marines rethink small UAS buys",
            "published_at": "2025-08-18T19:00:00+00:00", "ans_published": "2025-08-18T19:00:00.000Z",
            "ld_published": "2025-08-18T19:00:00Z", "modified_at": "2025-08-18T19:00:00+00:00",
            "by": [{"type": "author", "name": "Keiko Vance", "slug": "keiko-vance"}],
            "lead": None,
            "blocks": [
                ("p", "The Marine Corps wants to buy small drones the way it buys ammunition."),
                ("oembed", "Marines fly a quadcopter at Camp Pendleton pic.twitter.com/abc123"),
                ("p", "Officials said bulk buys would cut the price of each drone by half."),
            ],
            "tags": ["Marine Corps", "drones"],
            "quirks": ["no_lead_image", "tweet_embed", "title_entity"],
            "expect_authors": ["Keiko Vance"],
            "expect_captions": [],
            "expect_credit": None,
            "expect_published": "2025-08-18T19:00:00+00:00",
            "not_in_body": ["pic.twitter.com", "Related:"],
        },
    ],
}

MILITARYTIMES = {
    "site": "militarytimes", "name": "Military Times", "domain": "militarytimes.com", "arc_site": "mco",
    "hash": "q2w9ex", "sitemap_style": "paged",
    "sections": {"news": "News", "pay-benefits": "Pay & Benefits", "veterans": "Veterans"},
    "video": "/video/2025/08/18/how-to-read-your-new-les/",
    "stories": [
        {
            "slug": "troops-stationed-overseas-face-new-travel-rules",
            "path": "news/your-military", "section": "Your Military", "id": "MT1Q2W3E4R5T6Y7U8I9O0P1A2S",
            "title": "Troops stationed overseas face new travel rules",
            "published_at": "2025-08-21T20:05:00+00:00", "ans_published": "2025-08-21T20:05:00.000Z",
            "ld_published": "2025-08-21T20:05:00Z", "modified_at": "2025-08-21T20:30:00+00:00",
            "by": [{"type": "author", "name": "Lolita Brandt", "org": "The Associated Press"},
                   {"type": "author", "name": "Sami Okafor", "org": "The Associated Press"},
                   {"type": "author", "name": "The Associated Press"}],
            "lead": {"name": "airport-troops", "by": ["Jae Min"], "affiliation": ["AP"],
                     "caption": "Service members wait for a flight at Ramstein Air Base, Germany, Aug. 12, 2025. "
                                "(Jae Min/AP)"},
            "blocks": [
                ("p", "WASHINGTON (AP) — Service members stationed overseas will need a commander’s approval "
                      "for personal travel to 14 more countries, the Pentagon said."),
                ("p", "The rules take effect Oct. 1."),
            ],
            "tags": ["travel"],
            "quirks": ["wire_ap", "agency_author", "two_wire_reporters", "nested_section"],
            "expect_authors": ["Lolita Brandt", "Sami Okafor"],
            "expect_captions": ["Service members wait for a flight at Ramstein Air Base, Germany, Aug. 12, 2025. "
                                "(Jae Min/AP)"],
            "expect_credit": "Jae Min/AP",
            "expect_published": "2025-08-21T20:05:00+00:00",
            "not_in_body": ["Related:"],
        },
        {
            "slug": "what-the-2026-pay-raise-means-for-junior-enlisted",
            "path": "pay-benefits", "section": "Pay & Benefits", "id": "MT9L8K7J6H5G4F3D2S1A0Z9X8C",
            "title": "What the 2026 pay raise means for junior enlisted troops",
            "published_at": "2025-08-19T15:00:00+00:00", "ans_published": "2025-08-19T15:00:00.000Z",
            "ld_published": "2025-08-19T15:00:00Z", "modified_at": "2025-08-19T15:00:00+00:00",
            "by": [{"type": "author", "name": "Theo Marchetti", "slug": "theo-marchetti"}],
            "lead": {"name": "pay-chart", "by": ["Theo Marchetti"], "affiliation": ["Military Times"],
                     "caption": "A chart of basic pay for E-1 to E-4. (Theo Marchetti/Military Times)"},
            "blocks": [
                ("p", "Junior enlisted troops would get a 4.5% raise in January under the budget request."),
                ("h2", "By the numbers"),
                ("list", ["E-1: $2,107 a month.", "E-4: $2,870 a month."]),
                ("image", "pay-table", "Basic pay for E-5 to E-9. (Theo Marchetti/Military Times)",
                 ["Theo Marchetti"], ["Military Times"]),
                ("p", "Congress must still approve the raise."),
            ],
            "tags": ["pay"],
            "quirks": ["inline_image", "list", "section_ampersand"],
            "expect_authors": ["Theo Marchetti"],
            "expect_captions": ["A chart of basic pay for E-1 to E-4. (Theo Marchetti/Military Times)",
                                "Basic pay for E-5 to E-9. (Theo Marchetti/Military Times)"],
            "expect_credit": "Theo Marchetti/Military Times",
            "expect_published": "2025-08-19T15:00:00+00:00",
            "not_in_body": ["Related:", "Sign up for the Early Bird"],
        },
        {
            "slug": "va-expands-burn-pit-screenings-to-more-clinics",
            "path": "veterans", "section": "Veterans", "id": "MT4R5T6Y7U8I9O0P1A2S3D4F5G",
            "title": "VA expands burn pit screenings to more clinics",
            "published_at": "2025-08-18T12:00:00+00:00", "ans_published": "2025-08-18T12:00:00.000Z",
            "ld_published": "2025-08-18T12:00:00Z", "modified_at": "2025-08-18T12:00:00+00:00",
            "by": [{"type": "author", "name": "Reuters"}],
            "lead": None,
            "blocks": [
                ("p", "The Department of Veterans Affairs will offer toxic exposure screenings at 200 more "
                      "clinics, the department said."),
                ("p", "About 5 million veterans have been screened since 2022."),
            ],
            "tags": ["VA"],
            "quirks": ["agency_only_byline", "no_lead_image"],
            "expect_authors": [],
            "expect_captions": [],
            "expect_credit": None,
            "expect_published": "2025-08-18T12:00:00+00:00",
            "not_in_body": ["Related:"],
        },
    ],
}

SITES = {s["site"]: s for s in (DEFENSENEWS, C4ISRNET, MILITARYTIMES)}
