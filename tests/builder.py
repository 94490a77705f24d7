"""The report builder now ships with govlint for plugin authors (govlint.testing.builder);
the tests import it from here as they always did."""
from govlint.testing.builder import *  # noqa: F401,F403
from govlint.testing.builder import DEFAULT_PROSE, table2_values, table3_values, table4_values  # noqa: F401


def edit_lines(lines: list[str], action: str, i: int, j: int, replacement: str = "") -> None:
    """One edit of a report's lines, in place, as the generated-report tests make them:
    "delete" line i (never the last line left), "repeat" line j before line i, "swap" lines
    i and j, put a "tab" into line i (after its third character), or "replace" it."""
    if action == "delete":
        if len(lines) > 1:
            del lines[i]
    elif action == "repeat":
        lines.insert(i, lines[j])
    elif action == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif action == "tab":
        lines[i] = lines[i][:3] + "\t" + lines[i][3:]
    elif action == "replace":
        lines[i] = replacement
    else:
        raise ValueError(f"no such line edit: {action}")
