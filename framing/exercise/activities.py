"""The seven classroom activities, each generated from the corpus: the students' part (what to
do, with this corpus's sentences) and the teacher's key (the analyzer's answer, every item
pointing to the sentences that support it).

Each builder is a pure function of the analysed documents, the comparison, the names students
see and a seeded random generator, and returns an ``Activity`` or None when the corpus has
nothing for it (no attributions, no labels ...), which the sheet then says.
"""

from __future__ import annotations

import dataclasses
import math
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from markupsafe import Markup

from framing.attribution import SOURCE_TYPES
from framing.compare.align import align, fact_sentences
from framing.compare.comparison import Comparison
from framing.features import SentenceFeatures
from framing.model import Evidence, Sentence
from framing.pipeline import AnalyzedDocument
from framing.report.highlight import Mark, document_marks, span_html

from .blind import Redactor, SourceNames


@dataclass(frozen=True, slots=True)
class Ref:
    """A sentence an answer rests on: where it is, what students see, what the key shows."""

    doc: str
    sentence: int
    article: str  # "Source B, article 1"
    source: str  # "Source B"
    text: str  # redacted when blind
    html: Markup  # the key's version, evidence highlighted


@dataclass(frozen=True, slots=True)
class Activity:
    slug: str
    title: str
    minutes: int
    goal: str
    instructions: tuple[str, ...]
    prompts: tuple[str, ...]  # questions for the students, written from this corpus
    data: dict[str, Any] = field(default_factory=dict)  # what the activity's templates show
    refs: tuple[Ref, ...] = ()  # every sentence the key cites


@dataclass(frozen=True, slots=True)
class Context:
    """What every builder needs."""

    documents: Sequence[AnalyzedDocument]
    comparison: Comparison
    names: SourceNames
    redact: Redactor
    rng: random.Random
    marks: dict[str, list[Mark]]
    # Sentences other activities show (with their source): never a guess-the-source excerpt.
    taken: set[tuple[str, int]] = field(default_factory=set)

    def ref(self, document: AnalyzedDocument, sentence: Sentence) -> Ref:
        doc = document.document
        return Ref(doc.id, sentence.index, self.names.document(doc.id),
                   self.names.outlet(doc.outlet), self.redact(sentence.text),
                   Markup(span_html(document.text, sentence.start, sentence.end,
                                    self.marks[doc.id])))

    def by_source(self) -> list[tuple[str, list[AnalyzedDocument]]]:
        groups: dict[str, list[AnalyzedDocument]] = {}
        for d in self.documents:
            groups.setdefault(self.names.outlet(d.document.outlet), []).append(d)
        return sorted(groups.items(), key=lambda kv: (len(kv[0]), kv[0]))


def _sentences(document: AnalyzedDocument) -> list[tuple[Sentence, SentenceFeatures]]:
    features = document.features or tuple(SentenceFeatures(()) for _ in document.sentences)
    return [(s, f) for s, f in zip(document.sentences, features, strict=True) if s.kind == "text"]


def _count(features: SentenceFeatures, *names: str, voice: str | None = None) -> int:
    return sum(e.feature in names and (voice is None or e.voice == voice)
               for e in features.evidence)


def _largest_difference(comparison: Comparison, metrics: Sequence[str],
                        names: SourceNames) -> str | None:
    """The largest supported contrast among ``metrics``, in the students' names."""
    for c in comparison.contrast_objects:
        if c.is_difference and c.metric.name in metrics:
            # The names swapped in the contrast itself: replacing them in its text one after the
            # other mixes them up when a shown name is another outlet's name ("Source A" shown
            # as "Source C" while "Source C" is shown as "Source E") or one name holds another.
            return dataclasses.replace(c, outlet_a=names.outlet(c.outlet_a),
                                       outlet_b=names.outlet(c.outlet_b)).summary()
    return None


# --- 1. Who speaks? -----------------------------------------------------------------------

def who_speaks(ctx: Context) -> Activity | None:
    rows: list[dict[str, Any]] = []
    refs: list[Ref] = []
    for source, documents in ctx.by_source():
        tally: Counter[str] = Counter()
        cited = []
        for document in documents:
            for sentence, features in _sentences(document):
                if not features.attributions:
                    continue
                ref = ctx.ref(document, sentence)
                refs.append(ref)
                who = []
                for a in features.attributions:
                    tally[a.source_type] += 1
                    words = document.text[a.source_start:a.source_end].strip() or "(no source named)"
                    who.append((ctx.redact(words), a.source_type.replace("_", " "), a.stance))
                cited.append((ref, who))
        rows.append({"source": source, "tally": [(t.replace("_", " "), tally[t])
                                                 for t in SOURCE_TYPES],
                     "total": sum(tally.values()), "cited": cited})
    if not any(r["total"] for r in rows):
        return None
    top = max(r["total"] for r in rows)
    most = [r["source"] for r in rows if r["total"] == top]  # all of them when tied
    prompts = ["Which source quotes officials and security forces most? Which gives a voice to "
               "residents, victims or rights groups?",
               "Whose claims does each source present as fact, and whose as a claim (\"said\" "
               "against \"claimed\")?"]
    finding = _largest_difference(ctx.comparison, [f"source.{t}" for t in SOURCE_TYPES] +
                                  ["attribution_density"], ctx.names)
    return Activity(
        "who-speaks", "Who speaks?", 10,
        "Notice whose voices each source uses to tell the story.",
        ("Read each article. Every time it cites someone (\"said\", \"according to\", a "
         "quotation), make a tally mark in the row for that kind of source.",
         "Types: security forces (army, police, their spokespeople), government (ministers, "
         "officials), civil society (residents, victims, rights groups), experts, media, "
         "militants, anonymous (\"sources\", \"it is believed\"), international, other."),
        tuple(prompts),
        {"sources": rows, "types": [t.replace("_", " ") for t in SOURCE_TYPES],
         "most": most, "most_count": top, "finding": finding},
        tuple(refs))


# --- 2. Hedge and booster hunt ----------------------------------------------------------------

HUNT_SIZE = 12
_LOOKS_LIKE_A_CUE = re.compile(
    r"\b(?:may(?!\s+\d)|might|could|can|would|maybe|perhaps|possibl\w*|probabl\w*|likel\w*|unlikely|"
    r"apparent\w*|seem\w*|appear\w*|suggest\w*|indicat\w*|signal\w*|point(?:s|ed)? to|"
    r"reported\w*|alleged\w*|suspect\w*|believ\w*|thought|think\w*|doubt\w*|unclear|"
    r"uncertain\w*|unconfirmed|unverified|potential\w*|expect\w*|clear\w*|certain\w*|"
    r"undoubtedly|indeed|in fact|in reality|obvious\w*|surely|definitely|prov\w*|"
    r"demonstrat\w*|show\w*|evident\w*|no doubt|undeniabl\w*|inevitabl\w*)\b", re.IGNORECASE)


def hedge_hunt(ctx: Context) -> Activity | None:
    hedged, boosted, neither = [], [], []
    for document in ctx.documents:
        for sentence, features in _sentences(document):
            if len(sentence.tokens) < 6 or len(sentence.tokens) > 45:
                continue  # too short to judge, too long to read aloud
            h, b = _count(features, "hedge"), _count(features, "booster")
            item = (document, sentence, features)
            if h and not b:
                hedged.append(item)
            elif b and not h:
                boosted.append(item)
            elif not h and not b:
                neither.append(item)
    if not hedged and not boosted:
        return None
    # A "neither" must be one for a careful reader too: a sentence with a word that often is a
    # cue ("could not only strengthen", "signals") is left out, since the analyzer's reading of
    # it may be wrong and the key would then be. Negatives that look like positives teach
    # most: "must", "should" (never hedges) and "will" without a cue.
    neither = [i for i in neither if not _LOOKS_LIKE_A_CUE.search(i[1].text)]
    tricky = [i for i in neither if any(w in i[1].text.lower().split()
                                        for w in ("must", "should", "will"))]
    plain = [i for i in neither if i not in tricky]
    third = HUNT_SIZE // 3
    chosen = (_sample(ctx.rng, hedged, third) + _sample(ctx.rng, boosted, third)
              + _sample(ctx.rng, tricky, third // 2 + 1) + _sample(ctx.rng, plain, third))
    chosen = chosen[:HUNT_SIZE]
    ctx.rng.shuffle(chosen)
    items: list[dict[str, Any]] = []
    for document, sentence, features in chosen:
        cues = [(document.text[e.start:e.end], e.feature) for e in features.evidence
                if e.feature in ("hedge", "booster")]
        answer = ("hedge" if any(f == "hedge" for _, f in cues) else
                  "booster" if cues else "neither")
        items.append({"ref": ctx.ref(document, sentence), "answer": answer, "cues": cues})
    return Activity(
        "hedge-hunt", "Hedge and booster hunt", 8,
        "Spot the words that make a claim sound less certain (hedges) or more certain "
        "(boosters).",
        ("For each sentence, underline any word that makes the claim sound uncertain (may, "
         "reportedly, appears, suggests ...) or certain (clearly, undoubtedly, in fact, proves "
         "...). Then tick H (hedge), B (booster) or N (neither).",
         "Careful: \"must\" as an order, \"could not\" meaning unable, and \"suggest\" meaning "
         "propose are not hedges."),
        ("Which sources hedge their own claims, and which hedge the claims of others?",),
        {"items": items}, tuple(i["ref"] for i in items))


def _sample(rng: random.Random, items: list, k: int) -> list:
    return rng.sample(items, min(k, len(items)))


# --- 3. Force or politics? -----------------------------------------------------------------

def force_or_politics(ctx: Context) -> Activity | None:
    rows = []
    refs: list[Ref] = []
    outlets = {r["outlet"]: r for r in ctx.comparison.outlets.to_dict("records")}
    for source, documents in ctx.by_source():
        outlet = documents[0].document.outlet
        row = outlets[outlet]
        kinetic, political = [], []
        for document in documents:
            for sentence, features in _sentences(document):
                k, p = _count(features, "kinetic"), _count(features, "political")
                if k:
                    kinetic.append((-k, document.document.id, sentence.index, document, sentence))
                if p:
                    political.append((-p, document.document.id, sentence.index, document, sentence))
        top_k = [ctx.ref(d, s) for *_, d, s in sorted(kinetic, key=lambda x: x[:3])[:2]]
        top_p = [ctx.ref(d, s) for *_, d, s in sorted(political, key=lambda x: x[:3])[:2]]
        refs += top_k + top_p
        share, lo, hi = row["kinetic_share"], row["kinetic_share_lo"], row["kinetic_share_hi"]
        rows.append({
            "source": source, "share": share,
            "text": ("no kinetic or political vocabulary" if not math.isfinite(share) else
                     f"{share:.0%} force" + (f" (90% interval {lo:.0%}–{hi:.0%})"
                                             if math.isfinite(lo) else "")),
            "kinetic": top_k, "political": top_p,
            "counts": (int(row["kinetic"]), int(row["political"]))})
    if not any(math.isfinite(r["share"]) for r in rows):
        return None
    # A source with neither kind of vocabulary has no place on the scale (not "most political").
    ranked = sorted((r for r in rows if math.isfinite(r["share"])),
                    key=lambda r: (-r["share"], r["source"]))
    finding = _largest_difference(ctx.comparison, ["kinetic_share", "kinetic.per_1k",
                                                   "political.per_1k"], ctx.names)
    return Activity(
        "force-or-politics", "Force or politics?", 8,
        "Judge how far each source frames the story as a matter of armed force or of politics "
        "(governance, rights, development, dialogue) before seeing the measurements.",
        ("Skim each article. Mark on its line where you would place it, from \"all about force\" "
         "to \"all about politics\".",
         "Write down two words or phrases from the article that made you decide."),
        ("Which two sources do you expect to be furthest apart? Check against the key.",),
        {"sources": rows, "ranked": [r["source"] for r in ranked], "finding": finding},
        tuple(refs))


# --- 4. Same fact, different words ---------------------------------------------------------

SHOWN_GROUPS = 4
# When no pair of sentences reaches the comparator's thresholds (articles on one topic that
# share few facts), these looser ones find sentences on the same point; the sheet says so.
LOOSE_COSINE, LOOSE_ANCHORED = 0.25, 0.15


def same_fact(ctx: Context) -> Activity | None:
    facts = [f for d in ctx.documents for f in fact_sentences(d)]
    groups = align(facts)
    strict = len(groups) >= 2
    if not strict:
        groups = align(facts, high_cosine=LOOSE_COSINE, anchored_cosine=LOOSE_ANCHORED)
    if not groups:
        return None
    by_id = {d.document.id: d for d in ctx.documents}
    shown: list[dict[str, Any]] = []
    refs: list[Ref] = []
    for group in groups[:SHOWN_GROUPS]:
        members: list[dict[str, Any]] = []
        for s in group.sentences:
            document = by_id[s.doc]
            sentence = document.sentences[s.index]
            ref = ctx.ref(document, sentence)
            refs.append(ref)
            # A neutral descriptor ("police", "armed groups", "the state") is no framing cue.
            cues = [(document.text[e.start:e.end], e.feature)
                    for e in document.features[s.index].evidence
                    if e.feature in ("killing", "kinetic", "political", "hedge", "booster",
                                     "distancing", "scare_quote")
                    or (e.feature == "label" and _loaded(replace(e, voice="author")))]
            members.append({"ref": ref, "cues": cues})
        members.sort(key=lambda m: (len(m["ref"].source), m["ref"].source))
        shown.append({"members": members, "difference": f"{group.framing_difference:.1f}"})
    return Activity(
        "same-fact", "Same fact, different words" if strict else "Same point, different words",
        10,
        "Compare how different sources put the same fact or point into words.",
        ("Read each set of sentences. They come from different sources and report the same "
         "fact" + ("." if strict else " or make the same point (matched by shared words: first "
                   "decide whether they really say the same thing)."),
         "For each set, answer: What does each call the people involved? Who does what to whom "
         "(is anyone the subject of a violent verb, or is it hidden: \"were killed\")? Which "
         "words carry a judgment?"),
        ("Which version would you call the most neutral, and why?",),
        {"groups": shown, "strict": strict}, tuple(refs))


# --- 5. Label choice -----------------------------------------------------------------------

def label_choice(ctx: Context) -> Activity | None:
    labels = ctx.comparison.labels
    if labels.empty:
        return None
    rows = []
    refs: list[Ref] = []
    for source, documents in ctx.by_source():
        outlet = documents[0].document.outlet
        mine = labels[labels["outlet"] == outlet]
        words = [(str(r.term), str(r.category).rpartition(".")[2].replace("_", " "), int(r.count))
                 for r in mine.sort_values(["count", "term"], ascending=[False, True],
                                           kind="stable").itertuples()]
        examples: list[Ref] = []
        for document in documents:
            for sentence, features in _sentences(document):
                if _count(features, "label", "killing") and len(examples) < 2:
                    examples.append(ctx.ref(document, sentence))
        refs += examples
        rows.append({"source": source, "words": words, "examples": examples})
    finding = _largest_difference(ctx.comparison, ["label.per_1k", "killing.per_1k"], ctx.names)
    return Activity(
        "label-choice", "Label choice", 7,
        "See what each source calls the armed groups and the state forces, and the words it "
        "uses for killing.",
        ("For each source, list the words it uses for armed groups (militants, terrorists, "
         "insurgents, separatists ...) and for state forces, and any word for killing "
         "(killed, neutralised, eliminated ...).",),
        ("Why might a source call a group \"terrorists\" rather than \"militants\" or "
         "\"insurgents\"? What does \"neutralised\" do that \"killed\" does not?",),
        {"sources": rows, "finding": finding}, tuple(refs))


# --- 6. Rewrite ----------------------------------------------------------------------------

_LOADED = ("label", "killing", "booster", "distancing", "scare_quote", "hedge")


def _loaded(e: Evidence) -> bool:
    """Framing a neutral rewrite removes: a loaded label ("terrorists", not "armed groups",
    "police" or "the state"), a euphemism for killing ("neutralised", not "killed"), certainty,
    doubt or distance; never the facts (kinetic and political words)."""
    if e.voice != "author" or e.feature not in _LOADED:
        return False
    category = re.split(r"[^\w.]", e.detail, maxsplit=1)[0].rpartition(".")[2]
    if e.feature == "label":
        return category.startswith("label_") and category != "label_neutral"
    if e.feature == "killing":
        return category != "killing_plain"
    return True


def rewrite(ctx: Context) -> Activity | None:
    items: list[dict[str, Any]] = []
    for source, documents in ctx.by_source():
        best = None
        for document in documents:
            for sentence, features in _sentences(document):
                if len(sentence.tokens) > 45:
                    continue
                loaded = sum(_loaded(e) for e in features.evidence)
                score = loaded * 2 + _count(features, "kinetic", "political", voice="author")
                key = (score, -sentence.index)
                if loaded and (best is None or key > best[0]):
                    best = (key, document, sentence, features)
        if best is None:
            continue
        _, document, sentence, features = best
        cues = [(document.text[e.start:e.end], e.feature.replace("_", " "))
                for e in features.evidence if _loaded(e)]
        items.append({"source": source, "ref": ctx.ref(document, sentence), "cues": cues})
    if not items:
        return None
    return Activity(
        "rewrite", "Rewrite", 8,
        "Turn a strongly framed sentence into a neutral one, and see what framing is made of.",
        ("Rewrite each sentence so that it reports the same facts without taking a side: "
         "replace loaded labels, euphemisms and words of certainty or doubt with neutral "
         "wording, and say who did what.",),
        ("Which words did you have to change? Is a fully neutral version possible?",),
        {"items": items}, tuple(i["ref"] for i in items))


# --- 7. Guess the source -------------------------------------------------------------------

EXCERPTS_PER_SOURCE = 1


def guess_source(ctx: Context) -> Activity | None:
    terms = ctx.comparison.terms
    words = terms[terms["kind"].isin(["word", "bigram"])]
    if len(ctx.names.by_outlet) < 2:
        return None
    # A sentence more than one source carries (agency copy, a shared press release) has two
    # right answers: not an excerpt.
    carried_by: dict[str, set[str]] = {}
    for d in ctx.documents:
        for s in d.sentences:
            carried_by.setdefault(_normal(s.text), set()).add(d.document.outlet)
    excerpts: list[dict[str, Any]] = []
    for source, documents in ctx.by_source():
        outlet = documents[0].document.outlet
        mine = words[words["outlet"] == outlet].sort_values("z", ascending=False, kind="stable")
        distinctive = [(str(r.term), float(r.z)) for r in mine.head(15).itertuples()]
        candidates = []
        for document in documents:
            for sentence, features in _sentences(document):
                if features.attributions or not 8 <= len(sentence.tokens) <= 40:
                    continue
                if ctx.redact(sentence.text) != sentence.text:
                    continue  # a sentence naming its source gives the answer away
                if len(carried_by[_normal(sentence.text)]) > 1:
                    continue
                if (document.document.id, sentence.index) in ctx.taken:
                    continue  # shown elsewhere on the sheet under its source's name
                # Whole words: "baloch" is not in "Balochistan", nor "state" in "statement".
                spoken = f" {_normal(sentence.text)} "
                found = [(t, z) for t, z in distinctive if f" {_normal(t)} " in spoken]
                score = sum(z for _, z in found) + 0.1 * len(features.evidence)
                candidates.append((-score, document.document.id, sentence.index, document,
                                   sentence, found))
        for *_, document, sentence, found in sorted(candidates, key=lambda c: c[:3])[
                :EXCERPTS_PER_SOURCE]:
            reason = ("uses " + ", ".join(f"\"{t}\" (z {z:.1f})" for t, z in found[:3])
                      + ", distinctive of this source" if found else
                      "no single distinctive word: judge by tone and topic")
            excerpts.append({"ref": ctx.ref(document, sentence), "source": source,
                             "reason": reason})
    if len(excerpts) < 2:
        return None
    ctx.rng.shuffle(excerpts)
    return Activity(
        "guess-source", "Guess the source", 7,
        "Recognise a source by its words alone.",
        ("Each excerpt comes from one of the sources, with no speaker quoted. Match each excerpt "
         "to its source and give your reason (a word, a label, a tone).",
         "The excerpts have been taken out of the articles at the end of this sheet, and so has "
         "one other sentence of every article: each gap is marked […]."),
        ("Which clues were strongest: labels, topics, certainty, or who is mentioned?",),
        {"excerpts": excerpts, "sources": [s for s, _ in ctx.by_source()]},
        tuple(e["ref"] for e in excerpts))


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


BUILDERS: dict[str, Callable[[Context], Activity | None]] = {
    "who-speaks": who_speaks,
    "hedge-hunt": hedge_hunt,
    "force-or-politics": force_or_politics,
    "same-fact": same_fact,
    "label-choice": label_choice,
    "rewrite": rewrite,
    "guess-source": guess_source,
}
NUMBERS = {slug: n for n, slug in enumerate(BUILDERS, start=1)}  # the numbering
ORDER = {
    "intro": ("who-speaks", "hedge-hunt", "label-choice", "force-or-politics", "same-fact",
              "rewrite", "guess-source"),
    "advanced": ("force-or-politics", "same-fact", "guess-source", "rewrite", "who-speaks",
                 "hedge-hunt", "label-choice"),
}


def build_context(documents: Sequence[AnalyzedDocument], comparison: Comparison,
                  names: SourceNames, redact: Redactor, seed: int) -> Context:
    return Context(documents, comparison, names, redact, random.Random(seed),
                   {d.document.id: document_marks(d) for d in documents})
