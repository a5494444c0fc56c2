"""Many CSS selectors matched in one walk of a tree.

Stripping boilerplate ran ~85 CSS selectors one after the other, each one an XPath walk of
the whole article (a third of the extraction's CPU, bench/). Nearly all of them are simple
compound selectors (``tag``, ``.class``, ``#id``, ``[attr^=value]`` and combinations), which
one pass over the elements can test with set lookups; descendant and child combinators
(``a b``, ``a > b``) are tested as browsers do, right to left: the last compound on the
element, the others on its ancestors. libxml2 tests a class by rebuilding the attribute
(``concat(' ', normalize-space(@class), ' ')``) on every element, ~1 µs each, so a site
rule such as ``.featured-image figcaption`` cost 0.3-0.7 ms per query (bench/). Anything
else (sibling combinators, pseudo classes) still goes through cssselect's XPath, compiled
once, so site rules may use any CSS.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cssselect import HTMLTranslator, SelectorError, parse
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Hash
from lxml import etree

_ASCII_WS = re.compile(r"[ \t\n\f\r]+")
_NEVER = "(?!)"


def _attrib_pattern(op: str, wanted: str | None) -> str | None:
    """A regex (for ``re.match``, DOTALL) testing an attribute's value as ``[attr<op>wanted]``
    does, or None for an operator this module leaves to XPath."""
    text = re.escape(wanted or "")
    if not wanted and op in ("~=", "^=", "$=", "*="):
        return _NEVER  # CSS: an empty value never matches these
    return {"exists": r".*", "=": rf"{text}\Z", "^=": text, "*=": rf".*?{text}", "$=": rf".*{text}\Z",
            "~=": rf"(?:.*[ \t\n\f\r])?{text}(?:[ \t\n\f\r]|\Z)", "|=": rf"{text}(?:-|\Z)"}.get(op)


def _tokens(value: str) -> list[str]:
    """Class-like tokens, split on ASCII whitespace only (as HTML does)."""
    return value.split() if value.isascii() else [t for t in _ASCII_WS.split(value) if t]


class _Compound:
    """``tag.class#id[attr...]``: every part must hold on the same element.

    ``up`` is what the selector asks of the element's ancestors, nearest first:
    ``(combinator, compound)`` pairs, ``" "`` for any ancestor, ``">"`` for the parent."""

    __slots__ = ("tag", "classes", "id", "attribs", "up")

    def __init__(self, tag, classes, id_, attribs):
        self.tag, self.classes, self.id, self.attribs = tag, frozenset(classes), id_, tuple(attribs)
        self.up: tuple[tuple[str, _Compound], ...] = ()

    def holds(self, el, tag: str, classes) -> bool:
        """The compound itself holds on ``el`` (its ancestors are not looked at)."""
        if self.tag is not None and tag != self.tag:
            return False
        if self.classes and not self.classes.issubset(classes):
            return False
        if self.id is not None and el.get("id") != self.id:
            return False
        return all((value := el.get(name)) is not None and match(value) for name, _, match in self.attribs)

    def holds_on(self, el) -> bool:
        value = el.get("class")
        return self.holds(el, el.tag, _tokens(value) if value else ())

    def matches(self, el, tag: str, classes, root) -> bool:
        """The whole selector matches ``el``, its ancestors looked for up to ``root`` included."""
        return self.holds(el, tag, classes) and (not self.up or _ancestors_match(el, self.up, root))

    def as_pattern(self) -> tuple[str, str] | None:
        """``(attribute, regex)`` when the rule is one attribute test and nothing else."""
        if self.tag is not None or self.classes or self.id is not None or len(self.attribs) != 1 or self.up:
            return None
        name, pattern, _ = self.attribs[0]
        return name, pattern


def _ancestors_match(el, steps, root) -> bool:
    """``steps`` (nearest first) hold on ``el``'s ancestors, none above ``root``.

    Tries every ancestor a descendant step could use (``a > b c`` may need a farther ``b``),
    as XPath's ``descendant-or-self::a/b//c`` from ``root`` would."""
    (combinator, compound), rest = steps[0], steps[1:]
    node = el
    while node is not root:
        node = node.getparent()
        if node is None:
            return False
        if compound.holds_on(node) and (not rest or _ancestors_match(node, rest, root)):
            return True
        if combinator == ">":
            return False
    return False


def _compound(tree) -> _Compound | None:
    """The compound selector ``tree`` stands for, or None if it needs XPath."""
    classes, attribs, id_ = [], [], None
    while not isinstance(tree, Element):
        if isinstance(tree, Class):
            classes.append(tree.class_name)
        elif isinstance(tree, Hash):
            if id_ is not None:
                return None
            id_ = tree.id
        elif isinstance(tree, Attrib) and tree.namespace is None and \
                (pattern := _attrib_pattern(tree.operator, getattr(tree.value, "value", tree.value))) is not None:
            attribs.append((tree.attrib.lower(), pattern, re.compile(pattern, re.S).match))
        else:
            return None
        tree = tree.selector
    if tree.namespace is not None:
        return None
    tag = None if tree.element in (None, "*") else tree.element.lower()
    return _Compound(tag, classes, id_, attribs)


def _rule(tree) -> _Compound | None:
    """The last compound of ``tree`` with the rest of the selector in its ``up``, or None if
    the selector needs XPath (a sibling combinator, a pseudo class, a namespace)."""
    last, up, combinator = None, [], None
    while isinstance(tree, CombinedSelector):
        if tree.combinator not in (" ", ">"):
            return None
        compound = _compound(tree.subselector)
        if compound is None:
            return None
        if last is None:
            last = compound
        else:
            up.append((combinator, compound))
        combinator, tree = tree.combinator, tree.selector
    compound = _compound(tree)
    if compound is None:
        return None
    if last is None:
        return compound
    up.append((combinator, compound))
    last.up = tuple(up)
    return last


class Matcher:
    """The elements of a tree that match any of ``selectors``, found in one walk.

    Rules are indexed by what an element must have (tag, a class, id, attribute), so each
    element is tested only against the rules it could match. Selectors cssselect cannot parse
    are skipped (a bad site rule must not stop a crawl).
    """

    def __init__(self, selectors: tuple[str, ...]):
        self.tags: set[str] = set()  # rules that are a bare tag (or "*"): the tag alone decides
        self.by_tag: dict[str, list[_Compound]] = {}
        self.by_class: dict[str, list[_Compound]] = {}
        self.by_id: dict[str, list[_Compound]] = {}
        self.anywhere: list[_Compound] = []
        patterns: dict[str, list[str]] = {}
        self.xpaths: list[etree.XPath] = []
        translator = HTMLTranslator()
        for text in selectors:
            try:
                parsed = parse(text)
            except SelectorError:
                continue
            for selector in parsed:
                rule = None if selector.pseudo_element else _rule(selector.parsed_tree)
                pattern = rule.as_pattern() if rule is not None else None
                if rule is None:
                    try:
                        self.xpaths.append(etree.XPath(translator.selector_to_xpath(selector)))
                    except (SelectorError, etree.XPathError):
                        pass
                elif pattern is not None:
                    patterns.setdefault(pattern[0], []).append(pattern[1])
                elif rule.id is not None:
                    self.by_id.setdefault(rule.id, []).append(rule)
                elif rule.classes:
                    self.by_class.setdefault(min(rule.classes), []).append(rule)
                elif not rule.attribs and not rule.up:
                    self.tags.add(rule.tag or "*")
                elif not rule.attribs:  # a tag (or "*") below other compounds: "article h1"
                    self.by_tag.setdefault(rule.tag or "*", []).append(rule)
                else:
                    self.anywhere.append(rule)
        #: attribute name -> one regex for all the single-attribute rules on it
        self.by_attribute = [(name, re.compile("|".join(f"(?:{p})" for p in group), re.S).match)
                             for name, group in patterns.items()]

    def _matches(self, el, root) -> bool:
        """``el`` matches one of the rules that need no XPath (ancestors up to ``root``)."""
        tag = el.tag
        if tag in self.tags or "*" in self.tags:
            return True
        by_tag = self.by_tag
        candidates = by_tag.get(tag, []) + by_tag.get("*", []) if by_tag else []
        attrib = el.attrib
        if attrib:  # every other rule tests a class, an id or an attribute
            for name, match in self.by_attribute:
                value = attrib.get(name)
                if value is not None and match(value):
                    return True
            value = attrib.get("class")
            classes = _tokens(value) if value else ()
            by_class = self.by_class
            candidates += [rule for name in classes if name in by_class for rule in by_class[name]]
            element_id = attrib.get("id")
            if element_id is not None and element_id in self.by_id:
                candidates += self.by_id[element_id]
            candidates += self.anywhere
        elif not candidates:
            return False
        else:
            classes = ()
        return any(rule.matches(el, tag, classes, root) for rule in candidates)

    def _xpath_hits(self, root) -> set:
        return {el for xpath in self.xpaths for el in xpath(root)}

    def find(self, root) -> list:
        """Matching elements of ``root``'s tree (``root`` included), in document order."""
        if self.xpaths:
            found = self._xpath_hits(root)
            return [el for el in root.iter(etree.Element) if el in found or self._matches(el, root)]
        return [el for el in root.iter(etree.Element) if self._matches(el, root)]

    def bound(self, root) -> "Bound":
        """``el in matcher.bound(root)``: does ``el``, below ``root``, match? (tested lazily)"""
        return Bound(self, root)


class Bound:
    """A matcher tied to one tree: membership tests for elements strictly below ``root``.

    Rules that need XPath are evaluated once over the tree, on the first test."""

    __slots__ = ("matcher", "root", "_xpath_hits", "_seen")

    def __init__(self, matcher: Matcher | None, root):
        self.matcher, self.root = matcher, root
        self._xpath_hits: set | None = None
        self._seen: dict = {}

    def __contains__(self, el) -> bool:
        if self.matcher is None or el is self.root:
            return False
        seen = self._seen.get(el)
        if seen is None:
            if self._xpath_hits is None:
                self._xpath_hits = self.matcher._xpath_hits(self.root) if self.matcher.xpaths else set()
            seen = self._seen[el] = el in self._xpath_hits or self.matcher._matches(el, self.root)
        return seen


#: matches nothing (no rules, no tree)
NOTHING = Bound(None, None)


@lru_cache(maxsize=1024)
def matcher(selectors: tuple[str, ...]) -> Matcher:
    """One :class:`Matcher` per selector list (site rules are fixed per spider, so a few
    hundred lists at most, each a few KB)."""
    return Matcher(selectors)


class TagQuery:
    """A CSS query whose every selector ends in a tag (``.featured-image figcaption``,
    ``h1.entry-title``), answered without XPath: lxml lists the elements with those tags in
    C (``iter(*tags)``) and only they are tested, their ancestors right to left.

    Walking every element in Python costs more than libxml2's XPath (a proxy object per
    element); so a query that could match any tag (``.caption``) is left to XPath."""

    def __init__(self, rules: list[_Compound]):
        self.by_tag: dict[str, list[_Compound]] = {}
        for rule in rules:
            self.by_tag.setdefault(rule.tag, []).append(rule)
        self.tags = tuple(self.by_tag)

    def iter(self, root):
        """What ``Selector.css`` finds from ``root`` (``root`` included), in document order."""
        by_tag = self.by_tag
        for el in root.iter(*self.tags):
            value = el.get("class")
            classes = _tokens(value) if value else ()
            if any(rule.matches(el, el.tag, classes, root) for rule in by_tag[el.tag]):
                yield el

    def find(self, root) -> list:
        return list(self.iter(root))

    def first(self, root):
        return next(self.iter(root), None)


@lru_cache(maxsize=1024)
def walk_query(css: str) -> TagQuery | None:
    """``css`` as a :class:`TagQuery` when every selector in it ends in a tag and needs no
    XPath (descendant and child combinators at most), else None: use ``Selector.css``."""
    try:
        parsed = parse(css)
    except SelectorError:
        return None
    rules = []
    for selector in parsed:
        rule = None if selector.pseudo_element else _rule(selector.parsed_tree)
        if rule is None or rule.tag is None:
            return None
        rules.append(rule)
    return TagQuery(rules) if rules else None
