"""Classroom exercises: blind by default (nothing on the worksheet gives an outlet away), the same
seed gives the same files, every answer in the key rests on a sentence that exists, and the
sheets print with each activity on its own page (browser part: tests/test_exercise_browser.py)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import SEEDS, write
from framing import load_corpus, load_lexicons
from framing.compare import compare
from framing.exercise.activities import BUILDERS, ORDER
from framing.exercise.sheets import build_sheets, markdown_escape, select_activities
from framing.pipeline import analyze

DATE = "2026-11-21"

# Distinctive strings no real text contains, so finding one on the worksheet is a leak.
OUTLETS = ["Zorblax Gazette", "Quuxwire Daily", "The Flibbert Times", "Snorkmoor Post",
           "Vexillum Herald"]
TITLES = ["The Plumbago Affair", "Kestrelwick Findings", "Notes from Grobnitz",
          "Umberfold Dispatch", "Wyvernholt Questions"]
AUTHORS = ["Ignatius Wibblethorpe", "Zenobia Quillfeather", "Barnaby Snickerdoodle",
           "Perpetua Fogwhistle", "Cornelius Tumbleweed"]


@pytest.fixture(scope="module")
def blind_corpus(tmp_path_factory) -> Path:
    """The seed articles under distinctive outlets, titles, bylines and URLs, with the outlet
    and author named inside the text too, as real articles do."""
    folder = tmp_path_factory.mktemp("blind")
    for i, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        front = (f"---\noutlet: {OUTLETS[i]}\ntitle: {TITLES[i]}\nauthor: {AUTHORS[i]}\n"
                 f"url: https://{OUTLETS[i].lower().replace(' ', '')}.example/story-{i}\n---\n")
        body = (f"{OUTLETS[i]} has learned the following. {text}\n\n"
                f"{AUTHORS[i]} reported from Quetta for {OUTLETS[i].upper()}.\n")
        write(folder / f"article{i}.txt", front + body)
    return folder


def _sheets(corpus: Path, tmp_path: Path, run_cli, *args: str) -> Path:
    out = tmp_path / "out"
    result = run_cli("exercise", corpus, "--out", out, "--date", DATE, "--no-manifest", *args)
    assert result.exit_code == 0, result.stderr
    return out


def test_the_worksheet_gives_no_outlet_away(blind_corpus, tmp_path, run_cli):
    out = _sheets(blind_corpus, tmp_path, run_cli, "--format", "md")
    worksheet = (out / "worksheet.html").read_text(encoding="utf-8")
    markdown = (out / "worksheet.md").read_text(encoding="utf-8")
    key = (out / "answer-key.html").read_text(encoding="utf-8")
    for sheet in (html.unescape(worksheet), markdown.replace("\\", "")):
        lowered = sheet.lower()
        for secret in (*OUTLETS, *TITLES, *AUTHORS, ".example/", "article0.txt"):
            assert secret.lower() not in lowered, secret
            # The surnames alone too: bylines are often cut to them.
            if secret in AUTHORS:
                assert secret.split()[-1].lower() not in lowered, secret
    for secret in (*OUTLETS, *TITLES):
        assert secret in html.unescape(key)  # the teacher gets the mapping
    assert "[Source" in html.unescape(worksheet)  # names in the text were replaced, not lost


def test_the_same_seed_gives_the_same_files(blind_corpus, tmp_path, run_cli):
    first = _sheets(blind_corpus, tmp_path / "1", run_cli, "--seed", "7")
    second = _sheets(blind_corpus, tmp_path / "2", run_cli, "--seed", "7")
    for name in ("worksheet.html", "answer-key.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    other = _sheets(blind_corpus, tmp_path / "3", run_cli, "--seed", "8")
    assert (other / "answer-key.html").read_bytes() != (first / "answer-key.html").read_bytes()


@pytest.fixture(scope="module")
def seed_parts():
    lexicons = load_lexicons(discover=False)
    analysis = analyze(load_corpus([SEEDS]), lexicons=lexicons)
    return analysis.documents, compare(analysis)


def test_every_answer_points_to_a_sentence_that_exists(seed_parts):
    documents, comparison = seed_parts
    sheets = build_sheets(documents, comparison, seed=3)
    assert len(sheets.activities) == len(BUILDERS)  # the seeds have something for each
    by_id = {d.document.id: d for d in documents}
    for activity in sheets.activities:
        assert activity.refs, activity.slug
        # Instructions and prompts are sentences (a string where a tuple belongs would be
        # shown one character per bullet).
        assert all(isinstance(i, str) and len(i) > 20 for i in activity.instructions)
        assert all(isinstance(p, str) and len(p) > 20 for p in activity.prompts)
        for ref in activity.refs:
            sentence = by_id[ref.doc].sentences[ref.sentence]
            assert sentence.index == ref.sentence
            stripped = html.unescape(re.sub(r"<[^>]*>", "", str(ref.html)))
            assert stripped == sentence.text
            assert ref.article == sheets.names.document(ref.doc)
    # And in the rendered key, every cited sentence is one of the articles' sentences.
    key_sentences = _cited_texts(sheets.answer_key)
    article_text = " ".join(" ".join(d.text.split()) for d in documents)
    assert key_sentences and all(text in article_text for text in key_sentences)


class _Cited(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.texts: list[str] = []
        self._parts: list[str] = []
        self._in_p = False

    def handle_starttag(self, tag, attrs):
        if tag == "blockquote" and ("class", "ref") in attrs:
            self.depth = 1
        elif self.depth and tag == "p":
            self._in_p, self._parts = True, []

    def handle_endtag(self, tag):
        if self._in_p and tag == "p":
            self._in_p = False
            self.texts.append(" ".join("".join(self._parts).split()))
        elif tag == "blockquote":
            self.depth = 0

    def handle_data(self, data):
        if self._in_p:
            self._parts.append(data)


def _cited_texts(page: str) -> list[str]:
    parser = _Cited()
    parser.feed(page)
    return parser.texts


def test_questions_come_from_this_corpus(seed_parts):
    documents, comparison = seed_parts
    sheets = build_sheets(documents, comparison, seed=3)
    force = next(a for a in sheets.activities if a.slug == "force-or-politics")
    finding = force.data["finding"]
    # The largest measured contrast, in the blind names only. The seeds' outlets are called
    # "Source A" ... themselves, so the blind names are "Outlet A" ...
    shown = set(sheets.names.by_outlet.values())
    assert finding and all(name.startswith("Outlet ") for name in shown)
    assert sum(name in finding for name in shown) == 2
    assert not any(outlet in finding for outlet in sheets.names.by_outlet)
    # The key ranks the sources by their measured share, as the comparison has them.
    measured = {sheets.names.outlet(r["outlet"]): r["kinetic_share"]
                for r in comparison.outlets.to_dict("records")}
    ranked = force.data["ranked"]
    assert [measured[s] for s in ranked] == sorted(measured.values(), reverse=True)


def test_activities_and_levels(seed_parts):
    assert select_activities("1,same-fact", "advanced") == ["same-fact", "who-speaks"]
    assert select_activities(None, "intro") == list(ORDER["intro"])
    from framing.errors import UsageError

    with pytest.raises(UsageError, match="unknown activity"):
        select_activities("9", "intro")
    with pytest.raises(UsageError, match="unknown level"):
        select_activities(None, "expert")
    documents, comparison = seed_parts
    sheets = build_sheets(documents, comparison, activities="7,2", level="advanced")
    assert [a.slug for a in sheets.activities] == ["guess-source", "hedge-hunt"]
    headings = re.findall(r'<h2 id="([a-z-]+)-h">', sheets.worksheet)
    assert headings == ["guess-source", "hedge-hunt", "articles"]


def test_the_hunt_mixes_positives_and_negatives(seed_parts):
    documents, comparison = seed_parts
    hunt = next(a for a in build_sheets(documents, comparison, seed=5).activities
                if a.slug == "hedge-hunt")
    answers = [i["answer"] for i in hunt.data["items"]]
    assert {"hedge", "booster", "neither"} <= set(answers)
    for item in hunt.data["items"]:  # the key's cues are in the sentence
        for words, _ in item["cues"]:
            assert words in item["ref"].text


def test_no_blind_names_the_outlets(blind_corpus, tmp_path, run_cli):
    out = _sheets(blind_corpus, tmp_path, run_cli, "--no-blind")
    worksheet = html.unescape((out / "worksheet.html").read_text(encoding="utf-8"))
    assert all(o in worksheet for o in OUTLETS)


def test_hostile_text_is_escaped_in_every_format(tmp_path, run_cli):
    folder = tmp_path / "in"
    payload = "<script>alert(1)</script> **bold** [link](javascript:alert(2)) `code`"
    write(folder / "a.txt", "---\noutlet: One\n---\nTroops raided a compound near Kech. "
          f"Officials said {payload} four men were held.\n")
    write(folder / "b.txt", "---\noutlet: Two\n---\nTalks on autonomy resumed, and courts may "
          f"review the law. {payload}\n")
    out = _sheets(folder, tmp_path, run_cli, "--format", "md")
    for name in ("worksheet.html", "answer-key.html"):
        page = (out / name).read_text(encoding="utf-8")
        assert page.count("<script") == 0
        shown = html.unescape(re.sub(r"<[^>]*>", "", page))
        assert "<script>alert(1)</script>" in shown  # as text
    markdown = (out / "worksheet.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and "](javascript:" not in markdown
    # Escaped once, for Markdown: not twice (a reader would see "&lt;script&gt;" and "&#34;").
    assert r"&lt;script&gt;alert\(1\)&lt;/script&gt;" in markdown
    assert "&amp;" not in markdown and "&#34;" not in markdown and '"said"' in markdown
    assert markdown_escape("a*b_[c]<d>") == r"a\*b\_\[c\]&lt;d&gt;"


def test_bad_choices_fail_before_the_work(run_cli, tmp_path):
    for args in (("--activities", "8"), ("--level", "expert"), ("--format", "pdf")):
        result = run_cli("exercise", "--out", tmp_path / "x", *args)
        assert result.exit_code == 2, args
        assert not (tmp_path / "x" / "worksheet.html").exists()


def test_a_one_outlet_corpus_still_gives_a_lesson(tmp_path, run_cli):
    folder = tmp_path / "in"
    write(folder / "a.txt", "---\noutlet: Only\n---\n" + (SEEDS / "002_54e15a369dc5eb1d.txt")
          .read_text(encoding="utf-8"))
    out = _sheets(folder, tmp_path, run_cli)
    key = (out / "answer-key.html").read_text(encoding="utf-8")
    assert "Left out because this corpus has nothing for them" in key  # e.g. guess the source


def test_the_teachers_guide_quotes_the_measured_accuracy():
    from conftest import ROOT
    from framing.report import measured

    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    for feature in ("kinetic", "political", "hedge", "booster", "attribution"):
        f1 = measured.FEATURE_SCORES[feature][2]
        assert f"{feature} {f1:.2f}" in guide, feature
    assert "framing exercise" in guide and "45-minute" in guide


def test_a_finding_names_each_source_once_and_rightly(tmp_path):
    """The largest contrast in the students' names: outlets already called like blind names
    (the seeds are "Source A" ... "Source E") must not be renamed twice."""
    from framing.exercise.activities import _largest_difference
    from framing.exercise.blind import SourceNames

    for outlet, text in (("Source A", "Troops raided a compound. Soldiers shelled the village. "
                          "Forces killed six gunmen in a raid. Police raided two houses. " * 4),
                         ("Source B", "Talks on autonomy resumed. Courts reviewed the law. "
                          "Parliament debated the budget for jobs and schools. " * 4)):
        write(tmp_path / f"{outlet[-1]}.txt", f"---\noutlet: {outlet}\n---\n{text}\n")
    analysis = analyze(load_corpus([tmp_path]), lexicons=load_lexicons(discover=False))
    documents = analysis.documents
    comparison = compare(analysis)
    names = SourceNames({"Source A": "Source B", "Source B": "Source A"}, {}, True)
    finding = _largest_difference(comparison, ["kinetic.per_1k"], names)
    assert finding is not None
    contrast = next(c for c in comparison.contrast_objects
                    if c.is_difference and c.metric.name == "kinetic.per_1k")
    assert contrast.outlet_a == "Source A"  # the kinetic one, shown as Source B
    assert finding.startswith("Source B has ") and ", Source A " in finding, finding
    assert len(documents) == 2


def test_names_in_other_forms_are_hidden_and_ordinary_words_kept(tmp_path, run_cli):
    """How students would spot an outlet: its name without "The", hyphenated, run together in
    a handle or a domain, in capitals, possessive; the byline cut to a surname, split over two
    lines, several authors, an email. And what must stay: "at dawn", "the news", "Staff at"."""
    body = (SEEDS / "003_c56aade4c5908234.txt").read_text(encoding="utf-8").split("\n", 2)[2]
    folder = tmp_path / "in"
    write(folder / "a.txt", "---\noutlet: The Express Tribune\ntitle: Quetta braces for raids\n"
          "author: By Shahzada Irfan Ahmed and Mariam Khoso\n---\n"
          "Speaking to Express-Tribune, a police officer said four men were held. "
          f"The Tribune has learnt that more raids are planned.\n{body}\n"
          "Ahmed said the operation continued, KHOSO reported.\n"
          "Follow @ExpressTribune. Photo: Express Tribune / Shahzada\nIrfan Ahmed. Email: "
          "shahzada.ahmed@example.org\n")
    write(folder / "b.txt", "---\noutlet: Dawn\ntitle: News\nauthor: Staff Reporter\n---\n"
          "DAWN has learnt that news of the raid spread at dawn. Dawn's correspondent said the "
          f"news was grim. Visit dawn.com for more.\n{body}\nStaff at the hospital said twelve "
          "people were wounded in Balochistan.\n")
    out = _sheets(folder, tmp_path, run_cli, "--format", "md")
    for sheet in (html.unescape((out / "worksheet.html").read_text(encoding="utf-8")),
                  (out / "worksheet.md").read_text(encoding="utf-8").replace("\\", "")):
        for secret in ("Tribune", "Dawn", "DAWN", "dawn.com", "Shahzada", "Irfan", "Ahmed",
                       "KHOSO", "Khoso", "Mariam", "@example"):
            assert secret not in sheet, secret
        for ordinary in ("at dawn", "news of the raid", "the news was grim", "Staff at the",
                         "wounded in Balochistan"):
            assert ordinary in sheet, ordinary


def test_a_neither_in_the_hunt_has_no_word_that_is_often_a_cue(seed_parts):
    """The key says "neither": no "could" the analyzer's rules set aside ("could not only
    strengthen" is a hedge), no "signals" or "appears" a student would rightly call one."""
    documents, comparison = seed_parts
    cue = re.compile(r"\b(could|may(?! \d)|might|signals|appears|suggests|indicates)\b", re.I)
    for seed in range(12):
        hunt = next(a for a in build_sheets(documents, comparison, seed=seed,
                                            activities="2").activities)
        neither = [i["ref"].text for i in hunt.data["items"] if i["answer"] == "neither"]
        assert neither, seed
        assert not [t for t in neither if cue.search(t)], seed


def test_a_byline_found_in_the_text_is_hidden_without_blanking_words(tmp_path, run_cli):
    """The seeds' way of signing: a name line and a biography at the end, moved to metadata by
    cleaning. The name is hidden wherever the text repeats it; the biography's ordinary words
    ("that", "issues") stay."""
    folder = tmp_path / "in"
    write(folder / "a.txt", (SEEDS / "000_5594c652b8505b8a.txt").read_text(encoding="utf-8")
          .rstrip() + "\nAs Green noted, the issues that matter are political.\n\nDG\n\nDaniel Green\n\n"
          "Drawing on years of experience, Daniel Green writes on the issues that shape our "
          "world.\n")
    write(folder / "b.txt", (SEEDS / "001_9fb1ed76ff5fdf6a.txt").read_text(encoding="utf-8"))
    out = _sheets(folder, tmp_path, run_cli, "--no-manifest")
    sheet = html.unescape((out / "worksheet.html").read_text(encoding="utf-8"))
    assert "Green" not in sheet and "Drawing on years" not in sheet
    assert "the issues that matter are political" in sheet


def test_the_files_do_not_depend_on_the_order_of_the_inputs(tmp_path, run_cli):
    files = sorted(SEEDS.glob("*.txt"))
    sheets = []
    for n, order in enumerate((files, files[::-1], files[2:] + files[:2])):
        out = tmp_path / str(n)
        result = run_cli("exercise", *order, "--manifest", SEEDS / "manifest.csv", "--out", out,
                         "--date", DATE, "--seed", "4", "--format", "md")
        assert result.exit_code == 0, result.stderr
        key = (out / "answer-key.html").read_text(encoding="utf-8")
        sheets.append(((out / "worksheet.html").read_bytes(), (out / "worksheet.md").read_bytes(),
                       re.sub(r"<code>framing exercise .*?</code>", "", key)))
    assert sheets[0] == sheets[1] == sheets[2]


def test_who_cites_most_names_every_source_tied_for_first(seed_parts):
    documents, comparison = seed_parts
    sheets = build_sheets(documents, comparison, activities="1")
    rows = sheets.activities[0].data["sources"]
    top = max(r["total"] for r in rows)
    tied = [r["source"] for r in rows if r["total"] == top]
    assert len(tied) > 1  # the seeds: three sources cite three times each
    text = html.unescape(re.sub(r"<[^>]*>", "", sheets.answer_key))
    sentence = next(line for line in text.splitlines() if "cite" in line and "most often" in line)
    assert all(source in sentence for source in tied), sentence


def test_guess_the_source_never_offers_a_sentence_two_sources_carry(tmp_path):
    """Agency copy: two outlets print the same paragraph. An excerpt from it would have two
    right answers while the key gives one."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i, text in enumerate(texts[:3]):
        write(tmp_path / f"{i}.txt", f"---\noutlet: Outlet {i}\n---\n{text}")
    write(tmp_path / "3.txt", f"---\noutlet: Outlet 3\n---\n{texts[1]}")  # the same copy
    analysis = analyze(load_corpus([tmp_path]), lexicons=load_lexicons(discover=False))
    comparison = compare(analysis)
    for seed in range(3):
        guess = build_sheets(analysis.documents, comparison, seed=seed,
                             activities="7").activities[0]
        shown = [" ".join(e["ref"].text.split()) for e in guess.data["excerpts"]]
        assert shown
        shared = " ".join(texts[1].split())
        assert not [t for t in shown if t in shared], seed


def test_a_source_without_force_or_politics_is_not_ranked_most_political(tmp_path):
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        write(tmp_path / path.name, f"---\noutlet: {path.stem}\n---\n" +
              path.read_text(encoding="utf-8"))
    write(tmp_path / "weather.txt", "---\noutlet: Weather Desk\n---\nThe weather was sunny "
          "today in the city. People walked in the park with their dogs. The shops opened early "
          "and closed late.\n")
    analysis = analyze(load_corpus([tmp_path]), lexicons=load_lexicons(discover=False))
    sheets = build_sheets(analysis.documents, compare(analysis), activities="3")
    force = sheets.activities[0]
    weather = sheets.names.outlet("Weather Desk")
    assert force.data["ranked"] and weather not in force.data["ranked"]
    assert any(r["source"] == weather and "no kinetic or political" in r["text"]
               for r in force.data["sources"])


def test_the_rewrite_key_removes_framing_not_facts_or_neutral_words(seed_parts):
    """"Framing to remove" is loaded labels, euphemisms, certainty, doubt and distance: not the
    neutral "armed groups", not "police" or "the state", not what happened ("operations")."""
    documents, comparison = seed_parts
    rewrite = build_sheets(documents, comparison, activities="6").activities[0]
    assert rewrite.data["items"]
    for item in rewrite.data["items"]:
        assert item["cues"], item["ref"].text  # something to remove in every sentence
        for words, feature in item["cues"]:
            assert feature != "kinetic", words
            assert words.lower() not in ("armed groups", "police", "military", "the state",
                                         "security forces", "law enforcement agencies"), words


def test_a_guess_the_source_reason_quotes_words_of_its_excerpt(seed_parts):
    documents, comparison = seed_parts
    for seed in range(4):
        guess = build_sheets(documents, comparison, seed=seed, activities="7").activities[0]
        for e in guess.data["excerpts"]:
            words = set(re.findall(r"\w+", e["ref"].text.lower()))
            for term in re.findall(r'"([^"]+)" \(z', e["reason"]):
                assert set(term.split()) <= words, (term, e["ref"].text)


def test_a_corpus_with_nothing_for_any_activity_says_so(tmp_path, run_cli):
    write(tmp_path / "in" / "a.txt", "---\noutlet: One\n---\nHi there.\n")
    write(tmp_path / "in" / "b.txt", "---\noutlet: Two\n---\nOk then.\n")
    result = run_cli("exercise", tmp_path / "in", "--out", tmp_path / "out", "--no-manifest",
                     "--quiet")
    assert result.exit_code == 0
    assert "nothing for any of the chosen activities" in result.stderr


def test_guess_the_source_excerpts_cannot_be_looked_up(seed_parts):
    """The excerpts are taken out of the students' articles, with one decoy gap in every other
    article, and no other activity shows them with their source."""
    from framing.exercise.sheets import WITHHELD

    documents, comparison = seed_parts
    sheets = build_sheets(documents, comparison, seed=2)
    guess = next(a for a in sheets.activities if a.slug == "guess-source")
    others = {(r.doc, r.sentence) for a in sheets.activities if a is not guess for r in a.refs}
    articles = sheets.worksheet[sheets.worksheet.index('id="articles"'):]
    shown = html.unescape(re.sub(r"<[^>]*>", "", articles))
    for ref in guess.refs:
        assert (ref.doc, ref.sentence) not in others
        assert ref.text not in shown
        assert ref.text in html.unescape(re.sub(r"<[^>]*>", "", sheets.answer_key))  # kept
    assert articles.count(WITHHELD) == len(documents)  # one gap in every article
    assert sheets.markdown.split("## The articles")[1].count(r"\[…\]") == len(documents)
    without = build_sheets(documents, comparison, seed=2, activities="1,2")
    assert WITHHELD not in without.worksheet


def test_same_fact_cues_leave_out_neutral_descriptors(seed_parts):
    documents, comparison = seed_parts
    sheets = build_sheets(documents, comparison, seed=3, activities="same-fact")
    (activity,) = sheets.activities
    neutral = {"police", "armed groups", "the state", "security forces", "military"}
    for group in activity.data["groups"]:
        for member in group["members"]:
            assert not any(f == "label" and w.lower() in neutral for w, f in member["cues"])
