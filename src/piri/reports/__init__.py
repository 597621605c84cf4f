"""The patient report and data exports.

``pdf.render_pdf`` lays out the PDF report (page one from ``summary``, then the charts and the
session log); ``export_csv`` streams a ZIP of one CSV per table; ``export_json`` writes
everything stored about a patient as one JSON document. ``formats`` names the three
downloads (file names, content types) for the web views (``views``) and ``piri report``.
"""
