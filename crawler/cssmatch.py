"""Many CSS selectors matched in one walk of a tree.

Stripping boilerplate ran ~85 CSS selectors one after the other, each one an XPath walk of
the whole article (a third of the extraction's CPU, bench/). Nearly all of them are simple
compound selectors (``tag``, ``.class``, ``#id``, ``[attr^=value]`` and combinations), which
one pass over the elements can test with set lookups. Anything else (combinators, pseudo
classes) still goes through cssselect's XPath, compiled once, so site rules may use any CSS.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cssselect import HTMLTranslator, SelectorError, parse
from cssselect.parser import Attrib, Class, Element, Hash
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
    """``tag.class#id[attr...]``: every part must hold on the same element."""

    __slots__ = ("tag", "classes", "id", "attribs")

    def __init__(self, tag, classes, id_, attribs):
        self.tag, self.classes, self.id, self.attribs = tag, frozenset(classes), id_, tuple(attribs)

    def matches(self, el, tag: str, classes: list[str]) -> bool:
        if self.tag is not None and tag != self.tag:
            return False
        if self.classes and not self.classes.issubset(classes):
            return False
        if self.id is not None and el.get("id") != self.id:
            return False
        return all((value := el.get(name)) is not None and match(value) for name, _, match in self.attribs)

    def as_pattern(self) -> tuple[str, str] | None:
        """``(attribute, regex)`` when the rule is one attribute test and nothing else."""
        if self.tag is not None or self.classes or self.id is not None or len(self.attribs) != 1:
            return None
        name, pattern, _ = self.attribs[0]
        return name, pattern


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


class Matcher:
    """The elements of a tree that match any of ``selectors``, found in one walk.

    Rules are indexed by what an element must have (tag, a class, id, attribute), so each
    element is tested only against the rules it could match. Selectors cssselect cannot parse
    are skipped (a bad site rule must not stop a crawl).
    """

    def __init__(self, selectors: tuple[str, ...]):
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
                compound = None if selector.pseudo_element else _compound(selector.parsed_tree)
                pattern = compound.as_pattern() if compound is not None else None
                if compound is None:
                    try:
                        self.xpaths.append(etree.XPath(translator.selector_to_xpath(selector)))
                    except (SelectorError, etree.XPathError):
                        pass
                elif pattern is not None:
                    patterns.setdefault(pattern[0], []).append(pattern[1])
                elif compound.id is not None:
                    self.by_id.setdefault(compound.id, []).append(compound)
                elif compound.classes:
                    self.by_class.setdefault(min(compound.classes), []).append(compound)
                elif not compound.attribs:  # a tag, or "*"
                    self.by_tag.setdefault(compound.tag or "*", []).append(compound)
                else:
                    self.anywhere.append(compound)
        #: attribute name -> one regex for all the single-attribute rules on it
        self.by_attribute = [(name, re.compile("|".join(f"(?:{p})" for p in group), re.S).match)
                             for name, group in patterns.items()]

    def _matches(self, el) -> bool:
        """``el`` matches one of the rules that need no XPath."""
        if el.tag in self.by_tag or "*" in self.by_tag:
            return True
        attrib = el.attrib
        if not attrib:  # every other rule tests a class, an id or an attribute
            return False
        for name, match in self.by_attribute:
            value = attrib.get(name)
            if value is not None and match(value):
                return True
        value = attrib.get("class")
        classes = _tokens(value) if value else ()
        by_class = self.by_class
        candidates = [rule for name in classes if name in by_class for rule in by_class[name]]
        element_id = attrib.get("id")
        if element_id is not None and element_id in self.by_id:
            candidates += self.by_id[element_id]
        return any(rule.matches(el, el.tag, classes) for rule in candidates + self.anywhere)

    def _xpath_hits(self, root) -> set:
        return {el for xpath in self.xpaths for el in xpath(root)}

    def find(self, root) -> list:
        """Matching elements of ``root``'s tree (``root`` included), in document order."""
        if self.xpaths:
            found = self._xpath_hits(root)
            return [el for el in root.iter(etree.Element) if el in found or self._matches(el)]
        return [el for el in root.iter(etree.Element) if self._matches(el)]

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
            seen = self._seen[el] = el in self._xpath_hits or self.matcher._matches(el)
        return seen


#: matches nothing (no rules, no tree)
NOTHING = Bound(None, None)


@lru_cache(maxsize=64)
def matcher(selectors: tuple[str, ...]) -> Matcher:
    """One :class:`Matcher` per selector list (site rules are fixed per spider)."""
    return Matcher(selectors)
