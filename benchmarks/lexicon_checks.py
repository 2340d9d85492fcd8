"""What the built-in lexicons match in real text, category by category and term by term.

For each lexicon file in ``lexicons/`` (or the ones named with ``--lexicon``) this script

* loads it with ``read_lexicon`` and prints every error and warning;
* matches it on two corpora: the five seed articles (``seeds/*.txt``) and the first ``--limit``
  articles of ``news_security_abp.jsonl.gz`` (real US and international security coverage);
* prints, per category: the number of matches, the top terms with their counts, and per term a
  few random contexts (±60 characters, the match in ``[[...]]``), sampled with a fixed seed so
  that two runs print the same lines;
* for the ``stance`` lexicon, also matches the FactBank sentences of ``hedges_factbank.jsonl``
  and reports, per term, how many matched sentences are gold hedged (precision of the term as a
  hedge cue), plus sentence-level precision, recall and F1 of the ``hedge`` category;
* for the ``attribution`` lexicon, also matches the PolNeAR dev articles and reports, per
  reporting-verb and attribution-phrase category and per term, the share of matches that overlap
  a gold attribution cue of the primary annotator, and the share of gold cues found. Only figures
  are printed: the PolNeAR authors ask users not to read the dev split beyond evaluation, and no
  term was chosen with it;
* lists the terms that matched nothing in any corpus.

It is a review aid for lexicon authors, not a test: a term whose sampled contexts are mostly
wrong for its category should be dropped, narrowed to a phrase, or moved. The data is read from
``../shared/data`` next to the repository (or ``$FRAMING_SHARED_DATA``) and is never copied into
the repository.

Run from the repository root::

    .venv/bin/python benchmarks/lexicon_checks.py                       # all four lexicons
    .venv/bin/python benchmarks/lexicon_checks.py --lexicon stance      # one of them
    .venv/bin/python benchmarks/lexicon_checks.py --lexicon conflict --term strike --contexts 20
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from framing.lexicon import Lexicon, Matcher, read_lexicon

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("FRAMING_SHARED_DATA",
                                  Path(__file__).resolve().parents[2] / "shared" / "data"))
LEXICONS = REPO_ROOT / "lexicons"
SEEDS = REPO_ROOT / "seeds"
NEWS = SHARED_DATA / "news_security_abp.jsonl.gz"
FACTBANK = SHARED_DATA / "hedges_factbank.jsonl"
POLNEAR = SHARED_DATA / "attribution_polnear_dev"
DEFAULT_LEXICONS = ("conflict", "stance", "attribution", "actors")
WIDTH = 60  # characters of context on each side of a match
NOT_HEDGES = {"hypo_condition", "hypo_investigation"}  # FactBank cue types outside DESIGN.md


@dataclass
class TermStats:
    """Counts and a seeded reservoir sample of contexts for one (category, term)."""

    count: int = 0
    contexts: list[str] = field(default_factory=list)

    def add(self, context: str, keep: int, rng: random.Random) -> None:
        self.count += 1
        if len(self.contexts) < keep:
            self.contexts.append(context)
        else:
            slot = rng.randrange(self.count)
            if slot < keep:
                self.contexts[slot] = context


def context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - WIDTH):start]
    right = text[end:end + WIDTH]
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


def seed_texts() -> Iterator[str]:
    for path in sorted(SEEDS.glob("*.txt")):
        yield path.read_text(encoding="utf-8")


def news_texts(limit: int) -> Iterator[str]:
    with gzip.open(NEWS, "rt", encoding="utf-8") as stream:
        for i, line in enumerate(stream):
            if i >= limit:
                break
            yield json.loads(line)["text"]


def factbank() -> list[dict]:
    with FACTBANK.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def collect(matcher: Matcher, texts: Iterable[str], keep: int,
            seed: int) -> dict[tuple[str, str], TermStats]:
    """(category, term) -> stats over all texts."""
    stats: dict[tuple[str, str], TermStats] = defaultdict(TermStats)
    rng = random.Random(seed)
    for text in texts:
        for m in matcher.find(text):
            stats[(m.category, m.term)].add(context(text, m.start, m.end), keep, rng)
    return stats


def category_order(lexicon: Lexicon) -> list[tuple[str, int]]:
    """Categories depth-first with their depth, parents before their children."""
    ordered: list[tuple[str, int]] = []

    def visit(name: str, depth: int) -> None:
        ordered.append((name, depth))
        for child in lexicon.children(name):
            visit(child, depth + 1)

    for name, category in lexicon.categories.items():
        if category.parent is None:
            visit(name, 0)
    return ordered


def below(lexicon: Lexicon, name: str) -> set[str]:
    names = {name}
    for child in lexicon.children(name):
        names |= below(lexicon, child)
    return names


def report_corpus(lexicon: Lexicon, title: str, stats: dict[tuple[str, str], TermStats],
                  args: argparse.Namespace) -> None:
    print(f"\n### {lexicon.name} on {title}\n")
    per_category: dict[str, Counter[str]] = defaultdict(Counter)
    for (category, term), s in stats.items():
        per_category[category][term] = s.count
    for name, depth in category_order(lexicon):
        if args.category and name not in args.category:
            continue
        rolled = sum(sum(per_category[c].values()) for c in below(lexicon, name))
        own = per_category[name]
        indent = "  " * depth
        print(f"{indent}- {name}: {rolled} matches"
              + (f" ({sum(own.values())} by its own terms)" if lexicon.children(name) and own
                 else ""))
        if not own:
            continue
        top = ", ".join(f"{t} {n}" for t, n in own.most_common(args.top))
        print(f"{indent}  top: {top}")
        if args.contexts:
            for term, n in own.most_common():
                if args.term and term.casefold() not in args.term:
                    continue
                print(f"{indent}  * {term!r} ({n}):")
                for line in stats[(name, term)].contexts:
                    print(f"{indent}      {line}")


def report_factbank(lexicon: Lexicon, matcher: Matcher, args: argparse.Namespace) -> None:
    """Per-term precision against FactBank's gold hedge labels (sentence level)."""
    rows = factbank()
    gold_total = sum(r["hedge"] for r in rows)
    # DESIGN.md does not count conditionals ("if", "until") or "whether" as hedges.
    scoped = [any(c["type"] not in NOT_HEDGES for c in r["cues"]) for r in rows]
    scoped_hits: dict[str, list[bool]] = defaultdict(list)
    term_hits: dict[tuple[str, str], list[int]] = defaultdict(list)
    predicted: dict[str, list[int]] = defaultdict(list)  # category -> gold labels of matched rows
    for row in rows:
        seen_terms: set[tuple[str, str]] = set()
        seen_categories: set[str] = set()
        for m in matcher.find(row["text"]):
            seen_terms.add((m.category, m.term))
            seen_categories.add(m.category)
        for key in seen_terms:
            term_hits[key].append(row["hedge"])
        for category in seen_categories:
            predicted[category].append(row["hedge"])
        scoped_hits["hedge"].append("hedge" in seen_categories)
    print(f"\n### {lexicon.name} on FactBank ({len(rows)} sentences, {gold_total} gold hedged)\n")
    print("Precision = share of the sentences a term matches that are gold hedged. For boosters "
          "it is the share that are hedged anyway (lower is better).\n")
    for category, labels in sorted(predicted.items()):
        tp = sum(labels)
        p = tp / len(labels) if labels else 0.0
        r = tp / gold_total if gold_total else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"- {category}: {len(labels)} sentences matched, {tp} gold hedged: "
              f"P {p:.3f} / R {r:.3f} / F1 {f:.3f}")
    if "hedge" in lexicon.categories:
        pairs = list(zip(scoped, scoped_hits["hedge"], strict=True))
        tp = sum(g and p for g, p in pairs)
        n_pred, n_gold = sum(p for _, p in pairs), sum(scoped)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"- hedge, gold without conditional/whether cues ({n_gold} sentences): "
              f"P {p:.3f} / R {r:.3f} / F1 {f:.3f}")
    for category in lexicon.categories:
        items = sorted(((term, labels) for (c, term), labels in term_hits.items() if c == category),
                       key=lambda item: -len(item[1]))
        if not items:
            continue
        print(f"\n  {category}: term, sentences, gold hedged, precision")
        for term, labels in items:
            print(f"    {term:<28} {len(labels):>4} {sum(labels):>4}  {sum(labels) / len(labels):.2f}")


def report_polnear(lexicon: Lexicon, matcher: Matcher) -> None:
    """Cue precision and recall against PolNeAR's primary gold attribution cues (figures only)."""
    docs = {}
    with (POLNEAR / "documents.jsonl").open(encoding="utf-8") as stream:
        for line in stream:
            row = json.loads(line)
            docs[row["id"]] = row["text"]
    cues: dict[str, list[tuple[int, int]]] = defaultdict(list)
    with (POLNEAR / "attributions.jsonl").open(encoding="utf-8") as stream:
        for line in stream:
            row = json.loads(line)
            if row["primary"] and row["cue"]:
                cues[row["doc"]].extend((a, b) for a, b in row["cue"]["segments"])
    categories = [c for c in lexicon.categories
                  if c == "attribution_phrase" or lexicon.categories[c].parent == "reporting_verb"]
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_term: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    found = total = 0
    for doc, text in docs.items():
        matches = [m for m in matcher.find(text) if m.category in categories]
        for m in matches:
            hit = any(a < m.end and m.start < b for a, b in cues[doc])
            per_category[m.category][0] += 1
            per_category[m.category][1] += hit
            per_term[m.term][0] += 1
            per_term[m.term][1] += hit
        for a, b in cues[doc]:
            total += 1
            found += any(m.start < b and a < m.end for m in matches)
    print(f"\n### {lexicon.name} on PolNeAR dev ({len(docs)} articles, {total} primary gold cue "
          "pieces)\n")
    print("Precision = share of matches that overlap a gold cue. PolNeAR annotates attribution "
          "cues, not distancing, so distancing words outside attributions count as misses.\n")
    for category in categories:
        n, hit = per_category[category]
        print(f"- {category}: {n} matches, {hit} on a gold cue: P {hit / n if n else 0:.3f}")
    print(f"- all of them: gold cues found {found} of {total}: R {found / total if total else 0:.3f}")
    print("\n  terms with 5+ matches, lowest precision first: term, matches, on a gold cue, P")
    for term, (n, hit) in sorted(per_term.items(), key=lambda item: item[1][1] / item[1][0]):
        if n >= 5:
            print(f"    {term:<28} {n:>4} {hit:>4}  {hit / n:.2f}")


def double_counts(lexicon: Lexicon) -> list[str]:
    """Pairs of terms of one category that match the same words, so every match counts twice:
    a closed compound next to its spaced form ("crackdown", "crack down") or an exact term that
    the category's own wildcard also covers ("neutralised", "neutrali*")."""
    found = []
    for category in lexicon.categories.values():
        seen: dict[tuple[tuple[str, ...], bool], str] = {}
        wildcards = [t for t in category.terms if t.wildcard]
        for term in category.terms:
            for words in term.variants():
                first = seen.setdefault((words, term.wildcard), term.text)
                if first != term.text:
                    found.append(f"{category.name}: {first!r} and {term.text!r}")
                for wildcard in wildcards:
                    if wildcard is not term and any(
                            len(w) == len(words) and w[:-1] == words[:-1]
                            and words[-1].startswith(w[-1]) for w in wildcard.variants()):
                        found.append(f"{category.name}: {wildcard.text!r} covers {term.text!r}")
    return sorted(set(found))


def check(name: str, args: argparse.Namespace) -> int:
    path = LEXICONS / f"{name}.toml" if "/" not in name and not name.endswith(".toml") else Path(name)
    lexicon, problems = read_lexicon(path)
    print(f"\n## {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}\n")
    for problem in problems:
        print(f"- {problem}")
    if lexicon is None:
        print("(not loaded: fix the errors above)")
        return 1
    for pair in double_counts(lexicon):
        print(f"- double count: {pair} (each match is counted twice; keep one)")
    counts = {c.name: len(c.terms) for c in lexicon.categories.values()}
    print(f"{lexicon.term_count} terms; {len(problems)} problem(s); per category: "
          + ", ".join(f"{n} {k}" for n, k in counts.items()))
    matcher = Matcher([lexicon])
    matched: set[tuple[str, str]] = set()
    corpora = [("the five seed articles", lambda: seed_texts())]
    if NEWS.exists():
        corpora.append((f"the first {args.limit} ABP news articles", lambda: news_texts(args.limit)))
    else:
        print(f"(missing {NEWS}: news corpus skipped)")
    for title, texts in corpora:
        stats = collect(matcher, texts(), args.contexts, args.seed)
        matched |= {(c, t) for c, t in stats}
        report_corpus(lexicon, title, stats, args)
    if lexicon.name == "stance":
        if FACTBANK.exists():
            report_factbank(lexicon, matcher, args)
        else:
            print(f"(missing {FACTBANK}: FactBank check skipped)")
    if lexicon.name == "attribution":
        if (POLNEAR / "attributions.jsonl").exists():
            report_polnear(lexicon, matcher)
        else:
            print(f"(missing {POLNEAR}: PolNeAR check skipped)")
    unmatched = [f"{c.name}:{t.text}" for c in lexicon.categories.values() for t in c.terms
                 if (c.name, t.text) not in matched]
    print(f"\nTerms with no match in any corpus ({len(unmatched)}): " + ", ".join(unmatched))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lexicon", action="append",
                        help="lexicon name in lexicons/ or a .toml path (repeatable; default: "
                             + ", ".join(DEFAULT_LEXICONS) + ")")
    parser.add_argument("--limit", type=int, default=1500,
                        help="news articles to read (default: 1500)")
    parser.add_argument("--contexts", type=int, default=3,
                        help="random contexts per term (default: 3; 0 for counts only)")
    parser.add_argument("--top", type=int, default=15, help="top terms per category (default: 15)")
    parser.add_argument("--seed", type=int, default=0, help="random seed for the contexts")
    parser.add_argument("--term", action="append",
                        help="only print contexts for this term, as written in the file "
                             "(repeatable)")
    parser.add_argument("--category", action="append", help="only this category (repeatable)")
    args = parser.parse_args(argv)
    args.term = {t.casefold() for t in args.term} if args.term else None
    status = 0
    for name in args.lexicon or DEFAULT_LEXICONS:
        status |= check(name, args)
    return status


if __name__ == "__main__":
    sys.exit(main())
