"""Review tables, read in stages: records -> cells -> column roles -> arms.

`patterns` holds the small shared shapes (year, registry identifier, citation); `segment` cuts the
rows of a table whose header reads against its columns; `records` finds a table from its rows
where no header reads, and reads each record for the typed values an arm carries.
"""

from extractors.tables.segment import (
    GENERIC_CELL,
    REGISTRY_ID,
    RowGroup,
    TableReader,
    TextTable,
    cell_codes,
    read_continuation,
    split_citation,
)

__all__ = ["GENERIC_CELL", "REGISTRY_ID", "RowGroup", "TableReader", "TextTable", "cell_codes",
           "read_continuation", "split_citation"]
