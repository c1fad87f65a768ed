"""Topic suggestions for a report's title and description: which SP4N-LAPOR! topics it is about.

Citizens write informally ("jln", "gak", "e-ktp sy"), with affixes ("berlubang", "pemadaman")
and typos, so the text is brought to root words before anything is counted: a table turns
informal spellings and abbreviations into standard words, a light Nazief–Adriani affix
stripper finds a vocabulary root inside an affixed word, and a word of five letters or more
one edit away from a vocabulary term is read as that term (a deletion-neighbourhood index,
so a lookup costs a few dictionary probes, not a pass over the vocabulary).

The vocabulary is data (``data/topic_vocabulary.json``, written by
``devtools/build_topic_vocabulary.py`` from the catalog's names and hand-written terms):
weighted root words and phrases per topic id, already scaled down for terms shared by many
top-level topics. It is read and indexed once, on the first call.

Scoring (deterministic, explainable): phrases are matched first and, when they weigh at least
as much as their words, their words are not counted again. Each distinct term found gives each
topic that lists it its weight (x1.5 when it is in the title, +15% per repeat up to three). A
top-level topic takes, per term, the best weight among it and its subtopics, and adds the terms
up strongest first, the n-th counting 0.7^n, so a few telling words beat many weak ones. The
score is a confidence in 0..1: ``(1 - exp(-evidence / 3)) * sqrt(evidence / all topics'
evidence)``, high only with enough evidence and little for other topics. A subtopic is named
instead of its parent when its own evidence (terms listed under many siblings count less) is at
least 0.3 of the parent's and 1.1 times the next sibling's; one line per top-level topic, a
second subtopic only on a spare line.
"""
from __future__ import annotations

import json
import math
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

VOCABULARY_PATH = Path(__file__).parent.parent / "data" / "topic_vocabulary.json"
CATALOG_PATH = Path(__file__).parent.parent / "data" / "lapor_topics.json"

TITLE_FACTOR = 1.5
STRENGTH_SCALE = 3.0  # evidence giving a strength of 1 - 1/e
MIN_EVIDENCE = 0.6  # below this a topic is not suggested at all
SUBTOPIC_SHARE = 0.3  # a subtopic needs this share of its parent's evidence to be named
SUBTOPIC_LEAD = 1.1  # ... and this much more than the next sibling
TYPO_MIN_LENGTH = 5
MAX_PHRASE_WORDS = 4
DECAY = 0.7

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_REDUPLICATED_2 = re.compile(r"\b([a-z]{2,})2\b")  # "jadi2" -> "jadi"


@dataclass(frozen=True)
class TopicMatch:
    topic_id: str  # a top-level id or a subtopic id "parent.child"
    name: str  # the topic's Indonesian name
    score: float  # 0..1 confidence, see the module docstring
    matched: tuple[str, ...]  # the citizen's words that decided it, most important first


# ---------------------------------------------------------------------------------------------
# Affixes (Nazief–Adriani, light): strip only when what remains is a known root.

_PARTICLES = ("lah", "kah", "tah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
_SUFFIXES = ("kan", "an", "i")
_VOWELS = "aeiou"


def _prefix_candidates(word: str) -> list[str]:
    """Every remainder after removing one prefix, with the nasal's lost letter restored."""
    out: list[str] = []
    for prefix in ("di", "ke", "se", "ku", "ter", "te", "ber", "be", "bel", "per", "pe"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            out.append(word[len(prefix):])
    for nasal, restored in (("meny", "s"), ("peny", "s"), ("meng", "k"), ("peng", "k"),
                            ("mem", "p"), ("pem", "p"), ("men", "t"), ("pen", "t")):
        if word.startswith(nasal) and len(word) - len(nasal) >= 2:
            rest = word[len(nasal):]
            out.append(rest)
            if rest[0] in _VOWELS:
                out.append(restored + rest)
    for prefix in ("menge", "penge", "me"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            out.append(word[len(prefix):])
    return out


def _suffix_candidates(word: str) -> list[str]:
    """The word with its particle, possessive and derivational suffix removed, in that order."""
    out = [word]
    for group in (_PARTICLES, _POSSESSIVES, _SUFFIXES):
        for current in list(out):
            for suffix in group:
                if current.endswith(suffix) and len(current) - len(suffix) >= 3:
                    out.append(current[: -len(suffix)])
    return out


def stem(word: str, roots: frozenset[str] | set[str]) -> str | None:
    """The root inside ``word`` that ``roots`` knows (``word`` itself first), or None."""
    if word in roots:
        return word
    for base in _suffix_candidates(word):
        if base in roots:
            return base
        frontier = [base]
        for _ in range(3):  # at most three prefixes: di-per-, ke-ter-, memper-...
            frontier = [rest for current in frontier for rest in _prefix_candidates(current)]
            for rest in frontier:
                if rest in roots:
                    return rest
                # "ketidakjelasan": ke-...-an around "tidak" + root
                if rest.startswith("tidak") and rest[5:] in roots:
                    return rest[5:]
            if not frontier:
                break
    return None


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


# ---------------------------------------------------------------------------------------------
# The vocabulary, indexed once


@dataclass(frozen=True)
class _Index:
    normalise: dict[str, tuple[str, ...]]
    stopwords: frozenset[str]
    roots: frozenset[str]
    terms: dict[tuple[str, ...], dict[str, float]]  # term (words) -> topic id -> weight
    best: dict[tuple[str, ...], float]  # term -> its largest weight
    first_words: frozenset[str]  # of phrases of two or more words
    # a root or an affixed form, or one deletion of it -> (the form's first letter, root)
    typo_index: dict[str, tuple[tuple[str, str], ...]]
    names: dict[str, str]  # topic id -> Indonesian name


def _load_index() -> _Index:
    vocabulary = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))
    catalog = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for topic in catalog["topics"]:
        names[topic["topic_id"]] = topic["name_id"]
        for sub in topic["subtopics"]:
            names[sub["topic_id"]] = sub["name_id"]
    terms: dict[tuple[str, ...], dict[str, float]] = defaultdict(dict)
    for parent, family in vocabulary["topics"].items():
        for child, weighted in family.items():
            topic_id = f"{parent}.{child}" if child else parent
            for term, weight in weighted.items():
                terms[tuple(term.split())][topic_id] = float(weight)
    # Among one topic's subtopics a term listed under many of them tells them apart less well:
    # the subtopic's weight is scaled by sqrt(IDF among its siblings).
    family_size: dict[str, int] = defaultdict(int)
    for topic in catalog["topics"]:
        family_size[topic["topic_id"]] = len(topic["subtopics"])
    for listed in terms.values():
        per_parent: dict[str, int] = defaultdict(int)
        for topic_id in listed:
            if "." in topic_id:
                per_parent[topic_id.split(".", 1)[0]] += 1
        for topic_id in listed:
            if "." in topic_id:
                parent = topic_id.split(".", 1)[0]
                size = max(family_size[parent], 1)
                listed[topic_id] *= math.sqrt(math.log(1 + size / per_parent[parent]) / math.log(1 + size))
    single = {words[0] for words in terms if len(words) == 1}
    phrase_words = {word for words in terms for word in words}
    normalise = {informal: tuple(standard.split()) for informal, standard in vocabulary["normalise"].items()}
    roots = frozenset(single | phrase_words | set(vocabulary.get("roots", ())))
    typo: dict[str, set[tuple[str, str]]] = defaultdict(set)
    # Typos are looked for among roots and the affixed forms the vocabulary was written from
    # ("berlubang" -> "lubang"), so "brlubang" is found.
    forms = {root: root for root in roots} | vocabulary.get("forms", {})
    for form, root in forms.items():
        if len(form) >= TYPO_MIN_LENGTH and not form.isdigit():
            typo[form].add((form[0], root))
            for variant in _deletions(form):
                typo[variant].add((form[0], root))
    return _Index(
        normalise=normalise,
        stopwords=frozenset(vocabulary["stopwords"]),
        roots=roots,
        terms=dict(terms),
        best={term: max(listed.values()) for term, listed in terms.items()},
        first_words=frozenset(words[0] for words in terms if len(words) > 1),
        typo_index={key: tuple(sorted(values)) for key, values in typo.items()},
        names=names,
    )


_index: _Index | None = None
_index_lock = threading.Lock()


def _get_index() -> _Index:
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                _index = _load_index()
    return _index


def topic_names() -> dict[str, str]:
    """Every catalog topic id (top-level and subtopic) with its Indonesian name."""
    return dict(_get_index().names)


# ---------------------------------------------------------------------------------------------
# Text to canonical words


def _typo(word: str, index: _Index) -> str | None:
    """The one root one edit away from ``word``; the alphabetically first when there are several."""
    if len(word) < TYPO_MIN_LENGTH or word.isdigit():
        return None
    found: set[str] = set()
    for key in {word} | _deletions(word):
        # People rarely mistype a word's first letter, and "paling" is not a misspelt "maling".
        found.update(root for first, root in index.typo_index.get(key, ()) if first == word[0])
    return min(found) if found else None


def _root_words(word: str, guess_typos: bool) -> tuple[str, ...]:
    """The canonical words for one written word; () for a stop word. ``guess_typos``: an unknown word
    one edit from a vocabulary term is read as that term; otherwise it stays as written."""
    index = _get_index()
    if word in index.normalise:
        return tuple(w for w in index.normalise[word] if w not in index.stopwords)
    if word in index.stopwords:
        return ()
    root = stem(word, index.roots)
    if root is not None:
        return (root,)
    if "-" in word:
        parts = [p for p in word.split("-") if p]
        if len(set(parts)) == 1:  # "kupu-kupu", "jalan-jalan"
            return _root_words(parts[0], guess_typos)
        return tuple(c for part in parts for c in _root_words(part, guess_typos))
    if guess_typos:
        fixed = _typo(word, index)
        if fixed is None:
            for base in _suffix_candidates(word)[1:]:
                fixed = _typo(base, index)
                if fixed:
                    break
        if fixed is not None:
            return (fixed,)
    return (word,)


@lru_cache(maxsize=8192)
def _canonical(word: str) -> tuple[str, ...]:
    return _root_words(word, guess_typos=True)


def _words(text: str, canonical_of=_canonical) -> list[tuple[str, str]]:
    """(canonical word, written word) pairs, stop words left out."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _REDUPLICATED_2.sub(r"\1", text)
    out: list[tuple[str, str]] = []
    for written in _WORD.findall(text):
        for canonical in canonical_of(written):
            out.append((canonical, written))
    return out


def _terms(words: list[tuple[str, str]], index: _Index) -> Iterable[tuple[tuple[str, ...], str]]:
    """Vocabulary terms in order, longest phrase first.

    A phrase uses up its words ("lampu jalan" is no evidence of a road) when it weighs at least
    as much as each of them; a weaker phrase ("bansos pkh", from a pandemic-era name) is
    counted and its words are counted too.
    """
    i = 0
    while i < len(words):
        if words[i][0] in index.first_words:
            for size in range(min(MAX_PHRASE_WORDS, len(words) - i), 1, -1):
                key = tuple(w for w, _ in words[i:i + size])
                if key in index.terms:
                    yield key, " ".join(dict.fromkeys(written for _, written in words[i:i + size]))
                    if all(index.best[key] >= index.best.get((w,), 0.0) for w in key):
                        i += size
                        break
            else:
                key = (words[i][0],)
                if key in index.terms:
                    yield key, words[i][1]
                i += 1
            continue
        key = (words[i][0],)
        if key in index.terms:
            yield key, words[i][1]
        i += 1


# ---------------------------------------------------------------------------------------------
# Ranking


def suggest_topics(title: str, description: str, limit: int = 5) -> list[TopicMatch]:
    """Up to ``limit`` topics the text is about, best first; [] when nothing in it is telling."""
    if limit <= 0:
        return []
    index = _get_index()
    # term -> (factor, written form): the title counts more; a repeated term a little more.
    found: dict[tuple[str, ...], list] = {}
    for text, factor in ((title or "", TITLE_FACTOR), (description or "", 1.0)):
        for term, written in _terms(_words(text), index):
            if term in found:
                entry = found[term]
                entry[0] = max(entry[0], factor)
                entry[2] += 1
            else:
                found[term] = [factor, written, 1]
    if not found:
        return []

    top: dict[str, float] = defaultdict(float)
    sub: dict[str, float] = defaultdict(float)
    top_evidence: dict[str, dict[str, float]] = defaultdict(dict)
    sub_evidence: dict[str, dict[str, float]] = defaultdict(dict)
    for term, (factor, written, count) in found.items():
        factor *= 1.0 + 0.15 * min(count - 1, 3)
        best_per_top: dict[str, float] = {}
        for topic_id, weight in index.terms[term].items():
            parent = topic_id.split(".", 1)[0]
            value = weight * factor
            best_per_top[parent] = max(best_per_top.get(parent, 0.0), value)
            if "." in topic_id:
                sub[topic_id] += value
                sub_evidence[topic_id][written] = value
        for parent, value in best_per_top.items():
            top_evidence[parent][written] = max(top_evidence[parent].get(written, 0.0), value)
    # Many weak words should not outweigh a few telling ones: the n-th strongest counts DECAY^n.
    for parent, evidence in top_evidence.items():
        top[parent] = sum(v * DECAY ** n for n, v in enumerate(sorted(evidence.values(), reverse=True)))

    total = sum(top.values())
    lines: list[tuple[float, str, dict[str, float]]] = []
    extras: list[tuple[float, str, dict[str, float]]] = []
    for parent, evidence in top.items():
        if evidence < MIN_EVIDENCE:
            continue
        score = (1.0 - math.exp(-evidence / STRENGTH_SCALE)) * math.sqrt(evidence / total)
        siblings = sorted(((value, topic_id) for topic_id, value in sub.items()
                           if topic_id.startswith(parent + ".")), key=lambda p: (-p[0], p[1]))
        chosen, evidence_of = parent, top_evidence[parent]
        if siblings:
            best, best_id = siblings[0]
            runner_up = siblings[1][0] if len(siblings) > 1 else 0.0
            if best >= SUBTOPIC_SHARE * evidence and best >= SUBTOPIC_LEAD * runner_up:
                chosen, evidence_of = best_id, sub_evidence[best_id]
                # A second subtopic with evidence of its own may fill a spare line later.
                for value, topic_id in siblings[1:2]:
                    own = set(sub_evidence[topic_id]) - set(evidence_of)
                    if value >= SUBTOPIC_SHARE * evidence and own:
                        extras.append((score * value / evidence, topic_id, sub_evidence[topic_id]))
        lines.append((score, chosen, evidence_of))
    lines.sort(key=lambda line: (-line[0], line[1]))
    lines = lines[:limit]
    if len(lines) < limit and extras:
        floor = lines[-1][0]
        extras.sort(key=lambda line: (-line[0], line[1]))
        lines += [(min(score, floor), topic_id, ev) for score, topic_id, ev in extras[: limit - len(lines)]]
    return [
        TopicMatch(
            topic_id=topic_id,
            name=index.names[topic_id],
            score=round(score, 3),
            matched=tuple(w for w, _ in sorted(evidence.items(), key=lambda p: (-p[1], p[0]))),
        )
        for score, topic_id, evidence in lines
    ]


# ---------------------------------------------------------------------------------------------
# Content terms (likely duplicates, domain/duplicates.py)


def content_terms(text: str) -> list[str]:
    """The root words a text is about, in the order they first appear: informal spellings and
    affixes brought to their roots as for topics, but no typo correction (a street's name is not a
    misspelt word); stop words, numbers and words under three letters left out. Two reports about
    the same matter share many of them."""
    return list(dict.fromkeys(word for word, _ in _words(text or "", _content_root)
                              if len(word) >= 3 and not word.isdigit()))


@lru_cache(maxsize=8192)
def _content_root(word: str) -> tuple[str, ...]:
    """``_canonical`` without guessing typos: unknown words stay as written."""
    return _root_words(word, guess_typos=False)
