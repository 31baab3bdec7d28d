"""`mbx matrix`: the vitamin D row checked by hand, users' claims, filters, formats, pictures, errors."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbx.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
GOLDEN = DATA / "golden"
MY_CLAIMS = DATA / "axis" / "my-claims.ttl"
SVG = "{http://www.w3.org/2000/svg}"

#: The vitamin D row, checked claim by claim against the letter (000): column,
#: direction, strongest and weakest hedging level, and the claims behind the
#: cell (claims about micronutrients count for vitamin D, inherited).
VITAMIN_D_ROW = {
    # "Recent work indicates vitamin D sufficiency potentiates exercise-induced BDNF release
    # from muscle and brain … (Pan et al., 2022)"
    "mbx:bdnf": ("up", "asserted", "asserted", ["claim:000-11"]),
    # "enhances sensitivity to neuroprotective myokines like Irisin"
    "mbx:irisin": ("up", "asserted", "asserted", ["claim:000-12"]),
    # micronutrients: "compelling emerging evidence suggests specific micronutrients directly
    # influence the production, release, stability, and reception of key signaling molecules"
    "mbx:muscle_brain_signal": ("modulates", "hedged", "hedged", ["claim:000-07"]),
    # "Deficiency may thus disrupt this protective signaling axis" (deficiency lowers it, so
    # vitamin D raises it); "we propose that specific micronutrients (e.g., Vitamin D …) act
    # as dynamic modulators"; and two proposals about micronutrients (04, 52)
    "mbx:muscle_brain_axis": (
        "up",
        "hedged",
        "proposed",
        ["claim:000-18", "claim:000-53", "claim:000-04", "claim:000-52"],
    ),
    # micronutrients' "classical roles in energy metabolism" (inherited)
    "mbx:energy_metabolism": ("linked", "asserted", "asserted", ["claim:000-05"]),
    # "may regulate muscle-derived kynurenine metabolism, shifting it away from neurotoxic
    # metabolites (e.g., quinolinic acid) towards neuroprotective pathways": one branch down,
    # the other up
    "mbx:kynurenine_metabolism": (
        "mixed",
        "hedged",
        "hedged",
        ["claim:000-14", "claim:000-15", "claim:000-64"],
    ),
    # micronutrients "act not merely as metabolic co-factors" (inherited)
    "mbx:systemic_metabolism": ("linked", "asserted", "asserted", ["claim:000-66"]),
}


def run(*args: str) -> object:
    result = CliRunner().invoke(main, list(args))
    return result


def _json(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["matrix", *args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_vitamin_d_row_checked_by_hand() -> None:
    found = _json("--rows", "vitamin D")
    assert [r["id"] for r in found["rows"]] == ["mbx:vitamin_d"]  # type: ignore[index]
    cells = {c["column"]: c for c in found["cells"]}  # type: ignore[attr-defined]
    assert set(cells) == set(VITAMIN_D_ROW)
    for column, (direction, strongest, weakest, claims) in VITAMIN_D_ROW.items():
        cell = cells[column]
        assert (cell["direction"], cell["strongest"], cell["weakest"]) == (
            direction,
            strongest,
            weakest,
        ), column
        assert [e["claim"] for e in cell["evidence"]] == claims, column
        assert cell["claims"] == len(claims)
        assert cell["documents"] == 1
    axis = cells["mbx:muscle_brain_axis"]
    assert axis["inherited"] == 2
    assert {e.get("inherited_from") for e in axis["evidence"]} == {None, "mbx:Micronutrient"}
    deficiency = axis["evidence"][0]
    assert deficiency["claim"] == "claim:000-18" and deficiency["stated_for_deficiency"] is True
    assert deficiency["quote"] == "Deficiency may thus disrupt this protective signaling axis."


def test_vitamin_d_row_golden(request: pytest.FixtureRequest) -> None:
    result = CliRunner().invoke(main, ["matrix", "--rows", "vitamin D"])
    assert result.exit_code == 0, result.output
    golden = GOLDEN / "matrix-vitamin-d.txt"
    if request.config.getoption("--update-golden", default=False):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_group_claims_are_inherited_by_members() -> None:
    found = _json("--rows", "B vitamins", "--cols", "mbx:il6_signaling")
    rows = [(r["id"], r["depth"]) for r in found["rows"]]  # type: ignore[attr-defined]
    assert rows == [
        ("mbx:BVitamin", 0),
        ("mbx:vitamin_b6", 1),
        ("mbx:vitamin_b9", 1),
        ("mbx:vitamin_b12", 1),
    ]
    for cell in found["cells"]:  # type: ignore[attr-defined]
        inherited = 0 if cell["row"] == "mbx:BVitamin" else 2
        assert cell["inherited"] == inherited
        assert [e["claim"] for e in cell["evidence"]] == ["claim:000-45", "claim:000-49"]


def test_default_rows_are_the_dietary_bioactives() -> None:
    found = _json()
    rows = [r["id"] for r in found["rows"]]  # type: ignore[attr-defined]
    assert rows == [
        "mbx:creatine",
        "mbx:Micronutrient",
        "mbx:BVitamin",
        "mbx:vitamin_b6",
        "mbx:vitamin_b9",
        "mbx:vitamin_b12",
        "mbx:vitamin_d",
        "mbx:Polyphenol",
        "mbx:curcumin",
        "mbx:Flavonoid",
        "mbx:targeted_nutrition",
    ]
    kinds = [c["kind"] for c in found["columns"]]  # type: ignore[attr-defined]
    assert "role" not in kinds  # antioxidant and the like are what a thing is, not a target
    assert kinds == sorted(kinds, key=kinds.index)  # grouped by kind


def test_a_users_claims_show_up() -> None:
    found = _json("-i", str(MY_CLAIMS), "--rows", "vitamin D,omega-3 fatty acid,vitamin B6")
    cells = {(c["row"], c["column"]): c for c in found["cells"]}  # type: ignore[attr-defined]
    mine = cells[("mbx:vitamin_d", "mbx:cathepsin_b")]
    assert (mine["direction"], mine["strongest"], mine["claims"]) == ("up", "hedged", 1)
    assert mine["evidence"][0]["claim"] == "lab:claim-1"
    assert mine["evidence"][0]["document"] == "lab:notebook"
    omega = cells[("lab:omega3", "mbx:bdnf")]
    assert (omega["direction"], omega["strongest"]) == ("up", "proposed")
    inherited = cells[("mbx:vitamin_b6", "mbx:neuroinflammation")]
    assert inherited["direction"] == "down"
    assert inherited["evidence"][0]["inherited_from"] == "mbx:BVitamin"
    labels = {r["id"]: r["label"] for r in found["rows"]}  # type: ignore[attr-defined]
    assert labels["lab:omega3"] == "omega-3 fatty acid"
    # without the file, none of it is there
    plain = _json("--rows", "vitamin D")
    assert "mbx:cathepsin_b" not in {c["column"] for c in plain["cells"]}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("option", "value", "rows", "columns"),
    [
        ("--rows", "mbx:Vitamin", {"mbx:vitamin_d", "mbx:BVitamin", "mbx:vitamin_b6"}, None),
        ("--rows", "vitamin", {"mbx:vitamin_d", "mbx:vitamin_b12"}, None),
        ("--rows", "polyphenols", {"mbx:Polyphenol", "mbx:curcumin", "mbx:Flavonoid"}, None),
        ("--cols", "myokine", None, {"mbx:bdnf", "mbx:irisin"}),
        ("--cols", "BDNF, mbx:irisin", None, {"mbx:bdnf", "mbx:irisin"}),
    ],
)
def test_rows_and_columns_filters(
    option: str, value: str, rows: set[str] | None, columns: set[str] | None
) -> None:
    found = _json(option, value)
    got_rows = {r["id"] for r in found["rows"]}  # type: ignore[attr-defined]
    got_cols = {c["id"] for c in found["columns"]}  # type: ignore[attr-defined]
    if rows is not None:
        assert rows <= got_rows
        assert "mbx:creatine" not in got_rows
    if columns is not None:
        assert got_cols == columns


def test_text_formats_agree() -> None:
    table = CliRunner().invoke(main, ["matrix"]).stdout
    as_csv = list(csv.reader(io.StringIO(CliRunner().invoke(main, ["matrix", "-f", "csv"]).stdout)))
    as_tsv = CliRunner().invoke(main, ["matrix", "-f", "tsv"]).stdout.splitlines()
    markdown = CliRunner().invoke(main, ["matrix", "-f", "markdown"]).stdout.splitlines()
    cells = len(_json()["cells"])  # type: ignore[arg-type]
    assert len(table.splitlines()) == cells + 2
    assert len(as_csv) == len(as_tsv) == cells + 1
    assert as_csv[0][:4] == ["row", "row_id", "column", "column_id"]
    assert as_csv[0][-1] == "claim_ids"
    assert markdown[1].startswith("|---|") and len(markdown) == cells + 2


def test_output_format_follows_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "m.csv"
    assert CliRunner().invoke(main, ["matrix", "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("row,row_id,column")


def _svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_svg_picture_has_every_label(tmp_path: Path) -> None:
    target = tmp_path / "matrix.svg"
    result = CliRunner().invoke(main, ["matrix", "-o", str(target)])
    assert result.exit_code == 0, result.output
    texts = _svg_texts(target)
    found = _json()
    for term in [*found["rows"], *found["columns"]]:  # type: ignore[misc]
        assert term["label"] in texts
    for legend in ("colour = direction", "shade = strongest evidence", "proposed"):
        assert legend in texts
    assert "Micronutrient Crosstalk Matrix" in texts
    again = tmp_path / "again.svg"
    CliRunner().invoke(main, ["matrix", "-o", str(again)])
    assert again.read_bytes() == target.read_bytes()  # deterministic


def test_png_picture(tmp_path: Path) -> None:
    from PIL import Image

    target = tmp_path / "matrix.png"
    result = CliRunner().invoke(main, ["matrix", "-o", str(target), "--rows", "vitamin D"])
    assert result.exit_code == 0, result.output
    with Image.open(target) as image:
        assert image.format == "PNG"
        width, height = image.size
    assert 1000 < width < 2500 and 600 < height < 2000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--rows", "vitamn d"],
            "Error: --rows: 'vitamn d' is neither a kind (",
        ),
        (["-f", "xml"], "Error: Invalid value for '-f' / '--format': 'xml' is not one of"),
        (["-o", "x.svg", "-f", "csv"], "Error: -f csv is a text format but -o x.svg draws"),
        (["-i", "no-such-file.ttl"], "Error: no-such-file.ttl"),
    ],
)
def test_bad_input_is_one_line_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["matrix", *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_unknown_row_suggests_names() -> None:
    result = CliRunner().invoke(main, ["matrix", "--rows", "vitamn d"])
    assert "did you mean 'vitamin D' (mbx:vitamin_d)" in result.stderr


def test_nothing_to_show_is_exit_1() -> None:
    result = CliRunner().invoke(main, ["matrix", "--rows", "vitamin D", "--cols", "TrkB"])
    assert result.exit_code == 1
    assert result.stderr == "mbx matrix: no claim links these rows and columns\n"
