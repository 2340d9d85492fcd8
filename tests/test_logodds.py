"""Log-odds with an informative Dirichlet prior, against a hand-worked example."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from framing.compare import log_odds_z


def test_hand_worked_example():
    # Two outlets, two terms. A uses "terrorists" 8 times and "militants" 2 times; B the reverse
    # pattern with 1 and 9. Corpus counts: terrorists 9, militants 11, size 20; a_0 = 20, so the
    # prior is a_terrorists = 9, a_militants = 11.
    counts = pd.DataFrame({"terrorists": [8, 1], "militants": [2, 9]}, index=["A", "B"])
    z = log_odds_z(counts)
    # For A and "terrorists": y_i = 8, n_i = 10; y_j = 1, n_j = 10; a_w = 9, a_0 = 20.
    #   delta = log((8 + 9) / (10 + 20 - 8 - 9)) - log((1 + 9) / (10 + 20 - 1 - 9))
    #         = log(17 / 13) - log(10 / 20) = 0.268264 + 0.693147 = 0.961411
    #   var   = 1 / 17 + 1 / 10 = 0.158824;  z = 0.961411 / 0.398527 = 2.412410
    assert z.loc["A", "terrorists"] == pytest.approx(2.41241, abs=1e-5)
    # With two groups, B's z is A's with the sign flipped.
    assert z.loc["B", "terrorists"] == pytest.approx(-2.41241, abs=1e-5)
    # For A and "militants": y_i = 2, y_j = 9, a_w = 11:
    #   delta = log(13 / 17) - log(20 / 10) = -0.268264 - 0.693147 = -0.961411
    #   var   = 1 / 13 + 1 / 20 = 0.126923;  z = -0.961411 / 0.356263 = -2.698608
    assert z.loc["A", "militants"] == pytest.approx(-2.69861, abs=1e-5)


def test_the_prior_keeps_rare_words_from_topping_the_list():
    # "blitz" appears twice, only in A; "operation" 60 times in A against 40 in B. The raw
    # log-odds ratio ranks "blitz" first (infinite); the prior ranks the well-attested difference.
    counts = pd.DataFrame({"blitz": [2, 0], "operation": [60, 40], "the": [500, 500]},
                          index=["A", "B"])
    z = log_odds_z(counts)
    assert z.loc["A", "operation"] > z.loc["A", "blitz"] > 0
    assert math.isfinite(z.loc["A", "blitz"])


def test_three_groups_each_against_the_rest_and_unused_terms():
    counts = pd.DataFrame({"x": [10, 0, 0], "y": [0, 10, 10], "unused": [0, 0, 0]},
                          index=["A", "B", "C"])
    z = log_odds_z(counts)
    assert z.loc["A", "x"] > 0 and z.loc["B", "x"] < 0 and z.loc["C", "x"] < 0
    assert (z["unused"] == 0).all()
    assert all(math.isfinite(v) for v in z.to_numpy().ravel())


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="two groups"):
        log_odds_z(pd.DataFrame({"x": [1]}, index=["A"]))
    with pytest.raises(ValueError, match="negative"):
        log_odds_z(pd.DataFrame({"x": [1, -1]}, index=["A", "B"]))
