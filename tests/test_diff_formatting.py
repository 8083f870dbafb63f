"""The change formatters the diff adds to reporting/formatting.py."""

from __future__ import annotations

import pytest

from reporting import formatting as fmt


def test_signed_changes_have_no_sign_at_zero():
    assert fmt.points(-0.001) == "0.00 pp"  # never "-0.00 pp"
    assert fmt.points(-7.79) == "-7.79 pp" and fmt.points(1.25) == "+1.25 pp"
    assert fmt.signed(0, fmt.count) == "0" and fmt.signed(-255, fmt.count) == "-255"
    assert fmt.signed(-126_159_400.80, fmt.millions) == "-$126.2mm"
    assert fmt.signed(None, fmt.millions) == fmt.MISSING


@pytest.mark.parametrize(
    ("change", "signed", "unsigned"),
    [
        (5.962 - 5.843, "+12 bp", "12 bp"),  # 11.9 bp
        (5.968 - 5.843, "+13 bp", "13 bp"),  # 12.5 bp: half away from zero despite float noise
        (5.716 - 6.132, "-42 bp", "42 bp"),
        (0.004, "0 bp", "0 bp"),
    ],
)
def test_basis_points(change, signed, unsigned):
    assert fmt.basis_points(change) == signed
    assert fmt.basis_points(change, sign=False) == unsigned


def test_relative_and_figure():
    assert fmt.relative((493_641_377.57 / 619_800_778.37 - 1) * 100) == "-20.4%"
    assert fmt.figure(1225, "count") == "1,225" and fmt.figure(5.843, "rate") == "5.843%"
    assert fmt.change_by_unit(-255, "count") == "-255"
    assert fmt.change_by_unit(0.119, "rate") == "+12 bp"
    assert fmt.change_by_unit(-7.79, "share") == "-7.79 pp"
    assert fmt.change_by_unit(-28.35, "months") == "-28.35 mo"
    assert fmt.change_by_unit(None, "dollars") == fmt.MISSING
