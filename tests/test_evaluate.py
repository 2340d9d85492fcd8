"""Accuracy against human annotations: sentence boundaries (ours on the seeds, FactBank's news
text) and the framing features (framing eval)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, write
from framing.evaluate import Scores, sentence_boundary_scores


def test_the_end_of_the_text_is_not_a_free_true_positive():
    scores = sentence_boundary_scores([["One sentence without a split Mr. Smith said."]])
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (0, 0, 0)
    scores = sentence_boundary_scores([["First.", "Second."]])
    assert (scores.true_positives, scores.false_negatives) == (1, 0)


def test_scores_arithmetic():
    scores = Scores(true_positives=8, false_positives=2, false_negatives=8)
    assert (scores.precision, scores.recall) == (0.8, 0.5)
    assert round(scores.f1, 4) == 0.6154
    assert Scores(0, 0, 0).f1 == 0.0


def test_hand_annotated_seed_sentences_score_perfectly_as_running_text():
    documents = [path.read_text(encoding="utf-8").splitlines()
                 for path in sorted((FIXTURES / "sentences").glob("*.txt"))]
    # Joined into one running line, headings lose their line breaks; score prose lines only.
    prose = [[s for s in doc if s.endswith((".", "?", "!", "”", '"'))] for doc in documents]
    scores = sentence_boundary_scores(prose)
    assert scores.f1 >= 0.99, scores


def test_sentence_boundaries_on_factbank_news(shared_data):
    """README figure: P 0.983 / R 0.957 / F1 0.970 (benchmarks/eval_segmentation.py)."""
    documents: dict[str, list[str]] = defaultdict(list)
    with (shared_data / "hedges_factbank.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            documents[record["doc"]].append(record["text"])
    scores = sentence_boundary_scores(documents.values())
    # 3,129 sentences in 208 documents: each document's final end is not scored.
    assert scores.true_positives + scores.false_negatives == 3129 - 208
    assert scores.precision >= 0.97 and scores.recall >= 0.95, scores


# -- framing eval ---------------------------------------------------------------------------

CONTROLLED = {  # small lexicons that replace the built-ins of the same names
    "conflict.toml": '[lexicon]\nname = "conflict"\n[categories.kinetic]\nterms = ["raid*", "killed"]\n'
                     '[categories.political]\nterms = ["parliament", "budget"]\n',
    "stance.toml": '[lexicon]\nname = "stance"\n[categories.hedge]\nterms = ["may"]\n'
                   '[categories.booster]\nterms = ["clearly"]\n',
    "attribution.toml": '[lexicon]\nname = "attribution"\n[categories.reporting_verb]\n'
                        '[categories.verb_neutral]\nparent = "reporting_verb"\nterms = ["said"]\n'
                        '[categories.verb_distancing]\nparent = "reporting_verb"\nterms = ["claimed"]\n'
                        '[categories.source]\n[categories.source_state_security]\nparent = "source"\n'
                        'terms = ["police"]\n[categories.source_government]\nparent = "source"\n'
                        'terms = ["minister"]\n',
}
ANNOTATED = [
    {"text": "Troops raided the village and killed two men.", "kinetic": 1, "political": 0,
     "extra": "ignored"},
    {"text": "The parliament passed the budget.", "kinetic": 0, "political": 1},
    {"text": "It was a quiet afternoon.", "kinetic": 1, "political": 0},  # a miss, on purpose
    {"text": "Police said the road may reopen.", "attribution": 1, "hedge": 1,
     "source_type": "state_security", "distancing": 0},
    {"text": "The minister claimed the budget was clearly balanced.", "attribution": 1,
     "distancing": 1, "booster": 1, "source_type": "government", "political": 1},
    {"text": "Residents said the water ran out.", "attribution": 1, "source_type": "civil_society"},
]


def controlled(tmp_path: Path) -> Path:
    folder = tmp_path / "lexicons"
    for name, text in CONTROLLED.items():
        write(folder / name, text)
    return folder


def annotations(tmp_path: Path, records=ANNOTATED) -> Path:
    return write(tmp_path / "gold.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")


def test_eval_json_is_one_object_with_exact_scores(run_cli, tmp_path: Path):
    result = run_cli("eval", annotations(tmp_path), "--format", "json",
                     "--lexicon", controlled(tmp_path))
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)  # exactly one JSON object: json.loads would fail otherwise
    assert report["n"] == 6
    labels = report["labels"]
    assert labels["kinetic"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert labels["political"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 2}
    assert labels["attribution"]["support"] == 3 and labels["attribution"]["recall"] == 1.0
    assert labels["distancing"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert labels["hedge"]["support"] == 1 and labels["booster"]["support"] == 1
    # Residents are no source noun of this lexicon: "other", wrong; police and minister right.
    assert report["source_type"] == {"accuracy": 0.6667, "n": 3}


def test_eval_text_table_and_split(run_cli, tmp_path: Path):
    records = [dict(r, split="test" if i % 2 else "dev") for i, r in enumerate(ANNOTATED)]
    result = run_cli("eval", annotations(tmp_path, records), "--split", "test",
                     "--lexicon", controlled(tmp_path))
    assert result.exit_code == 0
    assert result.stdout.startswith("3 sentences") and "source type accuracy" in result.stdout


@pytest.mark.parametrize(("line", "message"), [
    ('{"kinetic": 1}', 'gold.jsonl:2: expected a JSON object with a "text" string'),
    ("not json", "gold.jsonl:2: malformed JSON"),
    ('{"text": "x", "kinetic": "yes"}', "gold.jsonl:2: 'kinetic' must be 0 or 1"),
])
def test_eval_bad_lines_are_errors_naming_the_line(run_cli, tmp_path: Path, line, message):
    path = write(tmp_path / "gold.jsonl", json.dumps(ANNOTATED[0]) + "\n" + line + "\n")
    result = run_cli("eval", path)
    assert result.exit_code != 0 and message in result.stderr


def test_eval_baseline_floors_on_the_projects_unseen_sentences(run_cli):
    """Floors a little under the test-split figures in the README (tuning used the dev split
    only): changes may raise them; nothing may lower them unnoticed."""
    result = run_cli("eval", ROOT / "tests" / "data" / "annotated_sentences.jsonl",
                     "--split", "test", "--format", "json")
    report = json.loads(result.stdout)
    floors = {"kinetic": 0.85, "political": 0.75, "hedge": 0.86, "booster": 0.91,
              "attribution": 0.86, "distancing": 0.70}
    for label, floor in floors.items():
        assert report["labels"][label]["f1"] >= floor, (label, report["labels"][label])
    assert report["source_type"]["accuracy"] >= 0.68
