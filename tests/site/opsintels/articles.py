"""Article source data: what the editors wrote, as WordPress stores it.

Each post is a dict. ``blocks`` is the post content in order:

    ("p", text[, {"link": (anchor, href)}])   paragraph (body)
    ("h2", text)                               subheading (body)
    ("ul", [item, ...])                        list; every item is a body paragraph
    ("pullquote", text, cite)                  not body (repeats a body sentence)
    ("tweet", text, signature, status_url, date)  not body
    ("youtube", video_id, title)               not body
    ("image", file, alt, caption, attachment)  inline figure; caption is a caption
    ("newsletter",)                            Mailchimp form; not body

Texts are plain Unicode (NFC) with the typographic quotes WordPress prints; the
templates escape them. Quirk names are listed in ``QUIRKS`` of the package.
"""

import json
from pathlib import Path

from .long_article import long_article_blocks

_SEED = json.loads(
    (Path(__file__).parent / "data" / "seed-article.expected.json").read_text("utf-8")
)

SEED_SLUG = "russian-allies-belarus-and-iran-agree-to-boost-bilateral-defense-ties"
SEED_EXPECTED = _SEED

CATEGORIES = {"defense": "Defense", "geopolitics": "Geopolitics"}

TAGS = {
    "belarus": "Belarus", "iran": "Iran", "russia": "Russia", "nato": "NATO",
    "baltics": "Baltics", "drones": "Drones", "sahel": "Sahel", "africa": "Africa",
    "japan": "Japan", "budget": "Defense Budget", "us-army": "US Army",
    "ammunition": "Ammunition", "weekly-briefing": "Weekly Briefing",
    "germany": "Germany", "poland": "Poland", "air-defence": "Air Defence",
    "red-sea": "Red Sea", "houthis": "Houthis", "shipping": "Shipping",
    "ukraine": "Ukraine", "missiles": "Missiles", "europe": "Europe",
    "hypersonic": "Hypersonic", "china": "China", "turkey": "Turkey",
    "indonesia": "Indonesia", "india": "India", "france": "France",
    "spain": "Spain", "philippines": "Philippines", "taiwan": "Taiwan",
    "estonia": "Estonia", "exports": "Arms Exports",
}

# A post listed in post-sitemap.xml that was deleted since: serves the 404 template.
DELETED_SLUG = "chinese-carrier-group-transits-miyako-strait"

POSTS = [
    {
        "post_id": 4127,
        "slug": SEED_SLUG,
        "title": _SEED["title"],
        "authors": ["emmanuel-ademuyiwa"],
        "published_at": "2025-08-21T09:14:27+00:00",
        "modified_at": "2025-08-21T09:20:11+00:00",
        "categories": ["defense", "geopolitics"],
        "tags": [],  # untagged on the real site: no tags line, no JSON-LD keywords
        "image": {
            "file": "2025/08/AP25232445107386.jpg", "width": 1200, "height": 800,
            "caption": _SEED["captions"][0],
        },
        "blocks": [("p", p) for p in _SEED["body_paragraphs"]],
        "quirks": ["seed"],
    },
    {
        "post_id": 4203,
        "slug": "philippines-japan-reciprocal-access-agreement-enters-into-force",
        "title": "Philippines and Japan reciprocal access agreement enters into force",
        "authors": ["sarah-whitfield"],
        "published_at": "2025-09-11T08:30:00+01:00",
        "modified_at": "2025-09-11T10:02:45+01:00",
        "categories": ["geopolitics", "defense"],
        "tags": ["philippines", "japan", "china"],
        "image": {
            "file": "2025/09/philippines-japan-raa.jpg", "width": 1200, "height": 675,
            "caption": "Philippine and Japanese troops during a joint exercise in Luzon, July 2025. (Armed Forces of the Philippines)",
        },
        "blocks": [
            ("p", "A Reciprocal Access Agreement between the Philippines and Japan entered into force on Thursday, allowing the two countries to deploy forces on each other’s territory for joint training, disaster relief and combined exercises without negotiating case-by-case arrangements."),
            ("p", "The pact, signed in Manila in July 2024 and ratified by both legislatures this year, is the first of its kind Tokyo has concluded in Asia. Officials in Manila said the first large-scale activity under the agreement would be Japanese participation in an amphibious drill in northern Luzon later this year."),
            ("p", "Beijing criticised the agreement as a step toward “bloc confrontation” in the region. Philippine Defense Secretary Gilberto Teodoro said the arrangement was defensive and aimed at deterring coercion in the South China Sea, where Chinese coast guard vessels have repeatedly blocked resupply missions to the Second Thomas Shoal."),
            ("p", "Analysts expect the agreement to accelerate Japanese transfers of coastal radars and patrol vessels to the Philippines under Tokyo’s Official Security Assistance programme."),
        ],
        "quirks": ["tracking_params"],
        "sitemap_query": "?utm_source=newsletter&utm_medium=email",
    },
    {
        "post_id": 4196,
        "slug": "estonia-begins-building-baltic-defence-line-bunkers",
        "title": "Estonia begins building Baltic Defence Line bunkers along Russian border",
        "authors": ["zoe-lukasiewicz"],
        "published_at": "2025-09-09T07:45:10+01:00",
        "modified_at": "2025-09-09T07:45:10+01:00",
        "categories": ["defense"],
        "tags": ["estonia", "baltics", "nato", "russia"],
        "image": {
            "file": "2025/09/estonia-bunker-construction.jpg", "width": 1200, "height": 800,
            "caption": "A prefabricated concrete bunker is lowered into place near Narva, Estonia. (Estonian Centre for Defence Investments)",
        },
        "blocks": [
            ("p", "Estonia has started installing the first of some 600 concrete bunkers along its eastern border with Russia, the Estonian Centre for Defence Investments said, marking the most visible step yet in the construction of the so-called Baltic Defence Line."),
            ("p", "The bunkers, each designed to shelter a squad from artillery fire, are being placed in a staggered belt between Narva and the southern border with Latvia. Officials said anti-tank ditches, dragon’s teeth and pre-positioned mine storage would follow in 2026."),
            ("p", "Latvia and Lithuania are building similar fortifications under a joint plan agreed in January 2024. Together the three states have earmarked more than €1 billion for the effort over the next decade."),
            ("p", "Defence Minister Hanno Pevkur said the aim was to ensure that “every metre of Estonian soil is defended from the first day,” reflecting NATO’s shift from a tripwire posture to forward defence on its eastern flank."),
        ],
        "quirks": ["flaky_500"],
    },
    {
        "post_id": 4188,
        "slug": "nato-allies-expand-baltic-air-policing-after-drone-incursions",
        "title": "NATO allies expand Baltic air policing after drone incursions",
        "authors": ["sarah-whitfield", "daniel-okafor"],
        "published_at": "2025-09-05T14:02:33+01:00",
        "modified_at": "2025-09-06T09:11:02+01:00",
        "categories": ["defense"],
        "tags": ["nato", "baltics", "drones"],
        "image": {
            "file": "2025/09/eurofighter-siauliai.jpg", "width": 1200, "height": 800,
            "caption": "A German Eurofighter Typhoon lands at Šiauliai Air Base, Lithuania. (NATO Allied Air Command)",
        },
        "blocks": [
            ("p", "NATO will add fighter jets and ground-based air defences to its Baltic Air Policing mission after a series of drone incursions into Lithuanian and Latvian airspace, alliance officials said on Friday."),
            ("p", "Germany and the Netherlands will each send two additional Eurofighter and F-35 aircraft to Šiauliai and Ämari air bases, while Sweden has offered a mobile radar unit to improve low-altitude coverage along the Belarusian border."),
            ("p", "The move follows at least four incidents since July in which small unmanned aircraft crossed into NATO airspace, one of which crashed in a field near Vilnius carrying what investigators described as an improvised explosive payload."),
            ("p", "Allied Air Command said the reinforcement was “proportionate and defensive” and would remain in place at least until the end of the year."),
        ],
        "quirks": ["two_authors"],
    },
    {
        "post_id": 4171,
        "slug": "japan-defense-ministry-seeks-record-budget-for-fiscal-2026",
        "title": "Japan’s defense ministry seeks record budget for fiscal 2026",
        "authors": ["emmanuel-ademuyiwa"],
        "published_at": "2025-08-29T06:10:45+01:00",
        "modified_at": "2025-08-29T06:10:45+01:00",
        "categories": ["defense"],
        "tags": ["japan", "budget", "china"],
        "image": {
            "file": "2025/08/japan-mod-ichigaya.jpg", "width": 1200, "height": 800,
            "caption": None,
        },
        "blocks": [
            ("p", "Japan’s Ministry of Defense has requested a record 8.8 trillion yen for the fiscal year starting in April 2026, as Tokyo continues a five-year build-up intended to double security spending to 2 percent of gross domestic product."),
            ("p", "The request includes funds for long-range stand-off missiles, additional Aegis System Equipped Vessels and a new integrated command that will coordinate the Ground, Maritime and Air Self-Defense Forces with U.S. forces in Japan."),
            ("p", "A large share of the increase is earmarked for unmanned systems, including surveillance drones for the southwestern Nansei islands, where Chinese naval activity has risen sharply over the past two years."),
            ("p", "The Finance Ministry will review the request before the cabinet approves a final budget draft in December."),
        ],
        "quirks": ["no_caption", "http_link"],
    },
    {
        "post_id": 4166,
        "slug": "ukraine-showcases-long-range-cruise-missile-production",
        "title": "Ukraine showcases long-range cruise missile production as strikes deepen",
        "authors": ["sarah-whitfield"],
        "published_at": "2025-08-26T12:25:00+01:00",
        "modified_at": "2025-08-27T08:40:19+01:00",
        "categories": ["defense"],
        "tags": ["ukraine", "missiles", "russia"],
        "image": {
            "file": "2025/08/ukraine-cruise-missile.jpg", "width": 1200, "height": 800,
            "caption": "A Ukrainian long-range cruise missile on display at an undisclosed location, Aug. 2025. (Ukrainian Presidential Press Office via AP)",
        },
        "blocks": [
            ("p", "Ukraine has opened its missile assembly lines to foreign reporters for the first time, showcasing a domestically built cruise missile that officials say can strike targets more than 3,000 kilometres away."),
            ("p", "Production has reached roughly one missile a day, according to the manufacturer, and is expected to triple by the end of the year if funding from European partners arrives on schedule."),
            ("image", "2025/08/missile-assembly-line.jpg", "Workers assemble missile airframes",
             "Workers assemble missile airframes at a factory in central Ukraine. (AP Photo)",
             "missile-assembly-line"),
            ("p", "“We are no longer asking for permission to defend ourselves in depth,” a senior defence official told reporters during the visit. He said the weapon had already been used against fuel depots and airfields inside Russia."),
            ("pullquote", "We are no longer asking for permission to defend ourselves in depth.", "Senior Ukrainian defence official"),
            ("p", "Western officials have welcomed the growth of Ukraine’s defence industry as a way to reduce Kyiv’s dependence on donated weapons, though they caution that sustaining output will require steady supplies of engines and guidance components."),
        ],
        "quirks": ["pullquote", "inline_image", "attachment"],
    },
    {
        "post_id": 4150,
        "slug": "weekly-defense-briefing-drones-budgets-and-border-deployments",
        "title": "Weekly defense briefing: drones, budgets and border deployments",
        "authors": [],
        "published_at": "2025-08-15T08:00:00+00:00",
        "modified_at": "2025-08-15T08:00:00+00:00",
        "categories": ["defense"],
        "tags": ["weekly-briefing", "drones", "budget"],
        "image": {
            "file": "2025/08/weekly-briefing-banner.jpg", "width": 1200, "height": 630,
            "caption": "OpsIntels weekly defense briefing.",
        },
        "blocks": [
            ("p", "This week’s briefing covers the rapid expansion of drone units across European armies, a string of budget announcements in Asia and new troop deployments along NATO’s eastern border."),
            ("p", "Poland announced the creation of a dedicated unmanned systems branch of its armed forces, following similar moves by Ukraine and Lithuania. The branch will train several thousand operators a year by 2027."),
            ("p", "In Asia, South Korea and Australia both unveiled larger-than-expected defence budget requests, citing missile threats from North Korea and the need to modernise naval fleets."),
            ("p", "Finally, Romania and Bulgaria agreed to host additional rotational forces from NATO’s multinational battlegroups, as the alliance seeks to strengthen its presence on the Black Sea."),
        ],
        "quirks": ["no_author"],
    },
    {
        "post_id": 4112,
        "slug": "sahel-juntas-deepen-security-pact-as-africa-corps-expands",
        "title": "Sahel juntas deepen security pact as Africa Corps expands footprint",
        "authors": ["daniel-okafor", "emmanuel-ademuyiwa", "zoe-lukasiewicz"],
        "published_at": "2025-07-28T11:30:00+00:00",
        "modified_at": "2025-07-29T07:05:41+00:00",
        "categories": ["geopolitics"],
        "tags": ["sahel", "africa", "russia"],
        "image": {
            "file": "2025/07/aes-summit-niamey.jpg", "width": 1200, "height": 800,
            "caption": "Leaders of the Alliance of Sahel States pose for a photo in Niamey, Niger. (AP Photo)",
        },
        "blocks": [
            ("p", "The military governments of Mali, Burkina Faso and Niger have agreed to form a joint force of 5,000 troops under the Alliance of Sahel States, deepening a security pact that has replaced their former partnerships with France and the regional bloc ECOWAS."),
            ("p", "The announcement came as Russia’s Africa Corps, the defence ministry-controlled successor to the Wagner Group, expanded its presence in the region with new deployments to central Mali and western Niger."),
            ("p", "Regional analysts say the joint force faces steep challenges, including limited air support, strained finances and jihadist insurgencies linked to al-Qaeda and the Islamic State that control large rural areas of all three countries."),
            ("p", "Diplomats in Abuja said ECOWAS remained open to dialogue with the three juntas but warned that the growing Russian military footprint risked entrenching conflict across the Sahel."),
        ],
        "quirks": ["three_authors", "unicode"],
    },
    {
        "post_id": 4098,
        "slug": "red-sea-navies-respond-after-houthi-missile-strike-on-bulk-carrier",
        "title": "Red Sea: navies respond after Houthi missile strike on bulk carrier",
        "authors": ["emmanuel-ademuyiwa"],
        "published_at": "2025-07-22T19:40:12+00:00",
        "modified_at": "2025-07-23T06:12:00+00:00",
        "categories": ["geopolitics"],
        "tags": ["red-sea", "houthis", "shipping"],
        "image": {
            "file": "2025/07/red-sea-bulk-carrier.jpg", "width": 1200, "height": 800,
            "caption": "Smoke rises from a bulk carrier in the Red Sea after a missile strike. (EUNAVFOR Aspides via AP)",
        },
        "blocks": [
            ("p", "European and U.S. warships rushed to assist the crew of a Liberian-flagged bulk carrier in the southern Red Sea on Tuesday after it was struck by an anti-ship missile fired from Houthi-controlled territory in Yemen."),
            ("p", "The Houthi leader, Abdul-Malik al-Houthi (عبد الملك الحوثي), said in a televised speech that attacks on vessels linked to Israel and its allies would continue. The group’s military spokesman claimed responsibility for the strike within hours."),
            ("tweet", "Our ships are on scene assisting the crew of the bulk carrier attacked in the southern Red Sea. All 22 crew members are accounted for.",
             "EUNAVFOR ASPIDES (@EUNAVFOR_ASPIDES)", "https://twitter.com/EUNAVFOR_ASPIDES/status/1947731112233445566", "July 22, 2025"),
            ("p", "The EU’s Operation Aspides said its frigates had escorted more than 500 merchant ships through the area since early 2024, but acknowledged that it cannot protect every vessel transiting the Bab el-Mandeb strait."),
            ("youtube", "Xk3v9QfR2aE", "Footage shows bulk carrier ablaze in Red Sea"),
            ("p", "Shipping insurers said war-risk premiums for Red Sea transits had risen again after the attack, and several major container lines confirmed they would continue routing vessels around the Cape of Good Hope."),
        ],
        "quirks": ["tweet_embed", "youtube_embed", "unicode"],
    },
    {
        "post_id": 4090,
        "slug": "taiwan-holds-largest-ever-han-kuang-drills-amid-chinese-pressure",
        "old_slug": "taiwan-han-kuang-drills-2025",
        "title": "Taiwan holds its largest-ever Han Kuang drills amid Chinese pressure",
        "authors": ["emmanuel-ademuyiwa"],
        "published_at": "2025-07-16T05:50:00+01:00",
        "modified_at": "2025-07-18T13:27:36+01:00",
        "categories": ["defense", "geopolitics"],
        "tags": ["taiwan", "china"],
        "image": {
            "file": "2025/07/han-kuang-2025.jpg", "width": 1200, "height": 800,
            "caption": "Taiwanese soldiers take part in the Han Kuang exercise in Taichung, July 2025. (AP Photo)",
        },
        "blocks": [
            ("p", "Taiwan began its largest-ever Han Kuang military exercise on Wednesday, mobilising some 22,000 reservists for ten days of drills that simulate a Chinese blockade and amphibious assault."),
            ("p", "For the first time the exercise is being held without a pre-announced script, and civil defence drills are taking place in major cities at the same time, including air-raid sheltering and evacuations of government buildings."),
            ("p", "The island’s newly delivered HIMARS rocket launchers and Abrams tanks took part in live-fire events, while the navy rehearsed dispersing warships away from their home ports to reduce their vulnerability to missile strikes."),
            ("p", "China’s Taiwan Affairs Office dismissed the drills as “provocative theatrics” and warned that Beijing would respond to what it called separatist activities."),
        ],
        "quirks": ["retired_slug"],
    },
    {
        "post_id": 4071,
        "slug": "munster-talks-germany-and-poland-pledge-joint-air-defence-for-suwalki-corridor",
        "title": "Münster talks: Germany and Poland pledge joint air defence for the Suwałki corridor",
        "authors": ["zoe-lukasiewicz"],
        "published_at": "2025-07-10T10:05:00+01:00",
        "modified_at": "2025-07-10T10:05:00+01:00",
        "categories": ["defense", "geopolitics"],
        "tags": ["germany", "poland", "air-defence", "belarus"],
        "image": {
            "file": "2025/07/munster-talks.jpg", "width": 1200, "height": 800,
            "caption": "Boris Pistorius and Władysław Kosiniak-Kamysz meet in Münster, Germany. (Bundeswehr/Jörg Döring)",
        },
        "blocks": [
            ("p", "German Defence Minister Boris Pistorius and his Polish counterpart Władysław Kosiniak-Kamysz agreed in Münster on Thursday to integrate their air defence units covering the Suwałki corridor, the narrow strip of Polish and Lithuanian land between Belarus and Russia’s Kaliningrad exclave."),
            ("p", "Under the plan, German Patriot batteries and Polish Wisła systems will share a common air picture, and a combined headquarters in Białystok will coordinate their response to incoming missiles and drones."),
            ("p", "Officials in Minsk reacted sharply. Belarusian President Alexander Lukashenko (Александр Лукашенко) described the agreement as “preparation for aggression,” while the Kremlin spokesman Dmitry Peskov (Дмитрий Песков) said Moscow would take “appropriate measures.”"),
            ("p", "The two ministers also discussed the German brigade now stationing in Lithuania, which is due to reach full strength of about 5,000 soldiers by 2027 – the Bundeswehr’s first permanent foreign deployment since the Second World War."),
        ],
        "quirks": ["unicode", "nfd_title"],
    },
    {
        "post_id": 4033,
        "slug": "us-army-awards-contract-for-next-generation-squad-weapon-ammunition-plant",
        "title": "US Army awards contract for next-generation squad weapon ammunition plant",
        "authors": ["sarah-whitfield"],
        "published_at": "2025-06-17T16:45:00+01:00",
        "modified_at": "2025-06-17T16:45:00+01:00",
        "categories": ["defense"],
        "tags": ["us-army", "ammunition"],
        "image": None,
        "blocks": [
            ("p", "The U.S. Army has awarded a contract to build a new production line for 6.8mm ammunition used by its Next Generation Squad Weapon, the service said in a statement on Tuesday."),
            ("p", "The facility, to be built at the Lake City Army Ammunition Plant in Missouri, is expected to produce up to 350 million rounds a year once it reaches full capacity later this decade."),
            ("p", "The Army began fielding the new XM7 rifle and XM250 automatic rifle to close-combat units in 2024. Congressional auditors have urged the service to ensure that ammunition production keeps pace with fielding."),
        ],
        "quirks": ["no_featured_image"],
    },
    {
        "post_id": 4025,
        "slug": "indonesia-signs-deal-for-48-turkish-kaan-fighter-jets",
        "title": "Indonesia signs deal for 48 Turkish KAAN fighter jets",
        "authors": ["daniel-okafor"],
        "published_at": "2025-06-11T15:00:00+01:00",
        "modified_at": "2025-06-12T09:30:00+01:00",
        "categories": ["defense"],
        "tags": ["turkey", "indonesia", "exports"],
        "image": {
            "file": "2025/06/kaan-fighter.jpg", "width": 1200, "height": 800,
            "caption": "The KAAN fifth-generation fighter prototype during a flight test in Ankara. (Turkish Aerospace)",
        },
        "blocks": [
            ("p", "Indonesia has signed a contract to buy 48 KAAN fighter jets from Turkish Aerospace, the first export order for Türkiye’s fifth-generation combat aircraft programme, the two governments announced at the Indo Defence exhibition in Jakarta."),
            ("p", "The agreement, valued at more than $10 billion, includes local production of some components by Indonesian state-owned firms and training for Indonesian pilots and engineers."),
            ("p", "KAAN made its maiden flight in February 2024 and is expected to enter service with the Turkish Air Force around 2028. Indonesian deliveries are scheduled to begin within ten years."),
        ],
        "quirks": ["broken_jsonld"],
    },
    {
        "post_id": 3987,
        "slug": "european-rearmament-tracker-2025-where-nato-members-stand",
        "title": "European rearmament tracker 2025: where NATO members stand",
        "authors": ["jonas-muller"],
        "published_at": "2025-05-30T09:00:00+01:00",
        "modified_at": "2025-06-02T11:15:00+01:00",
        "categories": ["defense"],
        "tags": ["europe", "nato", "budget"],
        "image": {
            "file": "2025/05/european-rearmament.jpg", "width": 1200, "height": 800,
            "caption": "Leopard 2A8 tanks on the assembly line in Munich. (KNDS Deutschland)",
        },
        "blocks": long_article_blocks(),
        "quirks": ["long_body", "newsletter"],
    },
    {
        "post_id": 3962,
        "slug": "spain-approves-10-5-billion-euro-plan-to-reach-nato-spending-target",
        "title": "Spain approves €10.5 billion plan to reach NATO spending target",
        "authors": ["emmanuel-ademuyiwa"],
        "published_at": "2025-04-22T12:00:00+01:00",
        "modified_at": "2025-04-22T12:00:00+01:00",
        "categories": ["defense", "geopolitics"],
        "tags": ["spain", "nato", "budget"],
        "image": {
            "file": "2025/04/spain-defence-plan.jpg", "width": 1200, "height": 800,
            "caption": "Pedro Sánchez presents the defence plan in Madrid. (La Moncloa)",
        },
        "blocks": [
            ("p", "Spain’s government approved a €10.5 billion plan on Tuesday to raise defence and security spending to 2 percent of GDP this year, meeting NATO’s long-standing target for the first time."),
            ("p", "Prime Minister Pedro Sánchez said the money would go to pay rises for troops, cyber-defence, telecommunications and new equipment, with a focus on contracts for Spanish companies such as Indra and Navantia."),
            ("p", "In Zaragoza, café owners near the air base said they welcomed the prospect of more personnel, while opposition parties criticised the plan for bypassing a parliamentary budget vote."),
            ("p", "Defence Minister Margarita Robles said the programme would not touch social spending, describing it as “una inversión en seguridad, no en guerra.”"),
        ],
        "quirks": ["charset_meta_only"],
        "charset": "windows-1252",
    },
    {
        "post_id": 3940,
        "slug": "analysis-hypersonic-race-and-chinas-widening-edge",
        "title": "Analysis: Hypersonic race & China’s widening edge",
        "title_html": "Analysis: <em>Hypersonic</em> race &amp; China&#8217;s widening edge",
        "authors": ["emmanuel-ademuyiwa"],
        "published_at": "2025-04-14T13:20:00+01:00",
        "modified_at": "2025-04-15T08:00:00+01:00",
        "categories": ["geopolitics"],
        "tags": ["hypersonic", "china", "missiles"],
        "image": {
            "file": "2025/04/df-17-parade.jpg", "width": 1200, "height": 800,
            "caption": "DF-17 hypersonic missiles at a military parade in Beijing. (Xinhua via AP)",
        },
        "blocks": [
            ("p", "China has fielded more hypersonic weapons than any other country, according to U.S. intelligence assessments, and continues to test new designs at a pace that Washington is struggling to match."),
            ("p", "The DF-17, which carries a hypersonic glide vehicle, has been operational since 2020. Beijing has since displayed air-launched and ship-launched variants, and in 2021 tested a fractional orbital bombardment system that circled the globe before striking near its target."),
            ("p", "The United States has accelerated its own programmes after years of delays. The Army’s Long-Range Hypersonic Weapon, known as Dark Eagle, completed an end-to-end flight test in December 2024, and the Navy is preparing to install the Conventional Prompt Strike system on Zumwalt-class destroyers."),
            ("p", "Experts caution that hypersonic weapons are not invulnerable, but their speed and manoeuvrability compress decision times for defenders and complicate the economics of missile defence."),
        ],
        "quirks": ["title_markup"],
    },
    {
        "post_id": 3905,
        "slug": "india-tests-agni-5-ballistic-missile-from-odisha-coast",
        "title": "India tests Agni-5 intermediate-range ballistic missile from Odisha coast",
        "authors": ["emmanuel-ademuyiwa"],
        "published_at": "2025-03-18T10:00:00+00:00",
        "modified_at": "2025-03-18T10:00:00+00:00",
        "categories": ["defense"],
        "tags": ["india", "missiles"],
        "image": {
            "file": "2025/03/agni-5-launch.jpg", "width": 1200, "height": 800,
            "caption": "An Agni-5 missile lifts off from Dr APJ Abdul Kalam Island. (DRDO)",
        },
        "blocks": [
            ("p", "India successfully test-fired an Agni-5 intermediate-range ballistic missile from Dr APJ Abdul Kalam Island off the coast of Odisha on Tuesday, the Defence Research and Development Organisation said."),
            ("p", "The launch validated a canister-based configuration that allows the missile to be stored and fired from road-mobile launchers at short notice, a capability the Strategic Forces Command has sought for years."),
            ("p", "The Agni-5 has a range of more than 5,000 kilometres, putting most of China within reach. India first tested multiple independently targetable re-entry vehicles on the missile in March 2024."),
        ],
        "quirks": ["no_jsonld"],
    },
    {
        "post_id": 3871,
        "slug": "dassault-rafale-backlog-swells-as-export-orders-pour-in",
        "title": "Dassault’s Rafale backlog swells as export orders pour in",
        "authors": ["jonas-muller"],
        "published_at": "2025-03-04T17:30:00+00:00",
        "modified_at": "2025-03-05T09:00:00+00:00",
        "categories": ["defense"],
        "tags": ["france", "exports"],
        "image": {
            "file": "2025/03/rafale-merignac.jpg", "width": 1200, "height": 800,
            "caption": "Rafale fighters on the flight line at Mérignac, near Bordeaux. (Dassault Aviation)",
        },
        "blocks": [
            ("p", "Dassault Aviation reported a record order backlog of 220 Rafale fighters on Tuesday, worth roughly €40 billion, after new contracts from Indonesia, Serbia and the United Arab Emirates."),
            ("p", "Chief executive Éric Trappier said the Mérignac final assembly line would increase output to four aircraft a month by 2026, and that suppliers were hiring aggressively to keep pace."),
            ("p", "Over a café crème at the company’s Saint-Cloud headquarters, one executive said the main constraint was no longer orders but skilled labour."),
            ("p", "French officials see the Rafale’s export success as proof that Europe can sustain an independent combat-aircraft industry, even as Paris and Berlin wrangle over the future FCAS programme."),
        ],
        "quirks": ["charset_header_only"],
        "charset": "ISO-8859-1",
    },
]
