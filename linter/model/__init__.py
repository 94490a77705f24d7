"""Model: the syntax tree -> what rules read. meta.py (year, place, office from the title),
template_model.py (tables 二/三/四 read into named cells of the template each follows;
table_reading.py reads one table),
templates/ (the 2019 and 2021 templates as data, with their relations), cell_numbers.py and
quantities.py (numbers in cells and in prose), gazetteer/ (administrative divisions),
digest.py (the compact form of a report that rules over a whole run compare), report.py
(the Report a rule checks).
"""
