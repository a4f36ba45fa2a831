"""A part of an xlsx reaches the scans in chunks cut wherever decompression
ends (``zipped._inflate``): the figures must not depend on where. The quick scan
in particular must stay usable across any cut, else every large Excel file
falls back to the exact scan, three times slower."""

from array import array
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from jiedao.core.spreadsheets import LIMITS
from jiedao.core.spreadsheets.fast_cells import FastCellScan
from jiedao.core.spreadsheets.tally import Tally
from jiedao.core.spreadsheets.xml_parts import XmlPartScan
from tests.hostile.spreadsheets import MAIN

# Numbers, shared strings, inline strings and empty cells, as Excel and openpyxl write them.
CELLS = "".join(
    f'<row r="{row}"><c r="A{row}" t="s"><v>{row % 2}</v></c><c r="B{row}" s="1"><v>{row}.5</v></c>'
    f'<c r="C{row}" t="inlineStr"><is><t>张{row}</t></is></c><c r="D{row}" /><c r="E{row}"></c></row>'
    for row in range(1, 41)
)
SHEET = f'<worksheet xmlns="{MAIN}"><sheetData>{CELLS}</sheetData></worksheet>'.encode()
SHARED_SIZES = (5, 7)


def _figures(quick: bool, cuts: list[int]) -> tuple[bool, int, int]:
    """(the quick scan still usable or the part well-formed, cells, text) after feeding SHEET cut at ``cuts``."""
    tally = Tally(LIMITS)
    sizes = array("L", SHARED_SIZES)
    scan: FastCellScan | XmlPartScan
    scan = FastCellScan(tally, sizes) if quick else XmlPartScan(tally, shared_strings=sizes, is_shared_strings=False)
    edges = [0, *sorted(set(cuts)), len(SHEET)]
    for start, end in pairwise(edges):
        scan.feed(SHEET[start:end])
    scan.close()
    sound = scan.usable if isinstance(scan, FastCellScan) else scan.well_formed
    return sound, tally.cells, tally.text_bytes


# 40 rows of three cells that hold something; 20 copies of each shared string. The quick
# scan counts each number as an index too ("40.5" is no plain number: string 0).
QUICK = (True, 40 * 3, 20 * 5 + 20 * 7 + 40 * 5)
EXACT = (True, 40 * 3, 20 * 5 + 20 * 7)


def test_the_scans_count_the_whole_part() -> None:
    assert _figures(True, []) == QUICK
    assert _figures(False, []) == EXACT


def test_a_cut_inside_an_end_tag_keeps_the_quick_scan_usable() -> None:
    # Right after the "<" of every "</v>": the "<" alone looks like a start tag.
    cuts = [at + 1 for at in range(len(SHEET)) if SHEET.startswith(b"</v>", at)]

    assert _figures(True, cuts) == QUICK


@given(cuts=st.lists(st.integers(0, len(SHEET)), max_size=40))
def test_the_figures_do_not_depend_on_where_the_part_is_cut(cuts: list[int]) -> None:
    assert _figures(True, cuts) == QUICK
    assert _figures(False, cuts) == EXACT
