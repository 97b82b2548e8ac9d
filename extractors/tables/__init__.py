"""Review tables, read in stages, each in one module, each importing only the stages before it:

- `patterns`: the small shared shapes (year, registry id, citation, author and year, row number,
  phase, a dose column's unit, a heading over rows) and where glued text changes kind;
- `headers`: column names to roles (a header wrapped over lines too); `layouts`, `transposed`: text
  laid out as a grid of cells (pipes, one cell per line, studies as columns);
- `segment`: space-separated rows cut against their header's columns;
- `blocks`: text printed column by column, one block of values per column, read into a grid (and an
  HTML row whose cells hold lists, its studies' values); where a wrapped line continues a cell;
- `records`: tables found from their records where no header reads (an opener alone on its line, cells
  wrapped one part a line);
- `columns`: a grid's column roles from its header and its cells;
- `arms`: cells to coded arms; `trial_tables`: a trial's own tables of arms side by side.
"""
