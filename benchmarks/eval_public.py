"""The analyzer's hedge, attribution and certainty features scored on public research corpora,
following the "Suggested recipe" of each dataset in ``../shared/data/README.md``.

Run from the repository root: ``python benchmarks/eval_public.py [--json]``

What is measured, and how (built-in lexicons only, ``load_lexicons(discover=False)``):

1. FactBank hedges (Szeged Uncertainty Corpus, news part; the whole file is the test set).
   Each sentence is analysed as one sentence (``matcher.find(text)`` then
   ``sentence_features``); it is predicted hedged when it has "hedge" evidence. Sentence-level
   precision, recall and F1 against ``hedge == 1``, and again against a restricted gold that
   drops the ``hypo_condition`` ("if", "until") and ``hypo_investigation`` ("whether") cues, which
   the project's DESIGN.md does not count as hedges. Per cue type recall: a gold cue is found
   when a hedge evidence span overlaps it.
2. PolNeAR dev attribution, primary annotator only. Each article is segmented with
   ``framing.segment`` (raw text, not cleaned, so offsets stay those of the annotation), matched
   sentence by sentence, and every distinct "attribution" evidence span is a predicted cue. A
   predicted cue is correct when it overlaps a ``segments`` piece of a primary gold cue of the
   same article; recall is the share of gold cues overlapped by a prediction. Also recall on the
   verb-only cues (cue text matches ``^[a-z]+( to| for)?$``) and, per outlet, P/R and the
   Jensen-Shannon divergence (bits) between predicted and gold cue-word distributions. Source
   spans: for each predicted attribution whose cue overlaps a primary gold cue that has a
   source, whether its source span overlaps (and exactly equals) the gold source, and whether its
   content span overlaps the gold content.
3. Pei & Jurgens certainty (science findings, rows with a certainty score). Net certainty of a
   sentence is (B - H) / (B + H), 0 when both are 0, with B and H the numbers of distinct booster
   and hedge evidence spans; Pearson and Spearman against the 1-6 certainty score on
   ``split == "test"`` and on all scored rows. The raw count B - H is reported as well.

Each section also re-measures the README's naive baseline (the Islam et al. 2020 word lists, or
the reporting-verb regex) with the same scoring code, next to the README's own figures, so a
scoring bug would show as a mismatch.

The data is read from ``$FRAMING_SHARED_DATA`` or ``../shared/data`` next to the repository.
These files are third-party research corpora with no redistribution licence: they never enter
this repository (not as tests, seeds, lexicons or fixtures), and this script only reads them.
Output: a Markdown report on stdout, or with ``--json`` one JSON object with every figure.
Standard library and framing only; no network.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing import load_lexicons, segment
from framing.features import SentenceFeatures, sentence_features
from framing.lexicon.registry import LexiconSet

Span = tuple[int, int]
Record = dict[str, Any]
SpanFinder = Callable[[str], list[Span]]

ENV_VAR = "FRAMING_SHARED_DATA"
NOT_HEDGES = frozenset({"hypo_condition", "hypo_investigation"})  # README caveat, DESIGN.md
VERB_ONLY = re.compile(r"^[a-z]+( to| for)?$")
NAIVE_CUE_REGEX = re.compile(r"\b(?:said|says|say|saying|told|according to)\b", re.IGNORECASE)
ISLAM_TOKEN = re.compile(r"[\w'-]+")

# Figures quoted in ../shared/data/README.md ("re-measured" on these exact files).
README_HEDGE_BASELINE = {"precision": 0.570, "recall": 0.556, "f1": 0.563}
README_CUE_BASELINE = {"precision": 0.885, "recall": 0.336, "f1": 0.487, "verb_recall": 0.492}
README_CERTAINTY_BASELINE = {  # Islam et al. #hedges - #boosters; boosters - hedges flips sign
    "all": {"pearson": -0.500, "spearman": -0.542},
    "test": {"pearson": -0.520, "spearman": -0.602},
}


# ---------------------------------------------------------------------------------------------
# shared helpers
# ---------------------------------------------------------------------------------------------

def shared_data_dir() -> Path:
    configured = os.environ.get(ENV_VAR)
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "shared" / "data"


def read_jsonl(path: Path) -> list[Record]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_word_list(path: Path) -> list[str]:
    """An Islam et al. list: one entry a line, ``#`` headers and blank lines skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [w.strip().lower() for w in lines if w.strip() and not w.lstrip().startswith("#")]


def word_list_spans(entries: Iterable[str]) -> SpanFinder:
    """Every occurrence of every entry, case-insensitive, on whole words (``[\\w'-]+`` tokens,
    so "would-be" is not "would"); overlapping entries all count. This reproduces the README's
    re-measured Islam et al. baselines exactly."""
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for words in sorted({tuple(entry.split()) for entry in entries}):
        by_first[words[0]].append(words)

    def find(text: str) -> list[Span]:
        tokens = [(m.group().lower(), m.start(), m.end()) for m in ISLAM_TOKEN.finditer(text)]
        spans: list[Span] = []
        for i, (word, start, _) in enumerate(tokens):
            for words in by_first.get(word, ()):
                last = i + len(words) - 1
                if last < len(tokens) and all(tokens[i + k][0] == w
                                              for k, w in enumerate(words)):
                    spans.append((start, tokens[last][2]))
        return spans
    return find


def regex_spans(pattern: re.Pattern[str]) -> SpanFinder:
    return lambda text: [m.span() for m in pattern.finditer(text)]


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def analyse(text: str, lexicons: LexiconSet, start: int = 0, end: int | None = None
            ) -> SentenceFeatures:
    """The features of ``text[start:end]`` taken as one sentence (offsets stay those of text)."""
    matches = lexicons.matcher.find(text, start, end)
    return sentence_features(text, matches, lexicons, start=start, end=end)


def feature_spans(features: SentenceFeatures, feature: str) -> list[Span]:
    """Distinct evidence spans of one feature: a term listed in two sub-categories of it would
    otherwise count twice."""
    return sorted({(e.start, e.end) for e in features.evidence if e.feature == feature})


def project_spans(lexicons: LexiconSet, feature: str) -> SpanFinder:
    """A text taken as one sentence -> the spans of ``feature``."""
    return lambda text: feature_spans(analyse(text, lexicons), feature)


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def harmonic(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision over predictions and recall over gold items, counted separately (for span
    overlap a prediction and a gold item need not pair one to one)."""

    predicted_correct: int
    predicted: int
    gold_found: int
    gold: int

    @property
    def precision(self) -> float:
        return ratio(self.predicted_correct, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.gold_found, self.gold)

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "predicted": self.predicted,
                "predicted_correct": self.predicted_correct, "gold": self.gold,
                "gold_found": self.gold_found}


def sentence_prf(pairs: Iterable[tuple[bool, bool]]) -> PRF:
    """(predicted, gold) per sentence -> P/R/F1 of the positive class."""
    tp = fp = fn = 0
    for predicted, gold in pairs:
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
    return PRF(tp, tp + fp, tp, tp + fn)


def fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


# ---------------------------------------------------------------------------------------------
# 1. FactBank hedges
# ---------------------------------------------------------------------------------------------

@dataclass(slots=True)
class HedgeResult:
    all_cues: PRF
    restricted: PRF  # gold without hypo_condition / hypo_investigation cues
    found_by_type: Counter[str] = field(default_factory=Counter)
    cues_by_type: Counter[str] = field(default_factory=Counter)
    missed_cues: Counter[str] = field(default_factory=Counter)  # gold cue text, lower case
    false_alarms: Counter[str] = field(default_factory=Counter)  # predicted text, gold == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "sentence": self.all_cues.as_dict(),
            "sentence_restricted": self.restricted.as_dict(),
            "cue_recall_by_type": {
                t: {"recall": round(ratio(self.found_by_type[t], n), 4), "found":
                    self.found_by_type[t], "cues": n}
                for t, n in self.cues_by_type.most_common()},
            "cue_recall": round(ratio(sum(self.found_by_type.values()),
                                      sum(self.cues_by_type.values())), 4),
            "most_missed_cues": dict(self.missed_cues.most_common(10)),
            "most_frequent_false_alarms": dict(self.false_alarms.most_common(10)),
        }


def score_hedges(rows: Sequence[Record], find_hedges: SpanFinder) -> HedgeResult:
    pairs_all: list[tuple[bool, bool]] = []
    pairs_restricted: list[tuple[bool, bool]] = []
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    for row in rows:
        text, cues = row["text"], row["cues"]
        spans = find_hedges(text)
        predicted = bool(spans)
        pairs_all.append((predicted, bool(cues)))
        pairs_restricted.append((predicted, any(c["type"] not in NOT_HEDGES for c in cues)))
        for cue in cues:
            total[cue["type"]] += 1
            if any(overlaps((cue["start"], cue["end"]), span) for span in spans):
                found[cue["type"]] += 1
            else:
                missed[cue["text"].lower()] += 1
        if not cues:
            false_alarms.update(text[s:e].lower() for s, e in spans)
    return HedgeResult(sentence_prf(pairs_all), sentence_prf(pairs_restricted),
                       found, total, missed, false_alarms)


def evaluate_factbank(data: Path, lexicons: LexiconSet) -> dict[str, Any]:
    rows = read_jsonl(data / "hedges_factbank.jsonl")
    islam = word_list_spans(read_word_list(data / "lexicons_islam2020" / "hedges.txt"))
    return {
        "sentences": len(rows),
        "hedged": sum(1 for r in rows if r["cues"]),
        "hedged_restricted": sum(1 for r in rows
                                 if any(c["type"] not in NOT_HEDGES for c in r["cues"])),
        "framing": score_hedges(rows, project_spans(lexicons, "hedge")).as_dict(),
        "baseline_islam_measured": score_hedges(rows, islam).as_dict(),
        "baseline_readme": README_HEDGE_BASELINE,
    }


# ---------------------------------------------------------------------------------------------
# 2. PolNeAR attribution cues
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class GoldCue:
    pieces: tuple[Span, ...]
    text: str  # doc_text[start:end], material between pieces included

    @property
    def verb_only(self) -> bool:
        return VERB_ONLY.match(self.text) is not None

    def words(self, document: str) -> str:
        return " ".join(document[s:e] for s, e in self.pieces).lower()


def primary_gold_cues(attributions: Iterable[Record]) -> dict[str, list[GoldCue]]:
    cues: dict[str, list[GoldCue]] = defaultdict(list)
    for relation in attributions:
        if relation["primary"] and relation["cue"]:
            cue = relation["cue"]
            pieces = tuple((s, e) for s, e in cue["segments"])
            cues[relation["doc"]].append(GoldCue(pieces, cue["text"]))
    return cues


def sentencewise_spans(lexicons: LexiconSet, feature: str) -> SpanFinder:
    """A whole article -> ``feature`` spans, segmented with framing.segment and matched one
    sentence at a time (so no match runs across a sentence end)."""
    def find(text: str) -> list[Span]:
        return sorted({span for sentence in segment(text)
                       for span in feature_spans(analyse(text, lexicons, sentence.start,
                                                         sentence.end), feature)})
    return find


def jensen_shannon(p: Counter[str], q: Counter[str]) -> float | None:
    """JS divergence in bits (0 = same distribution, 1 = disjoint); None if either is empty."""
    p_total, q_total = sum(p.values()), sum(q.values())
    if not p_total or not q_total:
        return None
    divergence = 0.0
    for word in p.keys() | q.keys():
        pw, qw = p[word] / p_total, q[word] / q_total
        mw = (pw + qw) / 2
        divergence += (pw * math.log2(pw / mw) if pw else 0.0) / 2
        divergence += (qw * math.log2(qw / mw) if qw else 0.0) / 2
    return divergence


@dataclass(slots=True)
class CueTally:
    predicted_correct: int = 0
    predicted: int = 0
    gold_found: int = 0
    gold: int = 0
    verb_found: int = 0
    verb_gold: int = 0
    predicted_words: Counter[str] = field(default_factory=Counter)
    gold_words: Counter[str] = field(default_factory=Counter)

    def prf(self) -> PRF:
        return PRF(self.predicted_correct, self.predicted, self.gold_found, self.gold)

    def as_dict(self) -> dict[str, Any]:
        divergence = jensen_shannon(self.predicted_words, self.gold_words)
        return {**self.prf().as_dict(),
                "verb_only_recall": round(ratio(self.verb_found, self.verb_gold), 4),
                "verb_only_gold": self.verb_gold,
                "cue_word_jsd_bits": None if divergence is None else round(divergence, 4)}


def tally_document(tally: CueTally, text: str, gold: Sequence[GoldCue],
                   predicted: Sequence[Span]) -> None:
    pieces = [piece for cue in gold for piece in cue.pieces]
    tally.predicted += len(predicted)
    tally.predicted_correct += sum(1 for span in predicted
                                   if any(overlaps(span, piece) for piece in pieces))
    tally.predicted_words.update(text[s:e].lower() for s, e in predicted)
    for cue in gold:
        found = any(overlaps(span, piece) for span in predicted for piece in cue.pieces)
        tally.gold += 1
        tally.gold_found += found
        if cue.verb_only:
            tally.verb_gold += 1
            tally.verb_found += found
        tally.gold_words[cue.words(text)] += 1


def score_cues(documents: Sequence[Record], gold: dict[str, list[GoldCue]],
               find_cues: SpanFinder) -> dict[str, Any]:
    overall = CueTally()
    by_outlet: dict[str, CueTally] = defaultdict(CueTally)
    for document in documents:
        text = document["text"]
        predicted = find_cues(text)
        for tally in (overall, by_outlet[document["outlet"]]):
            tally_document(tally, text, gold.get(document["id"], []), predicted)
    return {**overall.as_dict(),
            "by_outlet": {outlet: by_outlet[outlet].as_dict() for outlet in sorted(by_outlet)}}


def precision_by_category(documents: Sequence[Record], gold: dict[str, list[GoldCue]],
                          lexicons: LexiconSet) -> dict[str, dict[str, float | int]]:
    """Predicted attribution cues per predicted source type (the first item of
    ``Evidence.detail``), and the share of them that overlap a primary gold cue piece."""
    predicted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    for document in documents:
        text = document["text"]
        pieces = [piece for cue in gold.get(document["id"], []) for piece in cue.pieces]
        seen: set[Span] = set()
        for sentence in segment(text):
            for e in analyse(text, lexicons, sentence.start, sentence.end).evidence:
                if e.feature != "attribution" or (e.start, e.end) in seen:
                    continue
                seen.add((e.start, e.end))
                category = e.detail.split(";")[0]
                predicted[category] += 1
                correct[category] += any(overlaps((e.start, e.end), p) for p in pieces)
    return {c: {"predicted": n, "precision": round(ratio(correct[c], n), 4)}
            for c, n in predicted.most_common()}


def score_sources(documents: Sequence[Record], relations: Iterable[Record],
                  lexicons: LexiconSet) -> dict[str, Any]:
    """For every predicted attribution whose cue overlaps a primary gold cue: does its source
    span overlap the gold source span (and match it exactly), and does its content span overlap
    the gold content? Gold relations without a source (PolNeAR allows them) are left out."""
    by_doc: dict[str, list[Record]] = defaultdict(list)
    for relation in relations:
        if relation["primary"] and relation["cue"] and relation["source"]:
            by_doc[relation["doc"]].append(relation)
    matched = source_overlap = source_exact = content_overlap = 0
    for document in documents:
        text, gold = document["text"], by_doc.get(document["id"], [])
        if not gold:
            continue
        for sentence in segment(text):
            for a in analyse(text, lexicons, sentence.start, sentence.end).attributions:
                relation = next((r for r in gold if any(
                    overlaps((a.cue_start, a.cue_end), tuple(piece))
                    for piece in r["cue"]["segments"])), None)
                if relation is None:
                    continue
                matched += 1
                sources = [tuple(piece) for piece in relation["source"]["segments"]]
                source_overlap += any(overlaps((a.source_start, a.source_end), piece)
                                      for piece in sources)
                source_exact += (a.source_start, a.source_end) == (
                    relation["source"]["start"], relation["source"]["end"])
                if relation["content"]:
                    content_overlap += any(
                        overlaps((a.content_start, a.content_end), tuple(piece))
                        for piece in relation["content"]["segments"])
    return {"matched_cues": matched,
            "source_overlap": round(ratio(source_overlap, matched), 4),
            "source_exact": round(ratio(source_exact, matched), 4),
            "content_overlap": round(ratio(content_overlap, matched), 4)}


def evaluate_polnear(data: Path, lexicons: LexiconSet) -> dict[str, Any]:
    folder = data / "attribution_polnear_dev"
    documents = read_jsonl(folder / "documents.jsonl")
    relations = read_jsonl(folder / "attributions.jsonl")
    gold = primary_gold_cues(relations)
    texts = {d["id"]: d["text"] for d in documents}
    wordless = sum(1 for doc, cues in gold.items() for cue in cues
                   if not any(ch.isalpha() for s, e in cue.pieces for ch in texts[doc][s:e]))
    return {
        "documents": len(documents),
        "primary_cues": sum(len(c) for c in gold.values()),
        "primary_cues_without_letters": wordless,
        "framing": score_cues(documents, gold, sentencewise_spans(lexicons, "attribution")),
        "framing_precision_by_category": precision_by_category(documents, gold, lexicons),
        "baseline_regex_measured": score_cues(documents, gold, regex_spans(NAIVE_CUE_REGEX)),
        "baseline_readme": README_CUE_BASELINE,
        "sources": score_sources(documents, relations, lexicons),
    }


# ---------------------------------------------------------------------------------------------
# 3. Pei & Jurgens certainty
# ---------------------------------------------------------------------------------------------

def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson's r; None when either side is constant."""
    n = len(x)
    if n < 2:
        return None
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else None


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    return pearson(average_ranks(x), average_ranks(y))


@dataclass(frozen=True, slots=True)
class StanceCounts:
    boosters: int
    hedges: int

    @property
    def net(self) -> float:
        total = self.boosters + self.hedges
        return (self.boosters - self.hedges) / total if total else 0.0

    @property
    def difference(self) -> float:
        return float(self.boosters - self.hedges)


def project_stance(lexicons: LexiconSet) -> Callable[[str], StanceCounts]:
    def count(text: str) -> StanceCounts:
        features = analyse(text, lexicons)
        return StanceCounts(len(feature_spans(features, "booster")),
                            len(feature_spans(features, "hedge")))
    return count


def islam_stance(boosters: SpanFinder, hedges: SpanFinder) -> Callable[[str], StanceCounts]:
    return lambda text: StanceCounts(len(boosters(text)), len(hedges(text)))


def correlations(scores: Sequence[float], gold: Sequence[float]) -> dict[str, Any]:
    r, rho = pearson(scores, gold), spearman(scores, gold)
    return {"n": len(gold), "pearson": None if r is None else round(r, 4),
            "spearman": None if rho is None else round(rho, 4)}


def score_certainty(rows: Sequence[Record], counter: Callable[[str], StanceCounts]
                    ) -> dict[str, Any]:
    counts = [counter(r["text"]) for r in rows]
    result: dict[str, Any] = {}
    for subset, keep in (("test", lambda r: r["split"] == "test"), ("all", lambda r: True)):
        chosen = [(c, r["certainty"]) for c, r in zip(counts, rows, strict=True) if keep(r)]
        gold = [g for _, g in chosen]
        result[subset] = {
            "net": correlations([c.net for c, _ in chosen], gold),
            "difference": correlations([c.difference for c, _ in chosen], gold),
            "with_any_cue": sum(1 for c, _ in chosen if c.boosters or c.hedges),
        }
    return result


def evaluate_certainty(data: Path, lexicons: LexiconSet) -> dict[str, Any]:
    rows = [r for r in read_jsonl(data / "certainty_pei_jurgens.jsonl")
            if r["certainty"] is not None]
    islam = data / "lexicons_islam2020"
    baseline = islam_stance(word_list_spans(read_word_list(islam / "boosters.txt")),
                            word_list_spans(read_word_list(islam / "hedges.txt")))
    return {
        "scored_rows": len(rows),
        "framing": score_certainty(rows, project_stance(lexicons)),
        "baseline_islam_measured": score_certainty(rows, baseline),
        "baseline_readme_hedges_minus_boosters": README_CERTAINTY_BASELINE,
    }


# ---------------------------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------------------------

def prf_row(name: str, scores: dict[str, Any]) -> list[object]:
    return [name, fmt(scores["precision"]), fmt(scores["recall"]), fmt(scores["f1"])]


def factbank_section(result: dict[str, Any]) -> list[str]:
    ours, naive = result["framing"], result["baseline_islam_measured"]
    readme = result["baseline_readme"]
    lines = [f"## 1. FactBank hedges (sentence level, {result['sentences']} sentences)", "",
             f"Gold positives: {result['hedged']} with every cue type, "
             f"{result['hedged_restricted']} without hypo_condition / hypo_investigation.", ""]
    lines += table(["system", "gold", "P", "R", "F1"], [
        ["framing", "all cues", *prf_row("", ours["sentence"])[1:]],
        ["framing", "restricted", *prf_row("", ours["sentence_restricted"])[1:]],
        ["Islam hedges (this script)", "all cues", *prf_row("", naive["sentence"])[1:]],
        ["Islam hedges (this script)", "restricted",
         *prf_row("", naive["sentence_restricted"])[1:]],
        ["Islam hedges (README)", "all cues", *prf_row("", readme)[1:]],
    ])
    lines += ["", "Cue recall by type (a gold cue is found when a predicted hedge span "
                  "overlaps it):", ""]
    rows = [[t, v["cues"], fmt(v["recall"]),
             fmt(naive["cue_recall_by_type"][t]["recall"])]
            for t, v in ours["cue_recall_by_type"].items()]
    rows.append(["**all**", sum(v["cues"] for v in ours["cue_recall_by_type"].values()),
                 fmt(ours["cue_recall"]), fmt(naive["cue_recall"])])
    lines += table(["cue type", "cues", "framing", "Islam hedges"], rows)
    missed = ", ".join(f"{w} {n}" for w, n in ours["most_missed_cues"].items())
    alarms = ", ".join(f"{w} {n}" for w, n in ours["most_frequent_false_alarms"].items())
    lines += ["", f"Most missed gold cues (framing): {missed}.",
              f"Most frequent hedge spans in sentences with no gold cue: {alarms}."]
    return lines


def polnear_section(result: dict[str, Any]) -> list[str]:
    ours, naive = result["framing"], result["baseline_regex_measured"]
    readme = result["baseline_readme"]
    lines = [f"## 2. PolNeAR dev attribution cues ({result['documents']} articles, "
             f"{result['primary_cues']} primary cues)", ""]
    lines += table(["system", "predicted", "P", "R", "F1", "verb-only R", "cue-word JSD"], [
        ["framing", ours["predicted"], *prf_row("", ours)[1:],
         fmt(ours["verb_only_recall"]), fmt(ours["cue_word_jsd_bits"])],
        ["regex said/says/say/saying/told/according to (this script)", naive["predicted"],
         *prf_row("", naive)[1:], fmt(naive["verb_only_recall"]),
         fmt(naive["cue_word_jsd_bits"])],
        ["same regex (README)", "", *prf_row("", readme)[1:], fmt(readme["verb_recall"]), ""],
    ])
    lines += ["", f"Verb-only gold cues: {ours['verb_only_gold']}. Gold cues with no letter "
                  f"(`:`, dashes), which the word matcher cannot find: "
                  f"{result['primary_cues_without_letters']}.",
              "Source spans, over the {matched_cues} predicted attributions whose cue overlaps "
              "a primary gold cue with a source: source span overlaps the gold source "
              "{source_overlap:.3f}, equals it exactly {source_exact:.3f}; content span "
              "overlaps the gold content {content_overlap:.3f}.".format(**result["sources"]),
              "",
              "Framing cue precision by predicted source type: " + ", ".join(
                  f"{c} {fmt(v['precision'])} ({v['predicted']})"
                  for c, v in result["framing_precision_by_category"].items()) + ".", "",
              "Per outlet (framing; JSD in bits between predicted and gold cue-word "
              "distributions, 0 = identical):", ""]
    lines += table(["outlet", "gold cues", "P", "R", "F1", "JSD", "regex JSD"], [
        [outlet, v["gold"], *prf_row("", v)[1:], fmt(v["cue_word_jsd_bits"]),
         fmt(naive["by_outlet"][outlet]["cue_word_jsd_bits"])]
        for outlet, v in ours["by_outlet"].items()])
    return lines


def certainty_section(result: dict[str, Any]) -> list[str]:
    ours, naive = result["framing"], result["baseline_islam_measured"]
    readme = result["baseline_readme_hedges_minus_boosters"]
    lines = [f"## 3. Pei & Jurgens certainty ({result['scored_rows']} scored sentences)", "",
             "Correlation with the 1-6 certainty score. Net = (B - H) / (B + H), 0 without "
             "cues; count = B - H. The README's baseline is #hedges - #boosters, shown here "
             "with its sign flipped so that all rows read the same way (positive is right).", ""]
    rows: list[list[object]] = []
    for subset in ("test", "all"):
        for name, system in (("framing", ours), ("Islam lists (this script)", naive)):
            for score in ("net", "difference"):
                c = system[subset][score]
                rows.append([subset, name, "net" if score == "net" else "count", c["n"],
                             system[subset]["with_any_cue"], fmt(c["pearson"]),
                             fmt(c["spearman"])])
        rows.append([subset, "Islam lists (README, sign flipped)", "count", "", "",
                     fmt(-readme[subset]["pearson"]), fmt(-readme[subset]["spearman"])])
    lines += table(["rows", "system", "score", "n", "with a cue", "Pearson", "Spearman"], rows)
    return lines


def markdown_report(results: dict[str, Any]) -> str:
    lines = ["# framing on public evaluation data", "",
             f"Data: `{results['data']}` (read only, never copied into the repository). "
             f"Lexicons: {', '.join(results['lexicons'])} (built-in).", ""]
    for section in (factbank_section(results["factbank_hedges"]),
                    polnear_section(results["polnear_attribution"]),
                    certainty_section(results["pei_jurgens_certainty"])):
        lines += [*section, ""]
    timing = ", ".join(f"{k} {v:.1f} s" for k, v in results["seconds"].items())
    lines.append(f"Runtime: {timing}.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    data = shared_data_dir()
    if not (data / "hedges_factbank.jsonl").is_file():
        print(f"no evaluation data in {data} (set ${ENV_VAR})", file=sys.stderr)
        return 2
    started = time.perf_counter()
    lexicons = load_lexicons(discover=False)
    results: dict[str, Any] = {"data": str(data), "lexicons": list(lexicons.lexicons)}
    seconds: dict[str, float] = {}
    for key, evaluate in (("factbank_hedges", evaluate_factbank),
                          ("polnear_attribution", evaluate_polnear),
                          ("pei_jurgens_certainty", evaluate_certainty)):
        begun = time.perf_counter()
        results[key] = evaluate(data, lexicons)
        seconds[key] = time.perf_counter() - begun
    seconds["total"] = time.perf_counter() - started
    results["seconds"] = {k: round(v, 2) for k, v in seconds.items()}
    print(json.dumps(results, indent=2) if args.json else markdown_report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
