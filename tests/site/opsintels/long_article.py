"""Blocks of the very long 'European rearmament tracker' post (~60 body paragraphs).

Each country section is an h2 plus paragraphs filled from per-country facts, so
that every paragraph is distinct. A list and a newsletter prompt sit in between.
"""

_COUNTRIES = [
    # name, adjective, share of GDP 2024, share 2025, flagship programme, industry, unit, minister
    ("Poland", "Polish", "4.1", "4.7", "K2 tanks and Homar-K rocket launchers", "PGZ", "the 18th Mechanised Division", "Władysław Kosiniak-Kamysz"),
    ("Germany", "German", "2.1", "2.4", "F-35A fighters and Arrow 3 missile defence", "Rheinmetall", "the 45th Panzer Brigade in Lithuania", "Boris Pistorius"),
    ("France", "French", "2.1", "2.2", "Rafale F5 upgrades and a new aircraft carrier", "Naval Group", "the 1st Army Corps", "Sébastien Lecornu"),
    ("the United Kingdom", "British", "2.3", "2.5", "Global Combat Air Programme and Dreadnought submarines", "BAE Systems", "the 3rd (UK) Division", "John Healey"),
    ("Italy", "Italian", "1.5", "2.0", "Panther KF51 tanks and SAMP/T NG batteries", "Leonardo", "the Ariete Armoured Brigade", "Guido Crosetto"),
    ("Sweden", "Swedish", "2.2", "2.4", "GlobalEye surveillance aircraft and CV90 vehicles", "Saab", "the Norrbotten Regiment", "Pål Jonson"),
    ("Lithuania", "Lithuanian", "2.9", "3.9", "Leopard 2A8 tanks and IRIS-T SLM air defence", "Giraitė Armament Plant", "the Iron Wolf Brigade", "Dovilė Šakalienė"),
    ("Romania", "Romanian", "2.3", "2.5", "Patriot batteries and an expanded Mihail Kogălniceanu air base", "Romarm", "the 9th Mechanised Brigade", "Angel Tîlvăr"),
]

_PARAGRAPHS = [
    "{name} spent an estimated {a} percent of GDP on defence in 2024 and plans to reach {b} percent this year, according to figures submitted to NATO headquarters.",
    "The centrepiece of the {adj} build-up is the purchase of {prog}, which officials describe as the largest single investment in the armed forces in a generation.",
    "Domestic industry is a priority: {ind} has been asked to expand production lines and hire thousands of engineers to meet the new orders placed by {name}.",
    "Commanders say the most pressing gap is ammunition. Stocks of 155mm artillery shells in {name} remain below the levels NATO planners consider necessary for a high-intensity war.",
    "Recruitment is the second constraint. {adj} officials concede that equipment purchases will matter little unless the armed forces can retain experienced non-commissioned officers.",
    "Much of the new equipment will go first to {unit}, which is being reorganised to meet NATO’s new force model and its requirement for units ready to deploy within 30 days.",
    "Defence minister {minister} told lawmakers that the spending increase was “a long-term commitment, not a one-off response to the war in Ukraine.”",
]

_LIST = [
    "Air and missile defence, including the European Sky Shield Initiative",
    "Long-range strike, from cruise missiles to rocket artillery",
    "Ammunition production, especially 155mm shells and propellant",
    "Military mobility: rail gauges, bridges and fuel depots on the eastern flank",
    "Drones and counter-drone systems at every echelon",
]


def long_article_blocks():
    blocks = [
        ("p", "European members of NATO are spending more on defence than at any time since the end of the Cold War. This tracker summarises where the largest and most exposed allies stand, what they are buying and the obstacles they face."),
        ("p", "At the alliance’s summit in The Hague, leaders agreed to a new target of 5 percent of GDP for defence and related security spending by 2035, of which 3.5 percent must go to core military needs."),
        ("p", "The figures below are drawn from national budget documents, NATO’s annual defence expenditure report and interviews with officials in each capital."),
        ("h2", "Common priorities"),
        ("p", "Despite very different starting points, European governments have converged on a short list of capability priorities identified in NATO’s defence planning process:"),
        ("ul", list(_LIST)),
        ("p", "Industry executives say the list has not changed in three years; what has changed is the willingness of governments to sign multi-year contracts that justify new factories."),
    ]
    for i, (name, adj, a, b, prog, ind, unit, minister) in enumerate(_COUNTRIES):
        title = name[4:].title() if name.startswith("the ") else name
        blocks.append(("h2", title))
        for tpl in _PARAGRAPHS:
            text = tpl.format(name=name, adj=adj, a=a, b=b, prog=prog, ind=ind, unit=unit, minister=minister)
            blocks.append(("p", text[0].upper() + text[1:]))
        if i == 3:
            blocks.append(("newsletter",))
    blocks += [
        ("h2", "What comes next"),
        ("p", "The next test will come when governments draft budgets for 2026, as the costs of servicing public debt collide with the new NATO target."),
        ("p", "The European Commission’s proposal to loosen fiscal rules for defence investment, and a €150 billion loan instrument for joint procurement, may ease the pressure for some members but not all."),
        ("p", "OpsIntels will update this tracker as new budgets and contracts are announced."),
    ]
    return blocks
