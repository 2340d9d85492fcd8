"""The per-document pipeline: clean, complete the metadata from what cleaning found, segment,
match the lexicons and count their categories.

``iter_analyze`` streams results one document at a time; ``analyze`` collects them for notebooks.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain, starmap
from typing import TYPE_CHECKING, Any

from framing.corpus.loader import Corpus
from framing.features import SentenceFeatures, sentence_features
from framing.lexicon.matcher import Match
from framing.lexicon.registry import LexiconSet, load_lexicons
from framing.model import Document, Removal, Sentence, Skipped
from framing.profile import Profile, profile
from framing.text.clean import clean_text
from framing.text.language import language_warning
from framing.text.segment import segment

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class AnalyzedDocument:
    """A document with its cleaned text, what cleaning removed, its sentences, its lexicon
    matches (offsets into ``text``) and their counts per ``<lexicon>.<category>``, each
    sentence's framing features (evidence, attributions, voices) and the document's profile."""

    document: Document
    text: str
    removals: tuple[Removal, ...]
    sentences: tuple[Sentence, ...]
    matches: tuple[Match, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    features: tuple[SentenceFeatures, ...] = ()
    profile: Profile | None = None
    warnings: tuple[str, ...] = ()

    @property
    def token_count(self) -> int:
        return sum(len(s.tokens) for s in self.sentences)

    def matches_by_sentence(self) -> list[list[Match]]:
        """The matches grouped by the sentence that holds them, one list per sentence."""
        groups: list[list[Match]] = [[] for _ in self.sentences]
        starts = [s.start for s in self.sentences]
        for match in self.matches:
            groups[bisect.bisect_right(starts, match.start) - 1].append(match)
        return groups


def analyze_document(document: Document, *,
                     lexicons: LexiconSet | None = None) -> AnalyzedDocument | Skipped:
    """Clean, segment and match one document; ``Skipped`` if cleaning leaves no text."""
    cleaned = clean_text(document.text)
    offset = document.text_line - 1  # front matter lines before the text
    removals = tuple(replace(r, line=r.line + offset) for r in cleaned.removals)
    sentences = tuple(segment(cleaned.text))
    if not sentences:
        kinds = ", ".join(sorted({r.kind for r in removals})) or "nothing"
        return Skipped(document.source, f"no text left after cleaning (removed: {kinds})")
    # Metadata stated by the user (front matter, columns, manifest) wins over what cleaning found.
    found = cleaned.found
    completed = document.with_fields(
        title=document.title or found.get("title"),
        author=document.author or found.get("author"),
        date=document.date or found.get("date"),
        meta={**{k: found[k] for k in ("section", "author_bio") if k in found}, **document.meta},
    )
    # Every token's text, sliced by map (no Python frame per token).
    warning = language_warning(map(cleaned.text.__getitem__, starmap(slice, chain.from_iterable(
        s.tokens for s in sentences))))
    warnings = (warning,) if warning else ()
    if not lexicons:
        return AnalyzedDocument(document=completed, text=cleaned.text, removals=removals,
                                sentences=sentences, warnings=warnings)
    # Sentence by sentence: a match never runs across a sentence end or a heading, so every
    # count can be shown in the sentence that holds it.
    matcher, text = lexicons.matcher, cleaned.text
    # Each sentence is tokenised once, for the matcher and the feature stages alike.
    words = [matcher.words(text, s.start, s.end) for s in sentences]
    per_sentence = [matcher.find(text, s.start, s.end, tokens=w)
                    for s, w in zip(sentences, words, strict=True)]
    features = tuple(sentence_features(text, found, lexicons, start=s.start, end=s.end, words=w)
                     for s, found, w in zip(sentences, per_sentence, words, strict=True))
    matches = tuple(m for found in per_sentence for m in found)
    return AnalyzedDocument(
        document=completed, text=text, removals=removals, sentences=sentences, matches=matches,
        counts=dict(lexicons.count(matches)), features=features,
        profile=profile(features, sum(len(s.tokens) for s in sentences)), warnings=warnings)


# One document's analysis takes about 90 MiB of memory and 3 s per MB of text (measured on 5 MB
# of news text): the default limit keeps a single runaway input within 2 GiB.
MAX_DOCUMENT_MB = 20.0


def size_limit(documents: Iterable[Document | Skipped],
               max_mb: float | None) -> Iterator[Document | Skipped]:
    """Documents over ``max_mb`` megabytes of text become ``Skipped`` with the limit and how to
    raise it, instead of exhausting memory; None means no limit."""
    for item in documents:
        if max_mb is not None and isinstance(item, Document):
            size = len(item.text.encode("utf-8", "surrogatepass"))
            if size > max_mb * 1_000_000:
                suggested = int(size / 1_000_000) + 1
                yield Skipped(item.source, (
                    f"the text is {size / 1e6:.1f} MB, over the {max_mb:g} MB limit for one "
                    f"document (about 90 MiB of memory and 3 s per MB); split it, or raise the "
                    f"limit with --max-document-mb {suggested}"))
                continue
        yield item


ENGINES = ("local", "dask")


def iter_analyze(documents: Iterable[Document | Skipped], *,
                 lexicons: LexiconSet | None = None, jobs: int = 1, engine: str = "local",
                 scheduler: str | None = None,
                 then: Callable[[AnalyzedDocument], Any] | None = None) -> Iterator[Any]:
    """Analyse documents one at a time, passing ``Skipped`` items through in order.

    ``then``, when given, is applied to each analysed document where it was analysed (in the
    worker, with ``jobs`` > 1 or on Dask) and its result is yielded instead: the comparator's
    digest is computed there, in parallel, rather than one document at a time by the caller.
    It must be a module-level function, so that worker processes can receive it.

    With ``jobs`` > 1 the documents are analysed by that many worker processes, in batches, and
    the results come back in input order, so the output is identical to ``jobs=1``. Batches
    keep memory bounded: the workers never hold more than ``_BATCH_PER_JOB`` documents each
    ahead of the caller, whatever the size of the corpus.

    ``engine="dask"`` runs the analysis on a Dask cluster instead (``framing.dask_engine``): the
    one at ``scheduler``, or a local one with ``jobs`` workers; the results are the same."""
    if engine == "dask":
        from framing.dask_engine import iter_analyze_dask

        # None means no lexicons, as with the local engine (an empty set matches nothing).
        yield from iter_analyze_dask(documents,
                                     lexicons=LexiconSet() if lexicons is None else lexicons,
                                     scheduler=scheduler, workers=jobs if jobs > 1 else None,
                                     then=then)
        return
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if jobs <= 1:
        for item in documents:
            yield _analyzed(item, lexicons, then)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from framing.errors import EngineError

    if lexicons is not None:  # None means no lexicons, as with jobs=1
        lexicons.matcher  # noqa: B018 (built once here, inherited or unpickled by the workers)
    # An executor, not a multiprocessing Pool: a Pool waits for ever for the documents of a
    # worker that died (the out-of-memory killer), an executor reports it.
    executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(),
                                   initializer=_start_worker, initargs=(lexicons, then))
    done, finished = 0, False
    try:
        batch: list[Document | Skipped] = []
        for item in documents:
            batch.append(item)
            if len(batch) >= jobs * _BATCH_PER_JOB:
                for result in executor.map(_analyze_in_worker, batch, chunksize=_CHUNK):
                    yield result
                    done += 1
                batch = []
        if batch:
            for result in executor.map(_analyze_in_worker, batch, chunksize=_CHUNK):
                yield result
                done += 1
        finished = True
    except BrokenProcessPool:
        raise EngineError(
            f"a worker process died (killed, or out of memory) after {done} documents were "
            "analysed; nothing was written",
            hint="run again, with fewer --jobs or a lower --max-document-mb if memory ran "
            "out") from None
    finally:
        if not finished:  # Ctrl-C, an error or an abandoned generator: stop the workers now
            for process in list((getattr(executor, "_processes", None) or {}).values()):
                process.terminate()
        executor.shutdown(wait=True, cancel_futures=True)


_BATCH_PER_JOB = 32
_CHUNK = 4
_WORKER_LEXICONS: LexiconSet | None = None
_WORKER_THEN: Callable[[AnalyzedDocument], Any] | None = None


def _start_worker(lexicons: LexiconSet | None,
                  then: Callable[[AnalyzedDocument], Any] | None) -> None:
    global _WORKER_LEXICONS, _WORKER_THEN
    _WORKER_LEXICONS, _WORKER_THEN = lexicons, then
    # Ctrl-C reaches the whole process group: the parent stops the pool; workers must not
    # print a traceback each.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _analyze_in_worker(item: Document | Skipped) -> Any:
    return _analyzed(item, _WORKER_LEXICONS, _WORKER_THEN)


def _analyzed(item: Document | Skipped, lexicons: LexiconSet | None,
              then: Callable[[AnalyzedDocument], Any] | None) -> Any:
    """One item of ``iter_analyze``'s output: ``Skipped`` as it is, else the analysis (or what
    ``then`` makes of it)."""
    if isinstance(item, Skipped):
        return item
    result = analyze_document(item, lexicons=lexicons)
    return result if then is None or isinstance(result, Skipped) else then(result)


@dataclass(slots=True)
class Analysis:
    """Analysed documents, everything skipped on the way, the loader's notes, and the
    lexicons used."""

    documents: list[AnalyzedDocument] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lexicons: LexiconSet = field(default_factory=LexiconSet)

    def documents_frame(self) -> pd.DataFrame:
        """One row per document, the columns of ``documents.csv``."""
        import pandas as pd

        from framing.output import document_columns, document_row

        columns = self.lexicons.columns
        rows = [document_row(d, columns) for d in self.documents]
        return pd.DataFrame(rows, columns=document_columns(columns))

    def profiles_frame(self) -> pd.DataFrame:
        """One row per document: id, outlet and the profile columns of ``documents.csv``
        (feature counts and rates, indices with ``_lo``/``_hi`` intervals, mixes)."""
        from framing.profile import profile_columns

        return self.documents_frame()[["id", "outlet", *profile_columns()]]

    def evidence_frame(self) -> pd.DataFrame:
        """One row per evidence span: the document, outlet and sentence, the span's offsets
        into the document's cleaned text and its words, the feature, cue, detail and voice."""
        import pandas as pd

        rows = [{"doc": d.document.id, "outlet": d.document.outlet, "sentence": s.index,
                 "start": e.start, "end": e.end, "text": d.text[e.start:e.end],
                 "feature": e.feature, "cue": e.cue, "detail": e.detail, "voice": e.voice}
                for d in self.documents
                for s, f in zip(d.sentences, d.features, strict=True) for e in f.evidence]
        return pd.DataFrame(rows, columns=["doc", "outlet", "sentence", "start", "end", "text",
                                           "feature", "cue", "detail", "voice"])

    def attributions_frame(self) -> pd.DataFrame:
        """One row per attribution: the document, outlet and sentence, then the cue, source,
        source type, stance, speech, vagueness and the spans of cue, source and content."""
        import dataclasses

        import pandas as pd

        from framing.attribution import Attribution

        columns = ["doc", "outlet", "sentence",
                   *(f.name for f in dataclasses.fields(Attribution))]
        rows = [{"doc": d.document.id, "outlet": d.document.outlet, "sentence": s.index,
                 **dataclasses.asdict(a)}
                for d in self.documents
                for s, f in zip(d.sentences, d.features, strict=True) for a in f.attributions]
        return pd.DataFrame(rows, columns=columns)

    def sentences_frame(self) -> pd.DataFrame:
        """One row per sentence, the fields of ``sentences.jsonl``."""
        import pandas as pd

        from framing.output import sentence_records

        return pd.DataFrame([r for d in self.documents for r in sentence_records(d)])


def analyze(corpus: Corpus | Iterable[Document], *,
            lexicons: LexiconSet | None = None) -> Analysis:
    """Analyse a corpus (from ``load_corpus``) or any iterable of documents.

    ``lexicons`` defaults to ``load_lexicons()``: the built-in ones, ``./lexicons`` and
    ``$FRAMING_LEXICONS``.
    """
    lexicons = load_lexicons() if lexicons is None else lexicons
    analysis = Analysis(lexicons=lexicons)
    if isinstance(corpus, Corpus):
        analysis.skipped.extend(corpus.skipped)
        analysis.notes.extend(corpus.notes)
    for item in iter_analyze(corpus, lexicons=lexicons):
        if isinstance(item, Skipped):
            analysis.skipped.append(item)
        else:
            analysis.documents.append(item)
    return analysis
