"""Author (WordPress user) records of the mirrored OpsIntels site."""

import hashlib

ORIGIN = "https://opsintels.com"


def _gravatar(name):
    digest = hashlib.md5(name.encode("utf-8")).hexdigest()
    return f"https://secure.gravatar.com/avatar/{digest}?s=300&d=mm&r=g"


def _author(slug, name, bio, same_as):
    return {
        "slug": slug,
        "name": name,
        "bio": bio,
        "same_as": same_as,
        "url": f"{ORIGIN}/author/{slug}/",
        "avatar": _gravatar(name),
        # Yoast builds person ids from a hash of the user; any stable hash will do.
        "schema_id": f"{ORIGIN}/#/schema/person/{hashlib.md5(slug.encode()).hexdigest()}",
    }


AUTHORS = {
    a["slug"]: a
    for a in [
        _author(
            "emmanuel-ademuyiwa",
            "Emmanuel Ademuyiwa",
            "A research sociologist, geopolitical analyst, and writer specializing in "
            "global conflict, intelligence, and international power dynamics. As "
            "Co-founder and Editor of OpsIntels.com, I deliver timely, evidence-driven "
            "reporting that combines accuracy with clarity, keeping readers informed on "
            "the forces shaping our world.",
            ["https://www.linkedin.com/in/emmanuel-ademuyiwa", "https://x.com/eademuyiwa"],
        ),
        _author(
            "sarah-whitfield",
            "Sarah Whitfield",
            "Sarah Whitfield covers NATO, European security and arms control for "
            "OpsIntels. She previously reported from Brussels and Vilnius.",
            ["https://x.com/swhitfield_def"],
        ),
        _author(
            "daniel-okafor",
            "Daniel Okafor",
            "Daniel Okafor is a security analyst focused on the Sahel, the Gulf of "
            "Guinea and the defence industries of emerging powers.",
            ["https://www.linkedin.com/in/daniel-okafor-security"],
        ),
        _author(
            "zoe-lukasiewicz",
            "Zoë Łukasiewicz",
            "Zoë Łukasiewicz writes about Central and Eastern European defence, "
            "from the Baltic states to the Black Sea.",
            ["https://x.com/zoe_lukasiewicz"],
        ),
        _author(
            "jonas-muller",
            "Jonas Müller",
            "Jonas Müller tracks European defence budgets, procurement and the "
            "Bundeswehr’s modernisation.",
            ["https://www.linkedin.com/in/jonas-mueller-defence"],
        ),
    ]
}


def byline(names):
    """Human byline as the site prints it: 'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
