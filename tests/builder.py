"""The report builder now ships with govlint for plugin authors (govlint.testing.builder);
the tests import it from here as they always did."""
from govlint.testing.builder import *  # noqa: F401,F403
from govlint.testing.builder import DEFAULT_PROSE, table2_values, table3_values, table4_values  # noqa: F401
