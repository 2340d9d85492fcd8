"""The lexicon commands and lexicon columns in analyze output, on the seeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from conftest import ROOT, SEEDS

USER_LEXICON = '''\
[lexicon]
name = "mine"
version = "0.1"
description = "A user's lexicon for testing"

[categories.security]
label = "Security"
terms = ["security", "militan*"]

[categories.development]
label = "Development"
terms = ["development", "economic", "resources"]

[categories.economy]
parent = "development"
terms = ["investment", "jobs"]
'''


def user_lexicon(tmp_path: Path) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(USER_LEXICON, encoding="utf-8")
    return path


def test_validate_passes_on_the_builtin_lexicons(run_cli):
    files = sorted((ROOT / "lexicons").glob("*.toml"))
    assert files, "no built-in lexicons"
    result = run_cli("lexicon", "validate", *files)
    assert result.exit_code == 0, result.stderr
    assert f"{len(files)} file(s): 0 error(s)" in result.stderr


def test_validate_reports_errors_with_lines_and_exits_2(run_cli, tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[lexicon]\nname = "bad"\n[categories.a]\nterms = ["ok", "*x"]\n')
    result = run_cli("lexicon", "validate", bad, user_lexicon(tmp_path))
    assert result.exit_code == 2
    assert f"{bad}:4: error: misplaced wildcard in '*x'" in result.stderr
    assert "2 file(s): 1 error(s)" in result.stderr


def test_list_shows_origins_and_counts(run_cli, tmp_path: Path):
    result = run_cli("lexicon", "list", "--lexicon", user_lexicon(tmp_path), "--format", "json")
    assert result.exit_code == 0
    listed = {entry["name"]: entry for entry in json.loads(result.stdout)}
    assert listed["mine"]["origin"] == "--lexicon"
    assert listed["mine"]["categories"] == {"security": 2, "development": 3, "economy": 2}
    assert listed["mine"]["terms"] == 7
    assert any(entry["origin"] == "built-in" for entry in listed.values())
    table = run_cli("lexicon", "list", "--lexicon", user_lexicon(tmp_path)).stdout
    assert "mine" in table and "built-in" in table


def test_show_lists_categories_and_terms(run_cli, tmp_path: Path):
    result = run_cli("lexicon", "show", str(user_lexicon(tmp_path)))
    assert result.exit_code == 0
    assert "economy — economy (2 terms)" in result.stdout
    assert "terms: investment, jobs" in result.stdout


def test_show_unknown_name_is_a_usage_error(run_cli):
    result = run_cli("lexicon", "show", "nonexistent")
    assert result.exit_code == 2 and "no lexicon named 'nonexistent'" in result.stderr


def test_test_marks_matches(run_cli, tmp_path: Path):
    result = run_cli("lexicon", "test", str(user_lexicon(tmp_path)),
                     "Militants attacked; investment and jobs followed.")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "[Militants]{mine.security: militan*} attacked; [investment]{mine.economy: investment} "
        "and [jobs]{mine.economy: jobs} followed.")
    assert "mine.development: 2" in result.stdout and "mine.economy: 2" in result.stdout


def test_analyze_adds_columns_for_a_user_lexicon(run_cli, tmp_path: Path):
    out = tmp_path / "out"
    result = run_cli("analyze", SEEDS, "--lexicon", user_lexicon(tmp_path), "--out", out)
    assert result.exit_code == 0, result.stderr
    docs = pd.read_csv(out / "documents.csv")
    for column in ("mine.security", "mine.development", "mine.economy"):
        assert column in docs.columns and f"{column}.per_1k" in docs.columns
    # Roll-up: development counts its own terms and economy's.
    assert (docs["mine.development"] >= docs["mine.economy"]).all()
    assert docs["mine.economy"].sum() > 0
    rates = docs["mine.security"] * 1000 / docs["tokens"]
    assert (abs(rates - docs["mine.security.per_1k"]) < 0.001).all()
    # Every sentence match lies inside its sentence, and the counts agree with the table.
    sentences = [json.loads(line) for line in (out / "sentences.jsonl").open(encoding="utf-8")]
    security = 0
    for s in sentences:
        for m in s["matches"]:
            assert s["start"] <= m["start"] < m["end"] <= s["end"]
            security += m["lexicon"] == "mine" and m["category"] == "security"
    assert security == docs["mine.security"].sum()


def test_coverage_on_the_seeds(run_cli, tmp_path: Path):
    result = run_cli("lexicon", "coverage", SEEDS, "--lexicon", user_lexicon(tmp_path),
                     "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["documents"] == 5 and report["sentences"] == 204
    security = next(c for c in report["categories"] if c["column"] == "mine.security")
    assert security["matches"] > 0 and 0 < security["share"] < 1
    assert security["top_terms"][0][0] in ("security", "militan*")
    unmatched = [word for word, _ in report["unmatched_words"]]
    assert "security" not in unmatched and "the" not in unmatched


def test_suggest_on_the_seeds(run_cli, tmp_path: Path):
    result = run_cli("lexicon", "suggest", "mine.security", SEEDS, "--lexicon",
                     user_lexicon(tmp_path), "--format", "json", "--top", "5")
    assert result.exit_code == 0, result.stderr
    suggestions = json.loads(result.stdout)
    assert 0 < len(suggestions) <= 5
    assert [s["z"] for s in suggestions] == sorted((s["z"] for s in suggestions), reverse=True)
    for s in suggestions:
        assert s["word"] not in ("security", "militants", "militancy")  # already matched
        assert 1 <= len(s["examples"]) <= 2
        assert all(s["word"] in e.lower() for e in s["examples"])


def test_suggest_unknown_category_is_a_usage_error(run_cli):
    result = run_cli("lexicon", "suggest", "nope.nothing", SEEDS)
    assert result.exit_code == 2 and "no category 'nope.nothing'" in result.stderr


def test_export_toml_round_trips(run_cli, tmp_path: Path):
    result = run_cli("lexicon", "export", str(user_lexicon(tmp_path)), "--format", "toml")
    assert result.exit_code == 0
    again = tmp_path / "again.toml"
    again.write_text(result.stdout, encoding="utf-8")
    assert run_cli("lexicon", "validate", again).exit_code == 0
    shown = run_cli("lexicon", "show", str(again)).stdout
    assert "terms: investment, jobs" in shown


LIWC_DIC = (
    "%\n"
    "1\tsecurity\n"
    "2\tdevelopment\n"
    "3\tdialogue\n"
    "%\n"
    "security\t1\n"
    "militan*\t1\n"
    "terroris*\t1\n"
    "development\t2\n"
    "economic*\t2\n"
    "resource*\t2\n"
    "dialogue\t3\n"
    "negotiat*\t3\n"
    "reconcil*\t3\n"
)


def test_liwc_dic_imports_validates_and_counts_like_an_independent_count(run_cli, tmp_path):
    dic = tmp_path / "three.dic"
    dic.write_bytes(LIWC_DIC.encode("cp1252"))
    toml = tmp_path / "three.toml"
    imported = run_cli("lexicon", "import", dic, "--output", toml)
    assert imported.exit_code == 0, imported.stderr
    assert run_cli("lexicon", "validate", toml).exit_code == 0
    out = tmp_path / "out"
    assert run_cli("analyze", SEEDS, "--lexicon", toml, "--out", out).exit_code == 0
    docs = pd.read_csv(out / "documents.csv").set_index("path")

    # Independent count: a plain regular expression per term on the cleaned text.
    from framing import clean_text

    patterns = {}
    for line in LIWC_DIC.split("%\n")[2].splitlines():
        term, category = line.split("\t")
        word = re.escape(term.rstrip("*")) + (r"\w*" if term.endswith("*") else r"\b")
        patterns.setdefault(category, []).append(rf"\b{word}")
    names = {"1": "security", "2": "development", "3": "dialogue"}
    for path in sorted(SEEDS.glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8")).text
        for number, regexes in patterns.items():
            expected = sum(len(re.findall(rx, text, re.IGNORECASE)) for rx in regexes)
            assert docs.loc[str(path), f"three.{names[number]}"] == expected, (path.name, number)
    assert docs["three.security"].sum() > 20 and docs["three.dialogue"].sum() > 0


def test_no_match_runs_across_a_sentence_end_and_counts_equal_sentence_matches(run_cli, tmp_path):
    lexicon = tmp_path / "xl.toml"
    lexicon.write_text('[lexicon]\nname = "xl"\n[categories.a]\n'
                       'terms = ["death toll", "security forces"]\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("The court sentenced him to death. Toll roads stayed closed.\n\nSecurity\n\n"
                       "Forces were deployed. The death toll rose as security forces advanced.\n",
                       encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("analyze", article, "--lexicon", lexicon, "--out", out).exit_code == 0
    docs = pd.read_csv(out / "documents.csv")
    sentences = [json.loads(line) for line in (out / "sentences.jsonl").open(encoding="utf-8")]
    shown = [m["term"] for s in sentences for m in s["matches"] if m["lexicon"] == "xl"]
    assert shown == ["death toll", "security forces"]
    assert docs.loc[0, "xl.a"] == len(shown)


def test_lexicon_file_argument_wins_over_a_same_named_lexicon(run_cli, tmp_path, monkeypatch):
    other = tmp_path / "other.toml"
    other.write_text('[lexicon]\nname = "mine"\n[categories.zzz]\nterms = ["x"]\n')
    monkeypatch.setenv("FRAMING_LEXICONS", str(other))
    result = run_cli("lexicon", "show", str(user_lexicon(tmp_path)))
    assert result.exit_code == 0 and "economy" in result.stdout and "zzz" not in result.stdout


def test_a_broken_lexicon_shows_its_errors_without_the_builtin_warnings(run_cli, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('[lexicon]\nname = "broken"\n[categories.a]\nterms = ["*x"]\n')
    result = run_cli("lexicon", "list", "--lexicon", broken)
    assert result.exit_code == 2
    assert f"{broken}:4: error: misplaced wildcard" in result.stderr
    assert "warning" not in result.stderr


def test_validate_takes_folders(run_cli):
    result = run_cli("lexicon", "validate", ROOT / "lexicons")
    assert result.exit_code == 0
    files = len(list((ROOT / "lexicons").glob("*.toml")))
    assert f"{files} file(s): 0 error(s)" in result.stderr


def test_import_exits_0_on_warnings_and_1_when_entries_are_skipped(run_cli, tmp_path):
    merged = tmp_path / "merged.dic"
    merged.write_text("%\n1\ta\n%\nword\t1\nWord\t1\n")
    result = run_cli("lexicon", "import", merged, "--output", tmp_path / "m.toml")
    assert result.exit_code == 0 and "kept once" in result.stderr
    skipped = tmp_path / "skipped.dic"
    skipped.write_text("%\n1\ta\n%\nword\t1\nother\t7\n")
    result = run_cli("lexicon", "import", skipped, "--output", tmp_path / "s.toml")
    assert result.exit_code == 1 and "not defined in the header" in result.stderr


def test_export_dic_notes_the_exclusions_it_cannot_carry(run_cli):
    result = run_cli("lexicon", "export", "conflict", "--format", "dic")
    assert result.exit_code == 0 and result.stdout.startswith("%")
    assert "exclusion phrase(s) of 'conflict' are not in the export" in result.stderr
