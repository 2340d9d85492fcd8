"""The comparator on real text: the seeds (five outlets, one article each) and BASIL (100 events
covered by three outlets), read from ../shared/data and never copied."""

from __future__ import annotations

import html
import json
import math
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SHARED_DATA
from framing import Document, Source, analyze, load_lexicons
from framing.compare import Comparator, compare
from framing.compare.comparison import OUTPUT_FILES
from framing.compare.contrasts import (
    DIFFERENCE,
    FDR,
    MIN_SUPPORT,
    benjamini_hochberg,
    bootstrap_p,
)
from framing.compare.metrics import METRIC_NAMES, METRICS
from framing.compare.outlets import DOCUMENT_BOOTSTRAP_MIN
from framing.pipeline import AnalyzedDocument


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons(discover=False)


@pytest.fixture(scope="module")
def seed_comparison(seed_analysis):
    return compare(seed_analysis)


def _relabel(documents: list[AnalyzedDocument], outlets: list[str]) -> list[AnalyzedDocument]:
    """The same analysed documents under other outlet names (and ids kept unique)."""
    from dataclasses import replace

    return [replace(d, document=d.document.with_fields(outlet=o, id=f"{d.document.id}@{i}"))
            for i, (d, o) in enumerate(zip(documents, outlets, strict=True))]


@pytest.fixture(scope="module")
def basil_documents(lexicons):
    path = SHARED_DATA / "basil" / "documents.jsonl"
    if not path.exists():
        pytest.skip(f"BASIL not found at {path} (set FRAMING_SHARED_DATA)")
    documents = []
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            record = json.loads(line)
            documents.append(Document(id=record["id"], outlet=record["outlet"],
                                      text=record["text"], title=record["title"],
                                      source=Source(str(path), line_number, "jsonl"),
                                      meta={"event": record["event"]}))
    return analyze(documents, lexicons=lexicons).documents


# --- outlet profiles ---------------------------------------------------------------------

def test_outlet_values_are_the_metrics_of_summed_evidence(seed_analysis, seed_comparison):
    evidence = seed_analysis.evidence_frame()
    outlets = seed_comparison.outlets.set_index("outlet")
    assert sorted(outlets.index) == sorted({d.document.outlet for d in seed_analysis.documents})
    assert outlets["sentences"].sum() == sum(len(d.sentences) for d in seed_analysis.documents)
    for outlet, row in outlets.iterrows():
        mine = evidence[evidence["outlet"] == outlet]["feature"].value_counts()
        k, p = mine.get("kinetic", 0), mine.get("political", 0)
        assert row["kinetic_share"] == pytest.approx(k / (k + p))
        b, h = mine.get("booster", 0), mine.get("hedge", 0)
        assert row["certainty"] == pytest.approx((b - h) / (b + h)) if b + h else math.isnan(
            row["certainty"])
        assert row["kinetic.per_1k"] == pytest.approx(k * 1000 / row["tokens"])
        assert row["kinetic"] == k and row["political"] == p


def test_one_document_outlets_match_their_document_profiles(seed_analysis, seed_comparison):
    outlets = seed_comparison.outlets.set_index("outlet")
    for document in seed_analysis.documents:
        row = outlets.loc[document.document.outlet]
        assert row["resampled"] == "sentences"
        for name, interval in document.profile.indices.items():
            if math.isnan(interval.value):
                assert math.isnan(row[name])
            else:
                assert row[name] == pytest.approx(interval.value)


def test_several_documents_are_summed_not_averaged(seed_analysis):
    documents = seed_analysis.documents
    merged = compare(_relabel(documents, ["One"] * len(documents))).outlets.iloc[0]
    kinetic = sum(d.profile.counts["kinetic"] for d in documents)
    political = sum(d.profile.counts["political"] for d in documents)
    assert merged["kinetic_share"] == pytest.approx(kinetic / (kinetic + political))
    averaged = np.mean([d.profile.indices["kinetic_share"].value for d in documents])
    assert merged["kinetic_share"] != pytest.approx(averaged)
    assert merged["documents"] == len(documents)
    assert merged["resampled"] == ("documents" if len(documents) >= DOCUMENT_BOOTSTRAP_MIN
                                   else "sentences")


def test_values_lie_in_their_intervals(seed_comparison):
    for row in seed_comparison.outlets.to_dict("records"):
        for name in METRIC_NAMES:
            value, lo, hi = row[name], row[name + "_lo"], row[name + "_hi"]
            if math.isnan(value):
                assert math.isnan(lo) and math.isnan(hi)
            else:
                assert lo <= hi
                assert lo - 1e-9 <= value <= hi + 1e-9 or name.startswith("source.")


def test_results_do_not_depend_on_order_or_on_the_other_outlets(seed_analysis):
    documents = seed_analysis.documents
    forward, backward = compare(documents), compare(list(reversed(documents)))
    pd.testing.assert_frame_equal(forward.outlets, backward.outlets)
    pd.testing.assert_frame_equal(forward.contrasts, backward.contrasts)
    pd.testing.assert_frame_equal(forward.terms, backward.terms)
    fewer = compare(documents[:2]).outlets.set_index("outlet")
    all_five = forward.outlets.set_index("outlet")
    for outlet in fewer.index:  # an outlet's interval is its own, whoever else is compared
        for name in ("kinetic_share_lo", "kinetic_share_hi", "certainty_lo"):
            assert fewer.loc[outlet, name] == all_five.loc[outlet, name] or (
                math.isnan(fewer.loc[outlet, name]) and math.isnan(all_five.loc[outlet, name]))


# --- contrasts ---------------------------------------------------------------------------

def test_benjamini_hochberg_by_hand():
    # Sorted p: .005 .01 .03 .04; times 4/rank: .02 .02 .04 .04; already monotone.
    assert benjamini_hochberg([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    # A larger p later in the order caps the earlier ones: .01*3/1=.03 > .02*3/2=.03, .03*3/3=.03
    assert benjamini_hochberg([0.01, 0.02, 0.03]) == pytest.approx([0.03, 0.03, 0.03])
    assert benjamini_hochberg([]) == []


@given(st.lists(st.floats(0, 1), min_size=1, max_size=60))
def test_benjamini_hochberg_properties(p_values):
    q = benjamini_hochberg(p_values)
    assert all(qi >= pi - 1e-12 and qi <= 1.0 for pi, qi in zip(p_values, q, strict=True))
    order = np.argsort(p_values, kind="stable")
    assert all(np.diff(np.asarray(q)[order]) >= -1e-12)  # same order as the p-values


def test_bootstrap_p_values():
    rng = np.random.default_rng(1)
    assert bootstrap_p(rng.normal(5, 1, 1000)) < 0.01  # far from zero
    assert bootstrap_p(rng.normal(0, 1, 1000)) > 0.5  # centred on zero
    assert 0 < bootstrap_p(np.ones(1000)) <= 0.01  # never exactly 0
    assert math.isnan(bootstrap_p(np.full(10, np.nan)))


def test_flagged_contrasts_are_supported_and_cite_their_evidence(seed_analysis, seed_comparison):
    found = seed_comparison.differences()
    assert not found.empty, "the seeds differ in kinetic vocabulary (55 vs 6 cues)"
    evidence = seed_comparison.contrast_evidence
    sentences = {(d.document.id, s.index): s.text
                 for d in seed_analysis.documents for s in d.sentences}
    outlet_of = {d.document.id: d.document.outlet for d in seed_analysis.documents}
    metrics = {m.name: m for m in METRICS}
    for row in found.to_dict("records"):
        assert row["q_value"] <= FDR and row["difference_lo"] > 0
        assert row["value_a"] >= row["value_b"]
        assert row["difference"] == pytest.approx(row["value_a"] - row["value_b"])
        metric = metrics[row["metric"]]
        if metric.kind != "rate":
            assert min(row["support_a"], row["support_b"]) >= MIN_SUPPORT
        cited = evidence[evidence["contrast"] == row["contrast"]]
        for side, outlet in (("a", row["outlet_a"]), ("b", row["outlet_b"])):
            mine = cited[cited["side"] == side]
            assert 1 <= len(mine) <= 3, (row["summary"], side)
            for example in mine.to_dict("records"):
                assert outlet_of[example["doc"]] == outlet
                assert sentences[(example["doc"], example["sentence"])] == example["text"]
        # The higher side's sentences show what makes it higher.
        high = metric.high.removeprefix("author.")
        if not high.startswith("source."):
            for cues in cited[cited["side"] == "a"]["cues"]:
                assert f"{high}:" in cues


def test_the_seed_kinetic_contrast_checks_against_the_text(seed_analysis, seed_comparison):
    """Recount the flagged kinetic-rate contrast from the evidence, by hand."""
    found = seed_comparison.differences()
    row = found[found["metric"] == "kinetic.per_1k"].iloc[0]
    per_outlet = {}
    for d in seed_analysis.documents:
        kinetic = sum(e.feature == "kinetic" for f in d.features for e in f.evidence)
        per_outlet[d.document.outlet] = kinetic * 1000 / d.token_count
    assert row["value_a"] == pytest.approx(per_outlet[row["outlet_a"]])
    assert row["value_b"] == pytest.approx(per_outlet[row["outlet_b"]])
    assert row["ratio"] == pytest.approx(row["value_a"] / row["value_b"])
    assert row["ratio_lo"] > 1


def test_outlets_drawn_at_random_from_one_pool_show_no_differences(basil_documents):
    """A null check: BASIL's 300 articles dealt at random into three pseudo-outlets. Any
    contrast flagged here would be noise presented as a finding."""
    rng = random.Random(20261121)
    names = [rng.choice(["Pool 1", "Pool 2", "Pool 3"]) for _ in basil_documents]
    comparison = compare(_relabel(basil_documents, names))
    tested = comparison.contrasts[comparison.contrasts["status"].isin(
        [DIFFERENCE, "no clear difference"])]
    assert len(tested) > 20
    assert len(comparison.differences()) <= 1
    assert set(comparison.outlets["resampled"]) == {"documents"}


def test_real_outlets_on_basil(basil_documents):
    comparison = compare(basil_documents)
    assert sorted(comparison.outlets["outlet"]) == ["Fox News", "Huffington Post",
                                                    "New York Times"]
    assert (comparison.outlets["documents"] == 100).all()
    assert set(comparison.outlets["resampled"]) == {"documents"}
    # Document resampling gives honest, non-degenerate intervals at this size.
    widths = comparison.outlets["kinetic_share_hi"] - comparison.outlets["kinetic_share_lo"]
    assert ((widths > 0) & (widths < 0.5)).all()


# --- distinctive terms, who speaks, labels -----------------------------------------------

def test_distinctive_terms_are_counted_from_the_text(seed_analysis, seed_comparison):
    from framing.compare.digest import words_of

    terms = seed_comparison.terms
    assert set(terms["kind"]) <= {"word", "bigram", "lexicon"}
    words = terms[terms["kind"] == "word"]
    assert not words.empty
    counts: dict[str, Counter[str]] = {}
    for d in seed_analysis.documents:
        mine = counts.setdefault(d.document.outlet, Counter())
        for s in d.sentences:
            mine.update(words_of(d.text, s.tokens))
    for row in words.to_dict("records"):
        assert counts[row["outlet"]][row["term"]] == row["count"]
        others = sum(c[row["term"]] for o, c in counts.items() if o != row["outlet"])
        assert others == row["count_others"]
        assert row["z"] >= 1.0
    # Per outlet and kind, sorted by z.
    for _, group in terms.groupby(["outlet", "kind", "category"]):
        assert list(group["z"]) == sorted(group["z"], reverse=True)
    # Source C (the Khyber Pakhtunkhwa report) is the one outlet naming the province.
    assert "khyber pakhtunkhwa" in set(terms[terms["outlet"] == "Source C"]["term"])


def test_who_speaks_and_labels_add_up_to_the_analysis(seed_analysis, seed_comparison):
    attributions = seed_analysis.attributions_frame()
    sources = seed_comparison.sources
    for outlet, group in attributions.groupby("outlet"):
        mine = sources[sources["outlet"] == outlet]
        assert mine["attributions"].sum() == len(group)
        assert mine["share"].sum() == pytest.approx(1.0)
        by_type = mine.groupby("source_type")["attributions"].sum().to_dict()
        assert by_type == group["source_type"].value_counts().to_dict()
    evidence = seed_analysis.evidence_frame()
    labels = seed_comparison.labels
    for outlet, group in evidence[evidence["feature"].isin(["label", "killing"])].groupby("outlet"):
        assert labels[labels["outlet"] == outlet]["count"].sum() == len(group)
    named = seed_comparison.named_sources
    assert not named.empty
    assert not named["source"].str.lower().str.startswith("the ").any()


# --- similarity and copies ---------------------------------------------------------------

def test_copies_are_flagged_and_the_seeds_are_not_copies(seed_analysis, seed_comparison):
    assert (seed_comparison.similarity["relation"] == "").all()
    assert seed_comparison.similarity["cosine"].between(0, 1).all()
    assert len(seed_comparison.similarity) == 10  # every pair of five documents
    documents = seed_analysis.documents
    wire = documents[2]
    copies = _relabel([wire, wire], ["Syndicator", "Syndicator 2"])
    comparison = compare([*documents, *copies])
    flagged = comparison.similarity[comparison.similarity["relation"] == "exact copy"]
    assert len(flagged) == 3  # the original and its two copies, pairwise
    assert any("copies" in note for note in comparison.notes)
    assert comparison.documents["copy_of"].ne("").sum() == 2


def test_an_edited_copy_is_a_near_copy(seed_analysis, lexicons):
    original = seed_analysis.documents[2].document
    edited = original.with_fields(id="edited", outlet="Other",
                                  text=original.text.replace("Khyber", "KP", 1) + "\n\nEnd.")
    comparison = compare([original, edited], lexicons=lexicons)
    assert comparison.similarity.iloc[0]["relation"] == "near copy"


# --- bad input ---------------------------------------------------------------------------

def test_one_outlet_has_a_profile_and_nothing_to_contrast(seed_analysis):
    comparison = compare(seed_analysis.documents[:1])
    assert len(comparison.outlets) == 1
    assert comparison.contrasts.empty and comparison.terms.empty
    assert any("nothing to contrast" in note for note in comparison.notes)


def test_a_very_short_document_gets_wide_intervals_and_says_so(seed_analysis, lexicons):
    short = Document(id="short", outlet="Brief", text="Troops raided a compound near Kech.",
                     source=Source("brief.txt"))
    comparison = compare([*seed_analysis.documents, short], lexicons=lexicons)
    row = comparison.outlets.set_index("outlet").loc["Brief"]
    assert row["sentences"] == 1
    assert "intervals are wide" in row["note"]
    involving = comparison.contrasts[(comparison.contrasts["outlet_a"] == "Brief")
                                     | (comparison.contrasts["outlet_b"] == "Brief")]
    assert not (involving["status"] == DIFFERENCE).any()
    assert any("Brief has only 1 sentence" in note for note in comparison.notes)


def test_documents_with_no_text_are_listed_not_dropped(seed_analysis, lexicons):
    empty = Document(id="empty", outlet="Blank", text="   \n\n", source=Source("blank.txt"))
    comparison = compare([*seed_analysis.documents[:2], empty], lexicons=lexicons)
    assert "Blank" not in set(comparison.outlets["outlet"])
    assert any("blank.txt" in note for note in comparison.notes)


def test_a_document_analysed_without_lexicons_can_be_compared(seed_analysis):
    from framing import analyze_document
    from framing.lexicon.registry import LexiconSet

    bare = [analyze_document(d.document, lexicons=LexiconSet()) for d in seed_analysis.documents]
    comparison = compare(bare)
    assert comparison.outlets["sentences"].sum() > 0
    assert comparison.outlets["kinetic_share"].isna().all()
    assert not (comparison.contrasts["status"] == DIFFERENCE).any()


def test_fifty_outlets(basil_documents):
    names = [f"Outlet {i % 50:02d}" for i in range(len(basil_documents))]
    comparison = compare(_relabel(basil_documents, names))
    assert len(comparison.outlets) == 50
    assert len(comparison.contrasts) == 50 * 49 // 2 * len(METRICS)


HOSTILE = ['<script>alert("x")</script>', "../../etc/passwd", "a/b\\c", 'Comma, "Quoted"',
           "[bold]markup[/bold]", "Ünïcode — outlet"]


def test_hostile_outlet_names_are_data(seed_analysis, tmp_path, run_cli):
    documents = _relabel(seed_analysis.documents, HOSTILE[:len(seed_analysis.documents)])
    comparison = compare(documents)
    assert set(comparison.outlets["outlet"]) == set(HOSTILE[:len(documents)])
    rendered = comparison._repr_html_()
    assert isinstance(rendered, str) and "<script>" not in rendered
    assert html.escape(HOSTILE[0]) in rendered
    from framing.compare.files import write_comparison

    out = tmp_path / "out"
    written = write_comparison(comparison, out)
    assert sorted(p.name for p in written) == sorted(OUTPUT_FILES)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(OUTPUT_FILES)
    read = pd.read_csv(out / "outlets.csv", keep_default_na=False)
    assert set(read["outlet"]) == set(HOSTILE[:len(documents)])


# --- the command -------------------------------------------------------------------------

def test_compare_command_writes_every_file(run_cli, tmp_path):
    out = tmp_path / "cmp"
    result = run_cli("compare", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert sorted(Path(line).name for line in result.stdout.split()) == sorted(OUTPUT_FILES)
    contrasts = pd.read_csv(out / "contrasts.csv")
    evidence = pd.read_csv(out / "contrast_evidence.csv")
    flagged = contrasts[contrasts["status"] == DIFFERENCE]
    assert not flagged.empty
    assert set(flagged["contrast"]) == set(evidence["contrast"])
    assert "supported by the evidence" in result.stderr
    outlets = pd.read_csv(out / "outlets.csv")
    for name in METRIC_NAMES:
        assert {name, name + "_lo", name + "_hi"} <= set(outlets.columns)
    for column in ("outlet", "term", "kind", "z", "count"):
        assert column in pd.read_csv(out / "distinctive_terms.csv").columns


def test_a_failed_compare_keeps_the_previous_files(run_cli, tmp_path):
    out = tmp_path / "cmp"
    assert run_cli("compare", "-q", "--out", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / "similarity.csv").unlink()
    (out / "similarity.csv").mkdir()  # a folder where a file must go: the write must fail
    result = run_cli("compare", "-q", "--out", out, "--top", "3")
    assert result.exit_code == 2
    assert "similarity.csv" in result.stderr
    for name, content in before.items():
        if name != "similarity.csv":
            assert (out / name).read_bytes() == content
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_compare_with_one_outlet_and_an_unreadable_input(run_cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text("Troops raided a compound near Kech on Monday. Officials "
                                    "said four men were held.\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "cmp"
    result = run_cli("compare", folder, "--out", out)
    assert result.exit_code == 1  # something was skipped
    assert "bad.txt" in result.stderr
    assert "nothing to contrast" in result.stderr
    assert len(pd.read_csv(out / "outlets.csv")) == 1


def test_comparator_accepts_digests_and_documents_alike(seed_analysis):
    from framing.compare.digest import digest

    by_digest, by_document = Comparator(), Comparator()
    for d in seed_analysis.documents:
        by_digest.add(digest(d))
        by_document.add(d)
    pd.testing.assert_frame_equal(by_digest.result().outlets, by_document.result().outlets)


@given(st.lists(st.lists(st.one_of(st.floats(-5, 5), st.just(float("nan"))), min_size=5,
                         max_size=5), min_size=1, max_size=6))
def test_row_percentiles_agree_with_numpy(rows):
    import warnings

    from framing.compare.contrasts import _row_percentiles

    samples = np.array(rows)
    for method in ("linear", "inverted_cdf"):
        lo, hi = _row_percentiles(samples, method=method)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            expected = np.nanpercentile(samples, [5, 95], axis=1, method=method)
        np.testing.assert_allclose(lo, expected[0], equal_nan=True)
        np.testing.assert_allclose(hi, expected[1], equal_nan=True)


def test_pooling_unlistable_terms_leaves_z_exactly_as_monroe(seed_analysis):
    """Terms no outlet uses twice are pooled into one column before scoring (memory); the z of
    every listed term must equal the log-odds computed over the whole vocabulary."""
    from framing.compare.logodds import log_odds_z
    from framing.compare.terms import distinctive_terms

    comparator = Comparator()
    for d in seed_analysis.documents:
        comparator.add(d)
    names = sorted(comparator.tallies)
    listed = distinctive_terms({n: comparator.tallies[n].words for n in names}, {}, {}, top=None)
    assert len(listed) > 50
    full = pd.DataFrame([comparator.tallies[n].words.counter() for n in names],
                        index=names).fillna(0)
    z = log_odds_z(full)
    for row in listed.itertuples():
        assert row.z == pytest.approx(z.loc[row.outlet, row.term], abs=1e-9)


@pytest.mark.parametrize("count", [3, 5])  # resampling sentences, then documents
def test_intervals_do_not_depend_on_the_order_of_an_outlets_documents(seed_analysis, count):
    documents = _relabel(seed_analysis.documents[:count], ["One"] * count)
    documents += _relabel(seed_analysis.documents[:count], ["Two"] * count)[::-1]
    forward, backward = compare(documents), compare(documents[::-1])
    pd.testing.assert_frame_equal(forward.outlets, backward.outlets)
    pd.testing.assert_frame_equal(forward.contrasts, backward.contrasts)


def test_emoji_codes_in_outlet_names_are_printed_as_written(run_cli, tmp_path):
    records = [{"id": f"d{i}", "outlet": outlet, "text": "Troops raided a compound near Kech. "
                "Officials said four men were held."}
               for i, outlet in enumerate([":smile: News", "[bold]Wire[/bold] :cross_mark:"])]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run_cli("compare", source)
    assert result.exit_code == 0, result.stderr
    assert ":smile: News has only 2 sentences" in result.stderr
    assert "[bold]Wire[/bold] :cross_mark: has only" in result.stderr
    assert "\N{GRINNING FACE WITH SMILING EYES}" not in result.stderr


def test_outlets_of_five_random_articles_show_no_more_differences_than_the_fdr(basil_documents):
    """A null check at the smallest size where documents are resampled: BASIL articles dealt
    at random, five to each of six pseudo-outlets, in 20 draws. A bootstrap of five documents
    underestimates the spread; unexpanded, about a third of draws flagged a difference."""
    flagged = 0
    for draw in range(20):
        rng = random.Random(draw)
        chosen = rng.sample(basil_documents, 30)
        comparison = compare(_relabel(chosen, [f"Pool {i % 6}" for i in range(30)]))
        assert set(comparison.outlets["resampled"]) == {"documents"}
        flagged += not comparison.differences().empty
    assert flagged <= 3  # FDR 0.10 of 20 draws is 2 expected at most


def test_an_outlet_of_five_one_sentence_documents_is_not_tested(lexicons):
    """Resampled by documents, but five documents of one sentence are five sentences: fewer
    than the ten a side needs before a contrast is tested (README, Contrasts)."""
    kinetic = "Troops shelled the village, killing six militants in raids, strikes and attacks."
    political = "Lawmakers debated the budget, the election law, jobs and court reform in talks."
    documents = [Document(id=f"{outlet}{i}", outlet=outlet, text=text, source=Source(f"{i}.txt"))
                 for outlet, text in (("Hawk", kinetic), ("Dove", political)) for i in range(5)]
    comparison = compare(documents, lexicons=lexicons)
    assert set(comparison.outlets["resampled"]) == {"documents"}
    assert set(comparison.contrasts["status"]) <= {"too little evidence", "undefined"}


def test_the_low_side_of_a_source_share_never_cites_that_source(lexicons):
    """B cites police less than A does; B's evidence must be attributions to other sources, not
    its sentences quoting residents and police together (the main source is residents)."""
    a = " ".join(f"Police said {i} suspects were arrested in district {i}." for i in range(30))
    b = " ".join(f"Residents said {i} shops had closed, and police said the roads were open in "
                 f"district {i}." if i % 3 == 0 else f"Residents said {i} shops closed in "
                 f"district {i}." for i in range(30))
    comparison = compare([Document(id="a", outlet="A", text=a, source=Source("a.txt")),
                          Document(id="b", outlet="B", text=b, source=Source("b.txt"))],
                         lexicons=lexicons)
    found = comparison.differences().set_index("metric").loc["source.state_security"]
    assert (found["outlet_a"], found["outlet_b"]) == ("A", "B")
    evidence = comparison.contrast_evidence
    low = evidence[(evidence["metric"] == "source.state_security") & (evidence["side"] == "b")]
    assert len(low) >= 2
    assert not low["text"].str.contains("police", case=False).any()


def test_the_analysis_warnings_about_a_document_reach_the_notes(run_cli, tmp_path):
    russian = "Войска провели рейд в деревне. Официальные лица заявили, что задержаны четверо. "
    english = "Troops raided a compound near Kech. Officials said four men were held. "
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "outlet": i, "text": t * 10}) + "\n"
                              for i, t in (("ru", russian), ("en", english))), encoding="utf-8")
    result = run_cli("compare", source)
    assert result.exit_code == 0, result.stderr
    assert "ru (" in result.stderr and "does not look English" in result.stderr


def test_a_failed_rename_puts_every_earlier_file_back(seed_comparison, tmp_path, monkeypatch):
    """If moving the new files into place fails halfway, the folder holds the old comparison,
    not a mix of old and new files."""
    import os

    from framing import output
    from framing.compare import files
    from framing.errors import UsageError

    out = tmp_path / "cmp"
    files.write_comparison(seed_comparison, out)
    (out / "outlets.csv").write_text("old outlets\n", encoding="utf-8")
    (out / "similarity.csv").unlink()  # one file that did not exist before
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_replace, calls = os.replace, []

    def failing_replace(source, target):
        calls.append(target)
        if len(calls) == 4:  # the fourth new file cannot be moved in
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", failing_replace)
    with pytest.raises(UsageError, match="unchanged"):
        files.write_comparison(seed_comparison, out)
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_many_copies_of_one_story_add_rows_linearly():
    from framing.compare.similarity import ALL_PAIRS_UP_TO, NEIGHBOURS, similarity_pairs

    n = ALL_PAIRS_UP_TO + 100
    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(400)]
    words = [Counter(rng.choices(vocabulary, k=60)) for _ in range(n)]
    fingerprints = [f"doc{i}" for i in range(n)]
    copies = range(50, n)  # most documents are one wire story
    for i in copies:
        words[i], fingerprints[i] = words[50], fingerprints[50]
    pairs = similarity_pairs([str(i) for i in range(n)], ["o"] * n, words, fingerprints)
    exact = pairs[pairs["relation"] == "exact copy"]
    assert {("50", str(i)) for i in copies if i != 50} <= set(zip(exact["doc_a"], exact["doc_b"],
                                                                   strict=True))
    assert len(pairs) <= n * (NEIGHBOURS + 50)  # not the ~45,000 pairs of the copies
