"""Imports from spreadsheets (issue 19): a template, a dry run row by row, a confirmation that
writes everything in one transaction through the services, or nothing.

reading.py reads the file (tablib: CSV with `;` or `,`, UTF-8 with or without BOM or
Windows-1252, XLSX) into rows keyed by the template's columns and parses French cells
(dates typed, Excel serials, dd/mm/yyyy); households.py plans and runs the households
import; runs.py keeps the ImportRun (the file between the steps, the log) and the background
task; views.py the pages."""
