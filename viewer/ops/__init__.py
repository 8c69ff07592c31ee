"""What a person can do, as plain functions over a Store: the GUI and the CLI both call these.

Each function is one user action (import a document, open the sample pair, ...)
and runs in one write transaction. Nothing here imports Qt.
"""
