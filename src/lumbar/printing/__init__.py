"""Printed output: cards, sheets of cards, handouts and programme PDFs.

Kept free of imports so the command line can offer the handout layouts without loading the
renderer.
"""

# `lumbar handout --layout`: the compact handout (two or three exercises a page, with a
# tick-box log) and one exercise a page. The first is the default.
HANDOUT_LAYOUTS = ("compact", "one-per-page")
