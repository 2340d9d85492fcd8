"""The comparator's bounded-memory parts agree with the straightforward computations they
replace: compact word counts give the same TF-IDF matrix as Counters through DictVectorizer,
MinHash candidates find the near copies a full comparison finds, listed terms score as on the
full matrix, and alignment searches an order-independent sample of at most
``align_documents`` documents."""

from __future__ import annotations

import gzip
import json
import random
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED_DATA
from framing.compare import similarity, terms
from framing.compare.comparison import Comparator
from framing.compare.logodds import log_odds_z
from framing.compare.similarity import NEAR_DUPLICATE, WordBags, similarity_pairs, tfidf_matrix

_WORD = re.compile(r"[a-z][a-z'-]+")

counters = st.lists(st.dictionaries(st.text("abcdeé’", min_size=1, max_size=4),
                                    st.integers(1, 70_000), max_size=12), min_size=1, max_size=15)


@given(counters)
@settings(max_examples=60, deadline=None)
def test_word_bags_give_the_matrix_dict_vectorizer_gives(documents):
    words = [Counter(d) for d in documents]
    bags = WordBags()
    for counter in words:
        bags.add(counter)
    from sklearn.feature_extraction import DictVectorizer

    expected = DictVectorizer(dtype=float).fit_transform(words)
    got = bags.count_matrix()
    assert got.shape == expected.shape
    # Counts are capped at 65,535 (a uint16): no word is used that often in one article.
    assert (abs(got - expected.minimum(65_535)) > 0).nnz == 0
    if all(n <= 65_535 for d in documents for n in d.values()):
        assert np.abs((tfidf_matrix(bags) - tfidf_matrix(words)).toarray()).max(initial=0) < 1e-12
        row = bags.tfidf_rows()
        matrix = tfidf_matrix(bags).tocsr()
        for i in range(len(words)):
            numbers, weights = row(i)
            dense = np.zeros(matrix.shape[1])
            # Word numbers are in order of first use; the matrix's columns are alphabetical.
            vocabulary = list(bags.vocabulary)
            alphabetical = {w: j for j, w in enumerate(sorted(vocabulary))}
            dense[[alphabetical[vocabulary[k]] for k in numbers]] = weights
            assert np.allclose(dense, matrix[i].toarray().ravel(), atol=1e-12)


def _news_counters(limit: int) -> tuple[list[Counter[str]], list[str]]:
    path = SHARED_DATA / "news_security_abp.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path} not found")
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) == limit:
                break
    return [Counter(_WORD.findall(t.lower())) for t in texts], texts


def test_minhash_finds_the_near_copies_a_full_comparison_finds():
    counters, texts = _news_counters(400)
    rng = random.Random(7)
    # Edited copies, as syndication makes them: a tenth to a third of the paragraphs dropped.
    for i in range(0, 400, 4):
        paragraphs = [p for p in texts[i].split("\n") if p.strip()]
        share = rng.choice([0.1, 0.2, 0.33])
        kept = [p for p in paragraphs if rng.random() > share] or paragraphs[:1]
        counters.append(Counter(_WORD.findall("\n".join(kept).lower())))
    bags = WordBags()
    for counter in counters:
        bags.add(counter)
    full = similarity._compared_pairs(bags, len(counters))
    near = {pair for pair, cosine in full.items() if cosine >= NEAR_DUPLICATE}
    found = similarity._near_copy_pairs(bags)
    assert len(near) >= 60  # the test means something: many edited copies pass 0.9
    assert set(found) <= near  # every candidate is checked by its cosine
    assert len(set(found) & near) / len(near) >= 0.97
    for pair, cosine in found.items():
        assert cosine == pytest.approx(full[pair], abs=1e-9)


def test_over_the_exact_limit_only_copies_are_listed(monkeypatch):
    counters, _ = _news_counters(60)
    words = [*counters, counters[3], counters[3], Counter({"a": 1})]  # two exact copies of 3
    ids = [f"d{i}" for i in range(len(words))]
    fingerprints = [f"f{i}" for i in range(60)] + ["f3", "f3", "f62"]
    monkeypatch.setattr(similarity, "EXACT_UP_TO", 10)
    pairs = similarity_pairs(ids, ["o"] * len(ids), words, fingerprints)
    assert set(pairs["relation"]) == {"exact copy"}
    assert {("d3", "d60"), ("d3", "d61")} <= set(zip(pairs["doc_a"], pairs["doc_b"], strict=True))


@given(st.lists(st.lists(st.integers(0, 9), min_size=4, max_size=4), min_size=2, max_size=5))
@settings(max_examples=60, deadline=None)
def test_listed_terms_score_as_on_the_full_matrix(rows):
    outlets = {f"o{i}": Counter({f"t{j}": n for j, n in enumerate(row) if n})
               for i, row in enumerate(rows)}
    scored = terms._scored(outlets, "word", min_z=-np.inf)
    full = pd.DataFrame(rows, index=list(outlets), columns=[f"t{j}" for j in range(4)])
    z = log_odds_z(full)
    # A cell whose z is undefined (one outlet holds every use of every term) is never listed.
    expected = {(o, t) for o in outlets for t in full.columns
                if full.loc[o, t] >= terms.MIN_COUNT and not np.isnan(z.loc[o, t])}
    assert set(zip(scored["outlet"], scored["term"], strict=True)) == expected
    for row in scored.itertuples():
        assert row.z == pytest.approx(z.loc[row.outlet, row.term], abs=1e-9)
        assert row.count_others == full[row.term].sum() - row.count


def test_alignment_searches_a_bounded_sample_that_ignores_input_order(seed_analysis):
    documents = seed_analysis.documents
    with_facts = Comparator()
    for d in documents:
        with_facts.add(d)
    assert with_facts.fact_documents == sum(1 for d in documents if _has_facts(d))
    samples = []
    for order in (documents, documents[::-1], random.Random(2).sample(documents, len(documents))):
        comparator = Comparator(align_documents=2)
        for d in order:
            comparator.add(d)
        assert comparator.fact_documents == 2
        samples.append(sorted((f.doc, f.index) for f in comparator.facts))
        result = comparator.result()
        assert any("random sample of 2 of the" in note for note in result.notes)
    assert samples[0] == samples[1] == samples[2]
    off = Comparator(align_documents=0)
    for d in documents:
        off.add(d)
    assert off.facts == [] and off.result().aligned == []
    # Turned off, the search found nothing because it did not run: the notes must not say the
    # articles share no facts.
    notes = off.result().notes
    assert any("turned off" in note for note in notes)
    assert not any("were found to report the same fact" in note or "random sample" in note
                   for note in notes)


def _has_facts(document) -> bool:
    from framing.compare.align import fact_sentences

    return bool(fact_sentences(document))


def test_the_sample_takes_documents_sharing_an_outlet_and_id_in_any_order(seed_analysis):
    """The same article twice under one id (its case or spacing changed, so its fingerprint is
    the same but its fact sentences are not), and a different text under that id: the sample
    must not compare the documents' facts to order them, and the sentences alignment reads
    must be the same whatever the input order."""
    from framing.lexicon.registry import load_lexicons
    from framing.pipeline import analyze_document

    lexicons = load_lexicons(discover=False)
    documents = [d for d in seed_analysis.documents if _has_facts(d)]
    original = documents[0].document
    variants = [analyze_document(original.with_fields(text=text), lexicons=lexicons)
                for text in (original.text.upper(), original.text.replace(" ", "  "),
                             original.text + "\n\nPolice said 16 people were killed.")]
    assert all(_has_facts(v) for v in variants)
    inputs = [*documents, *variants]
    for limit in (len(inputs), 3):
        seen = []
        for order in (inputs, inputs[::-1], random.Random(3).sample(inputs, len(inputs))):
            comparator = Comparator(align_documents=limit)
            for d in order:
                comparator.add(d)
            seen.append(([(f.doc, f.index, f.text) for f in comparator.facts],
                         comparator.result().aligned))
        assert seen[0] == seen[1] == seen[2]


@given(outlets=st.lists(st.lists(st.dictionaries(st.sampled_from([f"w{i}" for i in range(30)]),
                                                 st.integers(1, 5), max_size=10), max_size=8),
                        min_size=2, max_size=4))
@settings(max_examples=80, deadline=None)
def test_term_counts_merge_to_the_counters_and_score_the_same(outlets):
    """Outlets' words kept as numbered arrays, merged in batches (here after every document),
    hold the same counts as Counters and give the same distinctive terms."""
    from framing.compare import termcounts
    from framing.compare.termcounts import TermCounts, Vocabulary

    batch, termcounts._MIN_BATCH = termcounts._MIN_BATCH, 1
    try:
        vocabulary = Vocabulary()
        compact = {f"o{i}": TermCounts(vocabulary) for i in range(len(outlets))}
        plain = {f"o{i}": Counter() for i in range(len(outlets))}
        for i, documents in enumerate(outlets):
            for document in documents:
                compact[f"o{i}"].update(Counter(document))
                plain[f"o{i}"].update(document)
    finally:
        termcounts._MIN_BATCH = batch
    for name in plain:
        assert compact[name].counter() == +plain[name]
        assert all(compact[name][term] == plain[name][term] for term in vocabulary.terms)
    pd.testing.assert_frame_equal(terms._scored(compact, "word", -np.inf),
                                  terms._scored(plain, "word", -np.inf))
