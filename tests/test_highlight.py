"""Evidence highlighting for the reading view: the text survives exactly, the HTML is well-formed,
every mark covers its span, and nothing from the text or the marks escapes its place."""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ARTICLE
from framing.features import SentenceFeatures
from framing.model import Document, Evidence, Source
from framing.pipeline import AnalyzedDocument, analyze_document
from framing.report.highlight import Mark, class_token, document_marks, highlight_html

HOSTILE = ('"><script>alert(1)</script>', "javascript:alert(1)", "</mark><b onclick=x>",
           "' onmouseover='alert(1)", "&lt;script&gt;", "\u2028\n\r\t\x00")
ATTRIBUTES = {"class", "data-m", "aria-description", "tabindex"}


def strip(result: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", result))


class Reader(HTMLParser):
    """Checks that the output holds only mark/span elements, properly nested, and records what
    each mark's fragments cover (offsets into the unescaped text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.position = 0
        self.covered: dict[int, set[int]] = {}
        self.fragments: dict[int, list[dict[str, str]]] = {}
        self.sizes: list[int] = []  # characters in each fragment, in order of closing
        self.open_sizes: list[int] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        assert tag in ("mark", "span"), tag
        assert set(values) <= ATTRIBUTES, values
        assert len(values) == len(attrs), "repeated attribute"
        index = int(values["data-m"])
        self.fragments.setdefault(index, []).append(values)
        self.stack.append((tag, values))
        self.open_sizes.append(0)

    def handle_endtag(self, tag):
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack[-1][0] == tag, f"</{tag}> closes <{self.stack[-1][0]}>"
        self.stack.pop()
        self.sizes.append(self.open_sizes.pop())

    def handle_startendtag(self, tag, attrs):
        raise AssertionError(f"self-closing <{tag}/>")

    def handle_data(self, data):
        self.text.append(data)
        for _, values in self.stack:
            self.covered.setdefault(int(values["data-m"]), set()).update(
                range(self.position, self.position + len(data)))
        self.open_sizes = [size + len(data) for size in self.open_sizes]
        self.position += len(data)

    def handle_comment(self, data):
        raise AssertionError(f"comment {data!r}")

    def handle_decl(self, decl):
        raise AssertionError(f"declaration {decl!r}")

    def handle_pi(self, data):
        raise AssertionError(f"processing instruction {data!r}")

    def unknown_decl(self, data):
        raise AssertionError(f"declaration {data!r}")


def read(result: str) -> Reader:
    reader = Reader()
    reader.feed(result)
    reader.close()
    assert not reader.stack, "unclosed elements"
    return reader


def clipped(mark: Mark, size: int) -> range:
    return range(max(0, mark.start), min(size, mark.end))


def check(text: str, marks: list[Mark]) -> Reader:
    """Every property the reading view relies on."""
    result = highlight_html(text, marks)
    assert strip(result) == text
    assert highlight_html(text, marks) == result
    reader = read(result)
    assert "".join(reader.text) == text
    assert all(reader.sizes), "an empty fragment"
    for index, mark in enumerate(marks):
        span = clipped(mark, len(text))
        fragments = reader.fragments.get(index, [])
        if not span:
            assert not fragments
            continue
        assert reader.covered[index] == set(span)
        assert sum("tabindex" in f for f in fragments) == 1
        assert "tabindex" in fragments[0]
        for values in fragments:
            assert values["aria-description"] == mark.tip
            if mark.feature == "quoted":
                assert values["class"] == "voice-quoted"
            else:
                assert values["class"] == f"ev ev-{class_token(mark.feature)}"
                assert re.fullmatch(r"ev ev-[a-z0-9_-]+", values["class"])
    return reader


# -- exact output ---------------------------------------------------------------------------


def tag(index: int, feature: str = "k", tip: str = "t", *, first: bool = True) -> str:
    focus = ' tabindex="0"' if first else ""
    if feature == "quoted":
        return f'<span class="voice-quoted" data-m="{index}" aria-description="{tip}"{focus}>'
    return f'<mark class="ev ev-{feature}" data-m="{index}" aria-description="{tip}"{focus}>'


@pytest.mark.parametrize(("text", "marks", "expected"), [
    ("abc", [], "abc"),
    ("a<b>&c", [], "a&lt;b&gt;&amp;c"),
    ("abcd", [Mark(1, 3, "k", "t")], f"a{tag(0)}bc</mark>d"),
    # Nested: the longer mark outside, whatever the order given.
    ("abcd", [Mark(1, 2, "h", "t"), Mark(0, 4, "k", "t")],
     f"{tag(1)}a{tag(0, 'h')}b</mark>cd</mark>"),
    # Same span: by feature.
    ("ab", [Mark(0, 2, "k", "t"), Mark(0, 2, "h", "t")],
     f"{tag(1, 'h')}{tag(0)}ab</mark></mark>"),
    # Crossing: the inner mark is closed at the outer one's end and reopened, without tabindex.
    ("abcdef", [Mark(0, 3, "k", "t"), Mark(2, 5, "h", "t")],
     f"{tag(0)}ab{tag(1, 'h')}c</mark></mark>{tag(1, 'h', first=False)}de</mark>f"),
    # The quoted voice is a span.
    ("say it", [Mark(4, 6, "quoted", "q")], f"say {tag(0, 'quoted', 'q')}it</span>"),
    # Clipped to the text; empty and reversed marks left out.
    ("abc", [Mark(-2, 1, "k", "t"), Mark(2, 99, "h", "t"), Mark(1, 1, "x", "t"),
             Mark(2, 1, "y", "t"), Mark(5, 9, "z", "t")],
     f"{tag(0)}a</mark>b{tag(1, 'h')}c</mark>"),
    # Names and tips escaped; class tokens restricted.
    ("x", [Mark(0, 1, 'A b"<', '"&<')],
     '<mark class="ev ev-a_b__" data-m="0" aria-description="&quot;&amp;&lt;"'
     ' tabindex="0">x</mark>'),
])
def test_highlight_exact(text, marks, expected):
    assert highlight_html(text, marks) == expected


@pytest.mark.parametrize(("feature", "token"), [
    ("kinetic", "kinetic"), ("scare_quote", "scare_quote"), ("Odd Name", "odd_name"),
    ('"><script>', "___script_"), ("", "_"), ("évidence", "_vidence"), ("a-b", "a-b"),
])
def test_class_token(feature, token):
    assert class_token(feature) == token


# -- properties -----------------------------------------------------------------------------

PIECES = ["<", ">", "&", '"', "'", "\n", "\r\n", "\t", " ", "</mark>", "&amp;", "&lt;", "&#x27;",
          "<script>", "“", "”", "é", "\u200b", "🙂", "\x00", "]]>", "<!--"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=25).map("".join)
features = st.one_of(st.sampled_from(["kinetic", "hedge", "source", "quoted", "scare_quote",
                                      *HOSTILE]), st.text(max_size=6))
tips = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))


@st.composite
def text_and_marks(draw):
    text = draw(texts)
    bound = len(text) + 3
    marks = draw(st.lists(st.builds(Mark, st.integers(-3, bound), st.integers(-3, bound),
                                    features, tips), max_size=15))
    return text, marks


@given(text_and_marks())
def test_text_survives_and_marks_cover_their_spans(case):
    text, marks = case
    check(text, marks)


@given(st.text(), st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30)), max_size=30))
def test_many_crossing_marks(text, spans):
    marks = [Mark(start, start + length, ("kinetic", "hedge", "quoted")[i % 3], f"tip {i}")
             for i, (start, length) in enumerate(spans)]
    check(text, marks)


@given(text_and_marks())
def test_order_of_marks_changes_only_their_indices(case):
    text, marks = case
    reordered = marks[::-1]
    assert strip(highlight_html(text, reordered)) == text
    forward = re.sub(r' data-m="\d+"', "", highlight_html(text, marks))
    backward = re.sub(r' data-m="\d+"', "", highlight_html(text, reordered))
    keys = [(r.start, r.stop, m.feature) for m in marks if (r := clipped(m, len(text)))]
    if len(set(keys)) == len(keys):  # no ties left to the order given
        assert forward == backward


# -- hostile input --------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_names_and_tips_stay_in_attributes(hostile):
    text = "before <script>alert(1)</script> & after"
    marks = [Mark(0, 6, hostile, hostile), Mark(7, 15, "kinetic", hostile),
             Mark(3, 20, "quoted", hostile), Mark(len(text) - 5, len(text), hostile, "tip")]
    reader = check(text, marks)  # only mark/span tags, attribute values round-trip
    assert {values["aria-description"] for f in reader.fragments.values() for values in f} >= {hostile}
    assert "".join(reader.text) == text  # never in a text node
    assert "<script" not in highlight_html(text, marks)


# -- documents ------------------------------------------------------------------------------


def test_seed_documents(seed_analysis):
    assert seed_analysis.documents
    for doc in seed_analysis.documents:
        marks = document_marks(doc)
        assert marks == document_marks(doc)
        reader = check(doc.text, marks)
        covered = {(m.start, m.end, m.feature): reader.covered[i] for i, m in enumerate(marks)}
        for features in doc.features:
            for e in features.evidence:
                assert covered[e.start, e.end, e.feature] == set(range(e.start, e.end))
            for start, end in features.quoted:
                assert covered[start, end, "quoted"] == set(range(start, end))


@pytest.fixture(scope="module")
def article():
    from framing import load_lexicons

    result = analyze_document(Document("a", "outlet", ARTICLE, Source("a.txt")),
                              lexicons=load_lexicons(discover=False))
    assert isinstance(result, AnalyzedDocument)
    return result


@pytest.mark.parametrize(("words", "feature", "tip"), [
    ("raided", "kinetic", "kinetic · conflict.kinetic_operations"),
    ("Officials", "source", "source · source type: government · stance: neutral"),
    ("said", "attribution",
     "attribution · source type: government · stance: neutral · indirect speech"),
    ("four men were held", "quoted",
     "quoted voice · attributed to “Officials” (government, indirect speech)"),
    ("four", "figure", "figure · count: men · quoted voice"),
])
def test_document_tips(article, words, feature, tip):
    start = ARTICLE.index(words)
    found = [m for m in document_marks(article)
             if (m.start, m.end, m.feature) == (start, start + len(words), feature)]
    assert [m.tip for m in found] == [tip]


def test_document_marks_in_order(article):
    marks = document_marks(article)
    assert marks == sorted(marks, key=lambda m: (m.start, -m.end, m.feature, m.tip))


def test_document_marks_skip_bad_spans():
    text = "Troops raided a “compound”."
    features = SentenceFeatures(
        evidence=(Evidence(7, 13, "kinetic", "raid*", "conflict.kinetic_operations; rule x"),
                  Evidence(5, 5, "hedge", "", "stance.hedge"),
                  Evidence(-1, 3, "hedge", "", "stance.hedge"),
                  Evidence(20, 99, "booster", "", "stance.booster"),
                  Evidence(9, 4, "booster", "", "stance.booster"),
                  Evidence(16, 26, "scare_quote", "compound", "short quotation", "quoted")),
        quoted=((16, 26), (30, 40), (3, 3)))
    doc = AnalyzedDocument(document=Document("d", "o", text, Source("d.txt")), text=text,
                           removals=(), sentences=(), features=(features,))
    assert document_marks(doc) == [
        # The lexicon term is named when it differs from the words highlighted.
        Mark(7, 13, "kinetic", "kinetic · term “raid*” · conflict.kinetic_operations · rule x"),
        Mark(16, 26, "quoted", "quoted voice · quotation"),
        Mark(16, 26, "scare_quote", "scare_quote · term “compound” · short quotation · "
                                    "quoted voice"),
    ]
    check(text, document_marks(doc))


@given(text_and_marks())
def test_only_split_marks_are_numbered_when_whole_ones_need_not_be(case):
    """The report's compact form: the same HTML but for data-m, which only fragments of a split
    mark carry (and all of them do)."""
    text, marks = case
    compact = highlight_html(text, marks, number_whole=False)
    full = highlight_html(text, marks)
    assert html.unescape(re.sub(r"<[^>]*>", "", compact)) == text
    numbered = Counter(re.findall(r'data-m="(\d+)"', full))
    kept = Counter(re.findall(r'data-m="(\d+)"', compact))
    assert kept == {m: n for m, n in numbered.items() if n > 1}
    assert re.sub(r' data-m="\d+"', "", compact) == re.sub(r' data-m="\d+"', "", full)
