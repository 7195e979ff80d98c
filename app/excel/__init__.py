"""Excel files (openpyxl): record exports. Pure functions of plain values: no database, no Flask."""
